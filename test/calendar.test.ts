import {
  BlackoutSchema,
  CalendarDateSchema,
  planCourse,
  protocols,
  safePlanCourse,
  TimeOfDaySchema,
  TimeZoneSchema,
  YEAR_RANGE,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { localInZone, wallClock } from './support/time.js'

const accepts = (schema: { safeParse(value: unknown): { success: boolean } }, value: unknown) =>
  schema.safeParse(value).success

/** Days in a month by the runtime's own calendar (day 0 of the next month), an oracle independent of the library. */
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()
const pad = (value: number) => String(value).padStart(2, '0')

describe('CalendarDateSchema', () => {
  it('accepts exactly the days each month has, in leap, common and century years', () => {
    for (const year of [1900, 2000, 2024, 2027, 2100]) {
      for (let month = 1; month <= 12; month++) {
        const last = daysIn(year, month)
        expect(accepts(CalendarDateSchema, `${year}-${pad(month)}-${pad(last)}`)).toBe(true)
        expect(accepts(CalendarDateSchema, `${year}-${pad(month)}-${pad(last + 1)}`)).toBe(false)
        expect(accepts(CalendarDateSchema, `${year}-${pad(month)}-00`)).toBe(false)
      }
    }
    expect(accepts(CalendarDateSchema, '2027-00-10')).toBe(false)
    expect(accepts(CalendarDateSchema, '2027-13-10')).toBe(false)
  })

  it('accepts the years of YEAR_RANGE and no other, reporting the range', () => {
    expect(accepts(CalendarDateSchema, `${YEAR_RANGE.min}-01-01`)).toBe(true)
    expect(accepts(CalendarDateSchema, `${YEAR_RANGE.max}-12-31`)).toBe(true)
    expect(accepts(CalendarDateSchema, `${YEAR_RANGE.min - 1}-12-31`)).toBe(false)
    expect(accepts(CalendarDateSchema, `${YEAR_RANGE.max + 1}-01-01`)).toBe(false)
    const result = safePlanCourse(protocols.ipt, { start: '3000-01-01', time: '10:00', timeZone: 'UTC' })
    expect(result.success ? [] : result.issues).toEqual([
      {
        code: 'date-out-of-range',
        message: expect.stringContaining('1900 to 2999'),
        path: ['start'],
        params: { value: '3000-01-01', min: 1900, max: 2999 },
      },
    ])
  })

  it.each(['x2027-03-01', '2027-03-01x', '2027-03-01T00:00', '02027-03-01', '2027/03/01', '2027-3-01', ''])(
    'refuses %j with invalid-date',
    (value) => {
      const result = safePlanCourse(protocols.ipt, { start: value, time: '10:00', timeZone: 'UTC' })
      expect(result.success ? [] : result.issues.map((issue) => [issue.code, issue.path])).toEqual([
        ['invalid-date', ['start']],
      ])
    },
  )

  it('names the date that is not in the calendar', () => {
    const result = safePlanCourse(protocols.ipt, { start: '2027-02-29', time: '10:00', timeZone: 'UTC' })
    expect(result.success ? [] : result.issues).toEqual([
      expect.objectContaining({ code: 'invalid-date', params: { value: '2027-02-29' } }),
    ])
  })
})

describe('TimeOfDaySchema and TimeZoneSchema', () => {
  it.each(['00:00', '09:59', '19:59', '20:00', '23:59'])('accepts %j', (time) => {
    expect(accepts(TimeOfDaySchema, time)).toBe(true)
  })

  it.each(['24:00', '30:00', '12:60', '1:00', '10:5', ' 10:00', '10:00 ', 'a10:00', '10:00a', '1000', 'ab:cd'])(
    'refuses the time %j',
    (time) => {
      const result = safePlanCourse(protocols.ipt, { start: '2027-03-01', time, timeZone: 'UTC' })
      expect(result.success ? [] : result.issues).toEqual([
        expect.objectContaining({ code: 'invalid-time', path: ['time'], params: { value: time } }),
      ])
    },
  )

  it.each(['', '+05:00', '-03:00', 'Mars/Olympus_Mons'])('refuses the zone %j', (timeZone) => {
    const result = safePlanCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone })
    expect(result.success ? [] : result.issues).toEqual([
      expect.objectContaining({ code: 'invalid-time-zone', path: ['timeZone'], params: { value: timeZone } }),
    ])
    // Asked again, the answer is the same.
    expect(accepts(TimeZoneSchema, timeZone)).toBe(false)
  })

  it('accepts a zone the runtime knows, every time it is asked', () => {
    expect(accepts(TimeZoneSchema, 'Asia/Kathmandu')).toBe(true)
    expect(accepts(TimeZoneSchema, 'Asia/Kathmandu')).toBe(true)
  })
})

describe('BlackoutSchema', () => {
  it('accepts a one-day blackout and refuses one that ends before it starts, naming both ends', () => {
    expect(accepts(BlackoutSchema, { from: '2027-12-24', to: '2027-12-24' })).toBe(true)
    const result = safePlanCourse(protocols.ipt, {
      start: '2027-03-01',
      time: '10:00',
      timeZone: 'UTC',
      blackouts: [{ from: '2027-12-25', to: '2027-12-24' }],
    })
    expect(result.success ? [] : result.issues).toEqual([
      expect.objectContaining({
        code: 'invalid-range',
        path: ['blackouts', 0, 'to'],
        params: { from: '2027-12-25', to: '2027-12-24' },
      }),
    ])
  })
})

describe('calendar arithmetic, through planCourse', () => {
  it('counts weeks across month and year ends, and writes every date with two-digit months and days', () => {
    const plan = planCourse(protocols.ipt, { start: '2027-09-27', time: '10:00', timeZone: 'UTC' })
    const dates = plan.contacts.map((contact) => wallClock(contact.start).date)
    const oracle = dates.map((_, index) => new Date(Date.UTC(2027, 8, 27 + 7 * index)).toISOString().slice(0, 10))
    expect(dates).toEqual(oracle)
  })

  it('MAINT-1: monthly dates keep the day of month and clamp to the month end, across years', () => {
    const protocol = protocols['ipt-m']
    const plan = planCourse(protocol, { start: '2099-10-31', time: '10:00', timeZone: 'UTC', months: 24 })
    const dates = plan.contacts.map((contact) => wallClock(contact.start).date)
    const oracle = dates.map((_, index) => {
      const year = 2099 + Math.floor((9 + index) / 12)
      const month = ((9 + index) % 12) + 1
      return `${year}-${pad(month)}-${pad(Math.min(31, daysIn(year, month)))}`
    })
    expect(dates).toEqual(oracle)
    expect(dates.slice(0, 5)).toEqual(['2099-10-31', '2099-11-30', '2099-12-31', '2100-01-31', '2100-02-28'])
  })

  it('writes offsets with their sign, hours and minutes, and the local time the zone shows', () => {
    for (const [timeZone, offset] of [
      ['UTC', '+00:00'],
      ['Asia/Kathmandu', '+05:45'],
      ['America/St_Johns', '-03:30'],
      ['Pacific/Marquesas', '-09:30'],
      ['Pacific/Kiritimati', '+14:00'],
    ] as const) {
      const plan = planCourse(protocols.ipt, { start: '2027-01-04', time: '10:00', timeZone, sessions: 12 })
      const first = plan.contacts[0]?.start ?? ''
      expect(first).toBe(`2027-01-04T10:00:00${offset}`)
      expect(localInZone(first, timeZone)).toEqual(wallClock(first))
    }
  })
})
