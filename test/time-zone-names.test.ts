/**
 * Issue 14: a zone is stored in its canonical IANA spelling (only the letter case changes, an alias is never
 * renamed), and a zone without daylight-saving rules named like an abbreviation or a fixed offset is advised.
 */
import {
  CoursePlanSchema,
  planCourse,
  protocols,
  reschedulePlan,
  safePlanCourse,
  TimeZoneSchema,
  zoneAdvisories,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'

const options = { start: '2027-03-01', time: '09:30' }

describe('TimeZoneSchema stores the canonical spelling', () => {
  it.each([
    ['europe/berlin', 'Europe/Berlin'],
    ['EUROPE/BERLIN', 'Europe/Berlin'],
    ['america/new_york', 'America/New_York'],
    ['america/port-au-prince', 'America/Port-au-Prince'],
    ['etc/gmt+5', 'Etc/GMT+5'],
    ['utc', 'UTC'],
    ['est', 'EST'],
    ['Europe/Berlin', 'Europe/Berlin'],
  ])('%s parses to %s, in the schema and in a plan', (typed, canonical) => {
    expect(TimeZoneSchema.parse(typed)).toBe(canonical)
    const plan = planCourse(protocols.ipt, { ...options, timeZone: typed })
    expect(plan.timeZone).toBe(canonical)
    expect(CoursePlanSchema.parse({ ...plan, timeZone: typed }).timeZone).toBe(canonical)
  })

  it.each(['Asia/Kolkata', 'Asia/Calcutta', 'US/Eastern', 'Etc/UTC', 'Europe/Kiev', 'Europe/Kyiv', 'EST'])(
    'keeps the correctly spelled name %s, alias or not, and never renames it',
    (zone) => {
      expect(TimeZoneSchema.parse(zone)).toBe(zone)
      expect(planCourse(protocols.ipt, { ...options, timeZone: zone }).timeZone).toBe(zone)
    },
  )

  it('plans the same instants for a zone whatever its case', () => {
    const typed = planCourse(protocols.ipt, { ...options, timeZone: 'europe/berlin' })
    const canonical = planCourse(protocols.ipt, { ...options, timeZone: 'Europe/Berlin' })
    expect(typed).toEqual(canonical)
  })

  it('still refuses a name that is no zone', () => {
    expect(TimeZoneSchema.safeParse('europe/berlinn').success).toBe(false)
  })
})

describe('zoneAdvisories and the fixed-offset-zone advisory of a plan', () => {
  it.each([
    ['EST', '-05:00'],
    ['MST', '-07:00'],
    ['HST', '-10:00'],
    ['Etc/GMT+5', '-05:00'],
    ['Etc/GMT-9', '+09:00'],
  ])(
    '%s (no daylight saving, %s) is accepted with one advisory that names the zone, offset and a region zone',
    (zone, offset) => {
      const [advisory, ...rest] = zoneAdvisories(zone, 2027)
      expect(rest).toEqual([])
      expect(advisory).toEqual({
        code: 'fixed-offset-zone',
        message: `${zone} stays at UTC${offset} all year, with no daylight saving: if the clinic changes its clocks, use its region zone, e.g. America/New_York`,
        path: ['timeZone'],
        params: { zone, offset, suggestion: 'America/New_York' },
      })
      const plan = planCourse(protocols.ipt, { ...options, timeZone: zone })
      expect(plan.advisories.filter((issue) => issue.code === 'fixed-offset-zone')).toEqual([advisory])
    },
  )

  it('EST plans 09:30−05:00 in June, as the issue found, and says so', () => {
    const plan = planCourse(protocols.ipt, { start: '2027-06-07', time: '09:30', timeZone: 'EST' })
    expect(plan.contacts[0]?.start).toBe('2027-06-07T09:30:00-05:00')
    expect(plan.advisories.map((issue) => issue.code)).toContain('fixed-offset-zone')
  })

  it.each([
    'UTC',
    'Etc/UTC',
    'GMT',
    'Etc/GMT',
    'Etc/GMT+0',
    'America/New_York',
    'America/Phoenix',
    'Asia/Tokyo',
    'Asia/Kolkata',
    'EST5EDT',
    'CET',
  ])('gives nothing for %s (UTC, a region zone, or a zone with daylight saving)', (zone) => {
    expect(zoneAdvisories(zone, 2027)).toEqual([])
    const plan = planCourse(protocols.ipt, { ...options, timeZone: zone })
    expect(plan.advisories.map((issue) => issue.code)).not.toContain('fixed-offset-zone')
  })

  it('gives nothing for a name that is no zone or a year outside the library range', () => {
    expect(zoneAdvisories('XYZ', 2027)).toEqual([])
    expect(zoneAdvisories('EST', 1800)).toEqual([])
    expect(zoneAdvisories('EST', Number.NaN)).toEqual([])
  })

  it('the advisory is about the zone, not a contact: a plan that fails gives issues, not it', () => {
    const result = safePlanCourse(protocols.ipt, { ...options, timeZone: 'EST', sessions: 99 })
    expect(result.success).toBe(false)
  })

  it('a rescheduled plan keeps the advisory', () => {
    const plan = planCourse(protocols.ipt, { ...options, timeZone: 'EST' })
    const moved = reschedulePlan(plan, { type: 'missed', contactId: 'session-2027-03-08' })
    expect(moved.advisories.map((issue) => issue.code)).toContain('fixed-offset-zone')
  })
})
