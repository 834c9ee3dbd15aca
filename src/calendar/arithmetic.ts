/**
 * Calendar and time-zone arithmetic without zod, so that entry points which only format instants (FHIR) stay
 * small. Calendar dates are counted on UTC midnights; zone offsets come from `@date-fns/tz`.
 */
import { tzOffset } from '@date-fns/tz/tzOffset'
import type { Blackout, CalendarDate } from './index.js'

/** A calendar unit a step can be counted in. */
export type CalendarUnit = 'day' | 'week' | 'month'

const MINUTE = 60_000
const DAY = 1_440 * MINUTE

// Calendar dates are counted on UTC midnights, so the process time zone never enters the arithmetic.

/** The number written by the digits of `text` from `start` to before `end` (read without building substrings). */
function digits(text: string, start: number, end: number): number {
  let value = 0
  for (let index = start; index < end; index++) value = value * 10 + text.charCodeAt(index) - 48
  return value
}

function dateParts(date: CalendarDate): [year: number, monthIndex: number, day: number] {
  return [digits(date, 0, 4), digits(date, 5, 7) - 1, digits(date, 8, 10)]
}

/** Days in a month (`monthIndex` 0–11). */
export function daysInMonth(year: number, monthIndex: number): number {
  if (monthIndex !== 1) return monthIndex === 3 || monthIndex === 5 || monthIndex === 8 || monthIndex === 10 ? 30 : 31
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
}

/** Two digits (a faster `padStart(2, '0')`: planning formats several numbers per contact). */
const pad = (value: number): string => (value < 10 ? `0${value}` : `${value}`)

/** A calendar date from its parts (years 1000–9999, as the library's range needs). */
const formatDate = (year: number, monthIndex: number, day: number): CalendarDate =>
  `${year}-${pad(monthIndex + 1)}-${pad(day)}`

/** The UTC calendar date of a `Date`: `'2027-03-15'`. */
const utcDate = (d: Date): CalendarDate => formatDate(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())

/** The UTC calendar date and wall-clock time of epoch milliseconds: `['2027-03-15', '14:00']`. */
function utcParts(epochMs: number): [date: CalendarDate, time: string] {
  const d = new Date(epochMs)
  return [utcDate(d), `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`]
}

/**
 * Adds `amount` units to a calendar date. Months clamp to the month's end: 31 Jan + 1 month is 28 or 29 Feb
 * (the same convention as date-fns `addMonths`).
 */
export function addToDate(date: CalendarDate, amount: number, unit: CalendarUnit): CalendarDate {
  return datesFrom(date, unit)(amount)
}

/**
 * `addToDate` for one date and unit and many amounts: the date is read once (a series of contacts counts every
 * slot from its anchor).
 */
export function datesFrom(date: CalendarDate, unit: CalendarUnit): (amount: number) => CalendarDate {
  const [year, monthIndex, day] = dateParts(date)
  return (amount) => shiftedDate(year, monthIndex, day, amount, unit)
}

function shiftedDate(year: number, monthIndex: number, day: number, amount: number, unit: CalendarUnit): CalendarDate {
  if (unit !== 'month') return utcDate(new Date(Date.UTC(year, monthIndex, day + amount * (unit === 'week' ? 7 : 1))))
  const months = year * 12 + monthIndex + amount
  const targetYear = Math.floor(months / 12)
  const targetMonth = months - targetYear * 12
  return formatDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)))
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

/**
 * What is known of a zone: its offset at instants (`instants`, keyed by epoch minute), and the offset that a
 * local wall-clock time resolves to (`walls`, keyed by that time read as UTC, in minutes). An `Intl` lookup costs
 * more than planning a contact, and a plan resolves the same wall-clock times as many plans before it.
 */
interface ZoneCache {
  instants: Map<number, number>
  walls: Map<number, number>
}
const zoneCaches = /* @__PURE__ */ (() => new Map<string, ZoneCache>())()
const CACHE_LIMIT = 100_000
let cached = 0

/** The cache of `timeZone`. Callers take it once per plan, so that it is emptied, when full, between plans. */
function cacheOf(timeZone: string): ZoneCache {
  if (cached >= CACHE_LIMIT) {
    zoneCaches.clear()
    cached = 0
  }
  let zone = zoneCaches.get(timeZone)
  if (!zone) {
    zone = { instants: new Map(), walls: new Map() }
    zoneCaches.set(timeZone, zone)
  }
  return zone
}

