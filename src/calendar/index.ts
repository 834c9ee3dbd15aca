import { TZDate } from '@date-fns/tz'
import {
  addDays,
  addMonths,
  addWeeks,
  differenceInCalendarDays,
  differenceInCalendarMonths,
  formatISO,
  getDaysInMonth,
  lightFormat,
} from 'date-fns'
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
  if (month < 1 || month > 12 || day < 1 || day > getDaysInMonth(toDay(`${match[1]}-${match[2]}-01`))) {
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

const stepBy = { day: addDays, week: addWeeks, month: addMonths } as const

/** Midnight UTC of a calendar date: the carrier for date-only arithmetic. */
function toDay(date: CalendarDate): TZDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return new TZDate(year, month - 1, day, 'UTC')
}

/**
 * Adds `amount` units to a calendar date with date-fns (months clamp to the month's end: 31 Jan + 1 month is
 * 28 or 29 Feb).
 */
export function addToDate(date: CalendarDate, amount: number, unit: CalendarUnit): CalendarDate {
  return lightFormat(stepBy[unit](toDay(date), amount), 'yyyy-MM-dd')
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysFrom(from: CalendarDate, to: CalendarDate): number {
  return differenceInCalendarDays(toDay(to), toDay(from))
}

/** Whole calendar months from `from` to `to`, counting a month only once its day of month is reached. */
export function monthsFrom(from: CalendarDate, to: CalendarDate): number {
  const months = differenceInCalendarMonths(toDay(to), toDay(from))
  return addToDate(from, months, 'month') > to ? months - 1 : months
}

/** Whether a date lies in any of the blackouts (both ends included). */
export function inBlackout(date: CalendarDate, blackouts: readonly Blackout[]): boolean {
  return blackouts.some((range) => date >= range.from && date <= range.to)
}

/** An instant placed in a time zone, with the local wall-clock time it actually got. */
export interface ZonedInstant {
  /** ISO 8601 with the zone's offset, e.g. `'2027-03-15T10:00:00-04:00'`. */
  iso: string
  /** The local time it shows; differs from the requested one only in a daylight-saving gap. */
  localTime: string
}

/**
 * The instant at `time` local time on `date` in `timeZone`. A wall-clock time that does not exist that day (the
 * hour skipped when clocks go forward) moves forward by the size of the gap, as `@date-fns/tz` resolves it.
 */
export function zonedInstant(date: CalendarDate, time: string, timeZone: string): ZonedInstant {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const [hours, minutes] = time.split(':').map(Number) as [number, number]
  const instant = new TZDate(year, month - 1, day, hours, minutes, 0, timeZone)
  // formatISO writes a zero offset as 'Z'; the library always writes the zone's offset, so '+00:00'.
  return { iso: formatISO(instant).replace(/Z$/, '+00:00'), localTime: lightFormat(instant, 'HH:mm') }
}
