import { tzOffset } from '@date-fns/tz'
import * as z from 'zod'
import { addIssue } from '../issues/index.js'

/**
 * Earliest and latest calendar years the library accepts (a design choice: plausible treatment dates).
 *
 * @example
 * ```ts
 * YEAR_RANGE.max // 2999
 * ```
 */
export const YEAR_RANGE = { min: 1900, max: 2999 } as const

/**
 * A calendar date, `'YYYY-MM-DD'`, that exists (no 30 February) and lies in the years 1900–2999.
 *
 * @example
 * ```ts
 * CalendarDateSchema.parse('2027-03-15') // '2027-03-15'
 * CalendarDateSchema.safeParse('2027-02-30').success // false
 * ```
 */
export const CalendarDateSchema = z.string().superRefine((value, ctx) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!match) return addIssue(ctx, 'invalid-date', `Expected a date as YYYY-MM-DD, got "${value}"`, [])
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (year < YEAR_RANGE.min || year > YEAR_RANGE.max) {
    return addIssue(ctx, 'date-out-of-range', `The year must be ${YEAR_RANGE.min} to ${YEAR_RANGE.max}`, [], {
      params: { value, ...YEAR_RANGE },
    })
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) {
    addIssue(ctx, 'invalid-date', `"${value}" is not a date in the calendar`, [], { params: { value } })
  }
})

/**
 * A calendar date string `'YYYY-MM-DD'`.
 *
 * @example
 * ```ts
 * const start: CalendarDate = '2027-03-01'
 * ```
 */
export type CalendarDate = string

/**
 * A local time of day, `'HH:mm'` on a 24-hour clock.
 *
 * @example
 * ```ts
 * TimeOfDaySchema.parse('09:30') // '09:30'
 * TimeOfDaySchema.safeParse('25:00').success // false
 * ```
 */
export const TimeOfDaySchema = z.string().superRefine((value, ctx) => {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) {
    addIssue(ctx, 'invalid-time', `Expected a time of day as HH:mm (00:00–23:59), got "${value}"`, [], {
      params: { value },
    })
  }
})

/**
 * An IANA time-zone name such as `'America/New_York'`, checked against the runtime's time-zone database.
 *
 * @example
 * ```ts
 * TimeZoneSchema.parse('Australia/Lord_Howe')
 * TimeZoneSchema.safeParse('Mars/Olympus').success // false
 * ```
 */
export const TimeZoneSchema = z.string().superRefine((value, ctx) => {
  if (!isTimeZone(value)) {
    addIssue(ctx, 'invalid-time-zone', `"${value}" is not an IANA time zone known to this runtime`, [], {
      params: { value },
    })
  }
})

/** Zone names already checked: building an Intl formatter costs far more than planning a contact. */
const knownZones = new Map<string, boolean>()

function isTimeZone(value: string): boolean {
  let known = knownZones.get(value)
  if (known === undefined) {
    known = value !== '' && !value.startsWith('+') && !value.startsWith('-') && acceptedByIntl(value)
    if (knownZones.size < 1000) knownZones.set(value, known)
  }
  return known
}

function acceptedByIntl(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/**
 * A calendar-date range, both ends included, on which no contact may be planned (holidays, closures).
 *
 * @example
 * ```ts
 * BlackoutSchema.parse({ from: '2027-12-24', to: '2028-01-01' })
 * ```
 */
export const BlackoutSchema = z
  .strictObject({ from: CalendarDateSchema, to: CalendarDateSchema })
  .superRefine((range, ctx) => {
    if (range.from > range.to) {
      addIssue(ctx, 'invalid-range', `The blackout ends (${range.to}) before it starts (${range.from})`, ['to'], {
        params: { from: range.from, to: range.to },
      })
    }
  })

/**
 * An inclusive range of calendar dates with no contacts. `from` must not be after `to`.
 *
 * @example
 * ```ts
 * const christmas: Blackout = { from: '2027-12-24', to: '2027-12-26' }
 * ```
 */
export type Blackout = z.infer<typeof BlackoutSchema>

/** A calendar unit a step can be counted in. */
export type CalendarUnit = 'day' | 'week' | 'month'

const MINUTE = 60_000
const DAY = 1_440 * MINUTE

// Calendar dates are counted on UTC midnights, so the process time zone never enters the arithmetic.

function dateParts(date: CalendarDate): [year: number, monthIndex: number, day: number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))]
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate()
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0')

/** The UTC calendar date and wall-clock time of epoch milliseconds: `['2027-03-15', '14:00']`. */
function utcParts(epochMs: number): [date: CalendarDate, time: string] {
  const d = new Date(epochMs)
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
  return [date, `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`]
}

/**
 * Adds `amount` units to a calendar date. Months clamp to the month's end: 31 Jan + 1 month is 28 or 29 Feb
 * (the same convention as date-fns `addMonths`).
 */