/** `key` → `value` in a cache map, counted against the limit. */
function remember(map: Map<number, number>, key: number, value: number): void {
  map.set(key, value)
  cached++
}

/**
 * The UTC offset of `timeZone` at an instant, in whole minutes (`-240` for New York in summer), read from the
 * runtime's time-zone data by `@date-fns/tz`'s `tzOffset`, never from the process zone. Historical local mean
 * times with seconds (before about 1920) are cut to the minute, as ISO 8601 offsets are written.
 */
function offsetsIn(timeZone: string, zone = cacheOf(timeZone)): (epochMs: number) => number {
  return (epochMs) => {
    // Keyed in minutes: planned instants are whole minutes, which are small integers that maps look up fastest.
    const key = epochMs / MINUTE
    let offset = zone.instants.get(key)
    if (offset === undefined) {
      offset = Math.trunc(tzOffset(timeZone, new Date(epochMs)))
      remember(zone.instants, key, offset)
    }
    return offset
  }
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

/** A local date and time with its offset in minutes, as an instant in ISO 8601. */
function zoned(localDate: CalendarDate, localTime: string, offset: number): ZonedInstant {
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  const iso = `${localDate}T${localTime}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  return { iso, localDate, localTime }
}

/** An instant (epoch milliseconds) as a wall clock `offset` minutes from UTC shows it. */
function shownAt(epochMs: number, offset: number): ZonedInstant {
  const [localDate, localTime] = utcParts(epochMs + offset * MINUTE)
  return zoned(localDate, localTime, offset)
}

/** An instant (epoch milliseconds) as the wall clock of `timeZone` shows it. */
export function inTimeZone(epochMs: number, timeZone: string): ZonedInstant {
  return shownAt(epochMs, offsetsIn(timeZone)(epochMs))
}

/**
 * The instants at `time` local time in `timeZone`, by date. A wall-clock time that does not exist that day (the
 * hour skipped when clocks go forward) moves forward by the size of the gap; one that occurs twice (clocks go
 * back) is the first occurrence. Offsets a day either side tell whether a change is near, so the result never
 * depends on the process time zone. (`new TZDate(y, m, d, h, min, zone)` resolves these cases through the
 * process zone's `Date` and can land an hour, or half an hour, off: date-fns/tz issues 13 and 40. Only the offsets
 * come from `@date-fns/tz` here.) One function serves a whole plan, so the time and zone are read once.
 *
 * @example
 * ```ts
 * zonedInstants('02:30', 'America/New_York')('2027-03-14').iso // '2027-03-14T03:30:00-04:00'
 * ```
 */
export function zonedInstants(time: string, timeZone: string): (date: CalendarDate) => ZonedInstant {
  const zone = cacheOf(timeZone)
  const offsetAt = offsetsIn(timeZone, zone)
  const hours = digits(time, 0, 2)
  const minutes = digits(time, 3, 5)
  return (date) => {
    const [year, monthIndex, day] = dateParts(date)
    const wall = Date.UTC(year, monthIndex, day, hours, minutes)
    const resolved = zone.walls.get(wall / MINUTE)
    if (resolved !== undefined) return zoned(date, time, resolved)
    const before = offsetAt(wall - DAY)
    const after = offsetAt(wall + DAY)
    let offset = before
    if (before !== after) {
      const beforeHolds = offsetAt(wall - before * MINUTE) === before
      const afterHolds = offsetAt(wall - after * MINUTE) === after
      // Both hold: the time occurs twice, and the larger offset gives the earlier instant. Neither holds: the
      // time falls in the gap, and the offset from before the change moves it forward by the gap.
      if (beforeHolds && afterHolds) offset = Math.max(before, after)
      else if (afterHolds) offset = after
    }
    const instant = wall - offset * MINUTE
    const actual = offsetAt(instant)
    // Where the offset holds at the instant, the wall clock shows the date and time asked for: remember it.
    if (actual !== offset) return shownAt(instant, actual)
    remember(zone.walls, wall / MINUTE, offset)
    return zoned(date, time, offset)
  }
}
