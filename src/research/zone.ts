/**
 * Local calendar dates of instants in a course's zone, for the fidelity report. The offset of a zone is read
 * from `@date-fns/tz` once per UTC half hour and kept in a bounded cache: a report over 100,000 stored courses
 * looks at millions of distinct instants, and an `Intl` lookup for each would cost seconds.
 */
import { tzOffset } from '@date-fns/tz/tzOffset'
import { daysFrom } from '../calendar/arithmetic.js'

const HALF_HOUR = 1_800_000
const MINUTE = 60_000
const LIMIT = 200_000
const offsets = /* @__PURE__ */ (() => new Map<string, Map<number, number>>())()
let cached = 0

function offsetAt(timeZone: string, epochMs: number): number {
  return Math.trunc(tzOffset(timeZone, new Date(epochMs)))
}

/** The offset of `timeZone` at the start of half hour `bucket`, cached. */
function bucketOffset(timeZone: string, bucket: number): number {
  let zone = offsets.get(timeZone)
  if (!zone) {
    if (cached >= LIMIT) {
      offsets.clear()
      cached = 0
    }
    zone = new Map()
    offsets.set(timeZone, zone)
  }
  let offset = zone.get(bucket)
  if (offset === undefined) {
    if (cached >= LIMIT) {
      zone.clear()
      cached = 0
    }
    offset = offsetAt(timeZone, bucket * HALF_HOUR)
    zone.set(bucket, offset)
    cached++
  }
  return offset
}

/** The offset an instant is written with, in minutes (`Z` is 0); `NaN` when it has none that can be read. */
function writtenOffset(iso: string): number {
  if (iso.endsWith('Z')) return 0
  const sign = iso.charCodeAt(iso.length - 6)
  const hours = Number(iso.slice(-5, -3))
  const minutes = Number(iso.slice(-2))
  const size = hours * 60 + minutes
  return sign === 45 ? -size : sign === 43 ? size : Number.NaN
}

/**
 * The local calendar date of an ISO instant: in `timeZone` when given, else on the instant's own wall clock (the
 * date it is written with). Where the zone's offset changes within the half hour, the instant's own offset is read.
 */
export function localDate(iso: string, timeZone: string | undefined): string {
  if (timeZone === undefined) return iso.slice(0, 10)
  const epochMs = Date.parse(iso)
  const bucket = Math.floor(epochMs / HALF_HOUR)
  const start = bucketOffset(timeZone, bucket)
  const offset = start === bucketOffset(timeZone, bucket + 1) ? start : offsetAt(timeZone, epochMs)
  // Most instants are written with the zone's own offset: then the date they are written with is the local one.
  if (offset === writtenOffset(iso)) return iso.slice(0, 10)
  return new Date(epochMs + offset * MINUTE).toISOString().slice(0, 10)
}

/** Calendar days between the local dates of two instants in `timeZone`. */
export function daysBetween(from: string, to: string, timeZone: string | undefined): number {
  return daysFrom(localDate(from, timeZone), localDate(to, timeZone))
}
