import * as z from 'zod/mini'
import { addIssue, type Issue, makeIssue } from '../issues/index.js'
import { daysInMonth, inTimeZone } from './arithmetic.js'

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
export const CalendarDateSchema = /* @__PURE__ */ (() =>
  z.string().check(
    z.superRefine((value, ctx) => {
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
    }),
  ))()

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
export const TimeOfDaySchema = /* @__PURE__ */ (() =>
  z.string().check(
    z.superRefine((value, ctx) => {
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) {
        addIssue(ctx, 'invalid-time', `Expected a time of day as HH:mm (00:00–23:59), got "${value}"`, [], {
          params: { value },
        })
      }
    }),
  ))()

/**
 * An IANA time-zone name such as `'America/New_York'`, checked against the runtime's time-zone database and stored in
 * its canonical letter case: `'europe/berlin'` parses to `'Europe/Berlin'`. Only the case changes: a correctly
 * spelled alias (`'Asia/Kolkata'`, `'US/Eastern'`) is kept, never renamed to the name the runtime links it to.
 *
 * @example
 * ```ts
 * TimeZoneSchema.parse('Australia/Lord_Howe')
 * TimeZoneSchema.parse('europe/berlin') // 'Europe/Berlin'
 * TimeZoneSchema.safeParse('Mars/Olympus').success // false
 * ```
 */
export const TimeZoneSchema = /* @__PURE__ */ (() =>
  z.string().check(
    z.superRefine((value, ctx) => {
      const zone = canonicalZone(value)
      // The context is zod's parse payload (what `z.overwrite` sets): the parsed value becomes the canonical name.
      if (zone !== undefined) ctx.value = zone
      else {
        addIssue(ctx, 'invalid-time-zone', `"${value}" is not an IANA time zone known to this runtime`, [], {
          params: { value },
        })
      }
    }),
  ))()

/**
 * Zone names already checked, with their canonical spelling: building an Intl formatter costs far more than
 * planning a contact.
 */
const knownZones = /* @__PURE__ */ (() => new Map<string, string | undefined>())()

/** The canonical spelling of an IANA zone name, or `undefined` when the runtime knows no such zone. */
function canonicalZone(value: string): string | undefined {
  if (knownZones.has(value)) return knownZones.get(value)
  let zone: string | undefined
  if (value !== '' && !value.startsWith('+') && !value.startsWith('-')) {
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone
      // A runtime gives the name in its canonical case, or resolves an alias to the zone it links to (Node 20:
      // Asia/Kolkata to Asia/Calcutta): then only the case may change, never the name. The user's spelling is kept
      // (the runtime's list of names holds no aliases either), except that the database's names of two or three
      // letters are all upper case (EST, PRC, NZ).
      zone =
        resolved.toLowerCase() === value.toLowerCase()
          ? resolved
          : /^[a-z]{2,3}$/i.test(value)
            ? value.toUpperCase()
            : value
    } catch {}
  }
  if (knownZones.size < 1000) knownZones.set(value, zone)
  return zone
}

/**
 * Advice about a clinic's time zone in `year`: a zone named as an abbreviation or a fixed offset (`EST`, `MST`,
 * `HST`, `Etc/GMT+5`) that has no daylight-saving rules keeps one offset all year, so contacts at 09:30 in June are
 * at 09:30−05:00 even where the clocks went forward. Gives one `fixed-offset-zone` issue with the zone, its offset
 * and a suggestion; nothing for UTC/GMT, for region zones, and for names that are not zones. Plans carry it in
 * their `advisories`.
 *
 * @example
 * ```ts
 * zoneAdvisories('EST', 2027)[0]?.params // { zone: 'EST', offset: '-05:00', suggestion: 'America/New_York' }
 * zoneAdvisories('America/New_York', 2027) // []
 * ```
 */
export function zoneAdvisories(timeZone: string, year: number): Issue[] {
  if (typeof timeZone !== 'string' || !/^([a-z]{3}|etc\/gmt[+-]\d+)$/i.test(timeZone)) return []
  if (!Number.isInteger(year) || year < YEAR_RANGE.min || year > YEAR_RANGE.max || !canonicalZone(timeZone)) return []
  const offsetIn = (month: number) => inTimeZone(Date.UTC(year, month), timeZone).iso.slice(19)
  const offset = offsetIn(0)
  if (offset === '+00:00' || offset !== offsetIn(6)) return []
  return [
    makeIssue(
      'fixed-offset-zone',
      `${timeZone} stays at UTC${offset} all year, with no daylight saving: if the clinic changes its clocks, use its region zone, e.g. America/New_York`,
      { path: ['timeZone'], params: { zone: timeZone, offset, suggestion: 'America/New_York' } },
    ),
  ]
}

/**
 * A calendar-date range, both ends included, on which no contact may be planned (holidays, closures).
 *
 * @example
 * ```ts
 * BlackoutSchema.parse({ from: '2027-12-24', to: '2028-01-01' })
 * ```
 */
export const BlackoutSchema = /* @__PURE__ */ (() =>
  z.strictObject({ from: CalendarDateSchema, to: CalendarDateSchema }).check(
    z.superRefine((range, ctx) => {
      if (range.from > range.to) {
        addIssue(ctx, 'invalid-range', `The blackout ends (${range.to}) before it starts (${range.from})`, ['to'], {
          params: { from: range.from, to: range.to },
        })
      }
    }),
  ))()

/**
 * An inclusive range of calendar dates with no contacts. `from` must not be after `to`.
 *
 * @example
 * ```ts
 * const christmas: Blackout = { from: '2027-12-24', to: '2027-12-26' }
 * ```
 */
export interface Blackout {
  /** The first date with no contacts, `'YYYY-MM-DD'`. */
  from: CalendarDate
  /** The last date with no contacts (inclusive), not before `from`. */
  to: CalendarDate
}

/**
 * An instant: ISO 8601 with an offset or `Z`, e.g. `'2027-03-15T10:00:00-04:00'`, in the library's years
 * (1900–2999 in UTC, {@link YEAR_RANGE}), so that it stays a four-digit year in every time zone.
 *
 * @example
 * ```ts
 * InstantSchema.parse('2027-03-15T10:00:00-04:00')
 * InstantSchema.safeParse('9999-12-31T23:00:00Z').success // false
 * ```
 */
export const InstantSchema = /* @__PURE__ */ (() =>
  z.iso.datetime({ offset: true }).check(
    z.superRefine((value, ctx) => {
      // The local year decides, except at the ends of the range, where the offset may move the instant across.
      const localYear = Number(value.slice(0, 4))
      if (localYear > YEAR_RANGE.min && localYear < YEAR_RANGE.max) return
      const year = new Date(value).getUTCFullYear()
      if (year < YEAR_RANGE.min || year > YEAR_RANGE.max) {
        addIssue(
          ctx,
          'date-out-of-range',
          `The instant must fall in the years ${YEAR_RANGE.min} to ${YEAR_RANGE.max}`,
          [],
          {
            params: { value, ...YEAR_RANGE },
          },
        )
      }
    }),
  ))()

export {
  addToDate,
  type CalendarUnit,
  datesFrom,
  daysFrom,
  inBlackout,
  inTimeZone,
  monthsFrom,
  type ZonedInstant,
  zonedInstants,
} from './arithmetic.js'