export function addToDate(date: CalendarDate, amount: number, unit: CalendarUnit): CalendarDate {
  const [year, monthIndex, day] = dateParts(date)
  if (unit !== 'month') return utcParts(Date.UTC(year, monthIndex, day + amount * (unit === 'week' ? 7 : 1)))[0]
  const target = new Date(Date.UTC(year, monthIndex + amount, 1))
  const clamped = Math.min(day, daysInMonth(target.getUTCFullYear(), target.getUTCMonth()))
  return utcParts(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), clamped))[0]
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysFrom(from: CalendarDate, to: CalendarDate): number {
  const [fy, fm, fd] = dateParts(from)
  const [ty, tm, td] = dateParts(to)
  return Math.round((Date.UTC(ty, tm, td) - Date.UTC(fy, fm, fd)) / DAY)
}

/** Whole calendar months from `from` to `to`, counting a month only once its day of month is reached. */
export function monthsFrom(from: CalendarDate, to: CalendarDate): number {
  const [fy, fm] = dateParts(from)
  const [ty, tm] = dateParts(to)
  const months = (ty - fy) * 12 + (tm - fm)
  return addToDate(from, months, 'month') > to ? months - 1 : months
}

/** Whether a date lies in any of the blackouts (both ends included). */
export function inBlackout(date: CalendarDate, blackouts: readonly Blackout[]): boolean {
  return blackouts.some((range) => date >= range.from && date <= range.to)
}

/** Offsets already read, per zone and instant: an `Intl` lookup costs more than planning a contact. */
const offsetCache = new Map<string, Map<number, number>>()
const OFFSET_CACHE_LIMIT = 100_000
let cachedOffsets = 0

/**
 * The UTC offset of `timeZone` at an instant, in whole minutes (`-240` for New York in summer), read from the
 * runtime's time-zone data by `@date-fns/tz`'s `tzOffset`, never from the process zone. Historical local mean
 * times with seconds (before about 1920) are cut to the minute, as ISO 8601 offsets are written.
 */
function offsetAt(timeZone: string, epochMs: number): number {
  let zone = offsetCache.get(timeZone)
  let offset = zone?.get(epochMs)
  if (offset !== undefined) return offset
  offset = Math.trunc(tzOffset(timeZone, new Date(epochMs)))
  if (cachedOffsets >= OFFSET_CACHE_LIMIT) {
    offsetCache.clear()
    cachedOffsets = 0
    zone = undefined
  }
  if (!zone) {
    zone = new Map()
    offsetCache.set(timeZone, zone)
  }
  zone.set(epochMs, offset)
  cachedOffsets++
  return offset
}

/** An instant in `timeZone`: its ISO 8601 form with the zone's offset, and the local date and time it shows. */
export interface ZonedInstant {
  /** ISO 8601 with the zone's offset, e.g. `'2027-03-15T10:00:00-04:00'` (`+00:00`, never `Z`). */
  iso: string
  /** The local date it shows. */
  localDate: CalendarDate
  /** The local time it shows; differs from a requested one only in a daylight-saving gap. */
  localTime: string
}

/** An instant (epoch milliseconds) as the wall clock of `timeZone` shows it. */
export function inTimeZone(epochMs: number, timeZone: string): ZonedInstant {
  const offset = offsetAt(timeZone, epochMs)
  const [localDate, localTime] = utcParts(epochMs + offset * MINUTE)
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  const iso = `${localDate}T${localTime}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  return { iso, localDate, localTime }
}

/**
 * The instant at `time` local time on `date` in `timeZone`. A wall-clock time that does not exist that day (the
 * hour skipped when clocks go forward) moves forward by the size of the gap; one that occurs twice (clocks go
 * back) is the first occurrence. Offsets a day either side tell whether a change is near, so the result never
 * depends on the process time zone.
 *
 * @example
 * ```ts
 * zonedInstant('2027-03-14', '02:30', 'America/New_York').iso // '2027-03-14T03:30:00-04:00'
 * ```
 */
export function zonedInstant(date: CalendarDate, time: string, timeZone: string): ZonedInstant {
  const [year, monthIndex, day] = dateParts(date)
  const wall = Date.UTC(year, monthIndex, day, Number(time.slice(0, 2)), Number(time.slice(3, 5)))
  const before = offsetAt(timeZone, wall - DAY)
  const after = offsetAt(timeZone, wall + DAY)
  let offset = before
  if (before !== after) {
    const beforeHolds = offsetAt(timeZone, wall - before * MINUTE) === before
    const afterHolds = offsetAt(timeZone, wall - after * MINUTE) === after
    // Both hold: the time occurs twice, and the larger offset gives the earlier instant. Neither holds: the time
    // falls in the gap, and the offset from before the change moves it forward by the gap.
    if (beforeHolds && afterHolds) offset = Math.max(before, after)
    else if (afterHolds) offset = after
  }
  return inTimeZone(wall - offset * MINUTE, timeZone)
}
