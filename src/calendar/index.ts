import * as z from 'zod/mini'
import { addIssue } from '../issues/index.js'
import { daysInMonth } from './arithmetic.js'

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
 * An IANA time-zone name such as `'America/New_York'`, checked against the runtime's time-zone database.
 *
 * @example
 * ```ts
 * TimeZoneSchema.parse('Australia/Lord_Howe')
 * TimeZoneSchema.safeParse('Mars/Olympus').success // false
 * ```
 */
export const TimeZoneSchema = /* @__PURE__ */ (() =>
  z.string().check(
    z.superRefine((value, ctx) => {
      if (!isTimeZone(value)) {
        addIssue(ctx, 'invalid-time-zone', `"${value}" is not an IANA time zone known to this runtime`, [], {
          params: { value },
        })
      }
    }),
  ))()

/** Zone names already checked: building an Intl formatter costs far more than planning a contact. */
const knownZones = /* @__PURE__ */ (() => new Map<string, boolean>())()

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
