/**
 * summarizeFidelity: the fidelity reports of many courses folded into plain counts, overall and by group. A
 * summary is additive: the summary of a set of courses is the merge of the summaries of any split of it, so runs
 * can be sharded and merged exactly (mergeFidelitySummaries).
 */
import * as z from 'zod/mini'
import { InstantSchema } from '../calendar/index.js'
import type { Course } from '../course/schema.js'
import { type Issue, makeIssue, ProtocolError, type SafeResult, safeParseWith, unwrap } from '../issues/index.js'
import { type FidelityOptions, FidelityOptionsSchema, type FidelityReport, reportOf } from './fidelity.js'
import { type IndicatorId, indicatorIds } from './indicators.js'
import { checkCourse } from './validate.js'

/**
 * How many courses met an indicator, did not meet it, could not be decided, or had nothing to check; `shareMet`
 * is `met / (met + notMet)`, the share of the courses that could be decided, or `null` when none could.
 *
 * @example
 * ```ts
 * const tally: IndicatorTally = { met: 8, notMet: 2, unknown: 1, notApplicable: 0, shareMet: 0.8 }
 * ```
 */
export interface IndicatorTally {
  /** Courses that met it. */
  met: number
  /** Courses that did not. */
  notMet: number
  /** Courses whose record could not decide it. */
  unknown: number
  /** Courses it did not apply to. */
  notApplicable: number
  /** `met / (met + notMet)`, or `null` when no course was decided. */
  shareMet: number | null
}

/**
 * A mergeable statistic of whole numbers: how many (`n`), their sum and sum of squares (for the mean and the
 * standard deviation), and the smallest and largest (`null` when `n` is 0).
 *
 * @example
 * ```ts
 * const stat: Stat = { n: 3, sum: 36, sumOfSquares: 440, min: 10, max: 14 }
 * ```
 */
export interface Stat {
  /** How many values. */
  n: number
  /** Their sum. */
  sum: number
  /** The sum of their squares. */
  sumOfSquares: number
  /** The smallest, or `null`. */
  min: number | null
  /** The largest, or `null`. */
  max: number | null
}

/**
 * The summary of one group of courses (or of all): counts of courses, their adherence, how they ended, each
 * indicator's tally, the dose delivered as mergeable statistics, the protocols they ran under and the period
 * their events span.
 *
 * @example
 * ```ts
 * const group: GroupSummary = summarizeFidelity([course]).overall
 * group.courses // 1
 * ```
 */
export interface GroupSummary {
  /** Courses in the group. */
  courses: number
  /** Courses by overall adherence; `withOpenSafetyFlags` counts those with an open flag (never adherent, §8a). */
  adherence: {
    /** Courses that met every indicator that applies, with no open flag. */
    adherent: number
    /** Courses with an indicator not met or an open flag. */
    notAdherent: number
    /** The others. */
    undetermined: number
    /** Courses with an open safety flag. */
    withOpenSafetyFlags: number
  }
  /** Courses by how they ended. */
  endings: {
    /** Completed (a planned ending). */
    completed: number
    /** Discontinued (drop-out, referral, other). */
    discontinued: number
    /** Maintenance courses ended by a recurrence (MAINT-4). */
    recurrence: number
    /** Not ended. */
    ongoing: number
  }
  /** Each indicator's tally, by indicator id. */
  indicators: Record<IndicatorId, IndicatorTally>
  /** The dose delivered: per course, except `intervalDays`, which counts every interval between held sessions. */
  dose: {
    /** Contracted sessions, over courses with a contract or default. */
    contracted: Stat
    /** Sessions held. */
    sessionsHeld: Stat
    /** Sessions missed. */
    sessionsMissed: Stat
    /** Sessions cancelled. */
    sessionsCancelled: Stat
    /** Phone contacts held. */
    phoneContactsHeld: Stat
    /** Calendar days from the first to the last held session, over courses with a session. */
    spanDays: Stat
    /** Calendar days between consecutive held sessions, over all intervals. */
    intervalDays: Stat
  }
  /** Courses by protocol, keyed `id@version`. */
  protocols: Record<string, number>
  /** The first and last event of any course in the group (`null` for none). */
  period: {
    /** The earliest first event. */
    start: string | null
    /** The latest last event. */
    end: string | null
  }
}

/**
 * What {@link summarizeFidelity} returns: plain, additive counts overall and by group (groups in sorted order), so
 * that {@link mergeFidelitySummaries} of the summaries of any split of the courses gives exactly the summary of all.
 *
 * @example
 * ```ts
 * const summary: FidelitySummary = summarizeFidelity(courses, { groupBy: (course) => course.id.split('-')[0] ?? '' })
 * summary.overall.indicators['planned-ending'].shareMet // 0.75
 * ```
 */
export interface FidelitySummary {
  /** The version of this record's shape. */
  schemaVersion: 1
  /** All courses. */
  overall: GroupSummary
  /** By group, as the host's `groupBy` named them (sorted); empty without `groupBy`. */
  groups: Record<string, GroupSummary>
}

const count = /* @__PURE__ */ (() => z.int().check(z.gte(0)))()
const StatSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    n: count,
    sum: z.number(),
    sumOfSquares: z.number().check(z.gte(0)),
    min: z.nullable(z.number()),
    max: z.nullable(z.number()),
  }))()
const TallySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    met: count,
    notMet: count,
    unknown: count,
    notApplicable: count,
    shareMet: z.nullable(z.number().check(z.gte(0)).check(z.lte(1))),
  }))()
const GroupSummarySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    courses: count,
    adherence: z.strictObject({ adherent: count, notAdherent: count, undetermined: count, withOpenSafetyFlags: count }),
    endings: z.strictObject({ completed: count, discontinued: count, recurrence: count, ongoing: count }),
    indicators: z.strictObject(
      Object.fromEntries(indicatorIds.map((id) => [id, TallySchema])) as Record<IndicatorId, typeof TallySchema>,
    ),
    dose: z.strictObject({
      contracted: StatSchema,
      sessionsHeld: StatSchema,
      sessionsMissed: StatSchema,
      sessionsCancelled: StatSchema,
      phoneContactsHeld: StatSchema,
      spanDays: StatSchema,
      intervalDays: StatSchema,
    }),
    protocols: z.record(z.string(), count),
    period: z.strictObject({ start: z.nullable(InstantSchema), end: z.nullable(InstantSchema) }),
  }))()

/**
 * The schema of a {@link FidelitySummary}, as stored or passed between shards.
 *
 * @example
 * ```ts
 * FidelitySummarySchema.parse(JSON.parse(JSON.stringify(summarizeFidelity([course]))))
 * ```
 */
export const FidelitySummarySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    schemaVersion: z.literal(1),
    overall: GroupSummarySchema,
    groups: z.record(z.string().check(z.minLength(1)).check(z.maxLength(200)), GroupSummarySchema),
  }))()

/**
 * Options of {@link summarizeFidelity}: the options of {@link assessFidelity} for every course, and `groupBy`, a
 * function of a (validated) course that names its group (a non-empty string of at most 200 characters), e.g. its
 * therapist or site.
 *
 * @example
 * ```ts
 * const options: SummaryOptions = { groupBy: (course) => course.protocol.id, windowDays: 1 }
 * ```
 */
export interface SummaryOptions extends FidelityOptions {
  /** Names the group of a course, e.g. its therapist or site. */
  groupBy?: ((course: Course) => string) | undefined
}

const emptyStat = (): Stat => ({ n: 0, sum: 0, sumOfSquares: 0, min: null, max: null })

function emptyGroup(): GroupSummary {
  return {
    courses: 0,
    adherence: { adherent: 0, notAdherent: 0, undetermined: 0, withOpenSafetyFlags: 0 },
    endings: { completed: 0, discontinued: 0, recurrence: 0, ongoing: 0 },
    indicators: Object.fromEntries(
      indicatorIds.map((id) => [id, { met: 0, notMet: 0, unknown: 0, notApplicable: 0, shareMet: null }]),
    ) as Record<IndicatorId, IndicatorTally>,
    dose: {
      contracted: emptyStat(),
      sessionsHeld: emptyStat(),
      sessionsMissed: emptyStat(),
      sessionsCancelled: emptyStat(),
      phoneContactsHeld: emptyStat(),
      spanDays: emptyStat(),
      intervalDays: emptyStat(),
    },
    protocols: {},
    period: { start: null, end: null },
  }
}

function addValue(stat: Stat, value: number | null): void {
  if (value === null) return
  stat.n++
  stat.sum += value
  stat.sumOfSquares += value * value
  stat.min = stat.min === null || value < stat.min ? value : stat.min
  stat.max = stat.max === null || value > stat.max ? value : stat.max
}

function mergeStat(into: Stat, from: Stat): void {
  into.n += from.n
  into.sum += from.sum
  into.sumOfSquares += from.sumOfSquares
  if (from.min !== null) into.min = into.min === null || from.min < into.min ? from.min : into.min
  if (from.max !== null) into.max = into.max === null || from.max > into.max ? from.max : into.max
}

const earlier = (a: string | null, b: string | null) =>
  a === null || (b !== null && Date.parse(b) < Date.parse(a)) ? b : a
const later = (a: string | null, b: string | null) =>
  a === null || (b !== null && Date.parse(b) > Date.parse(a)) ? b : a

const tallyKey = { met: 'met', 'not-met': 'notMet', unknown: 'unknown', 'not-applicable': 'notApplicable' } as const

/** Adds one course's report to a group. */
function addReport(group: GroupSummary, report: FidelityReport): void {
  group.courses++
  const { adherence, dose } = report
  if (adherence.status === 'adherent') group.adherence.adherent++
  else if (adherence.status === 'not-adherent') group.adherence.notAdherent++
  else group.adherence.undetermined++
  if (adherence.openSafetyFlags > 0) group.adherence.withOpenSafetyFlags++
  const ending = report.indicators.find((indicator) => indicator.id === 'planned-ending')?.value as
    | { ending: 'completed' | 'discontinued' | 'recurrence' }
    | null
    | undefined
  group.endings[ending ? ending.ending : 'ongoing']++
  for (const indicator of report.indicators) group.indicators[indicator.id][tallyKey[indicator.status]]++
  addValue(group.dose.contracted, dose.contracted)
  addValue(group.dose.sessionsHeld, dose.sessionsHeld)
  addValue(group.dose.sessionsMissed, dose.sessionsMissed)
  addValue(group.dose.sessionsCancelled, dose.sessionsCancelled)
  addValue(group.dose.phoneContactsHeld, dose.phoneContactsHeld)
  addValue(group.dose.spanDays, dose.spanDays)
  for (const days of dose.intervalDays) addValue(group.dose.intervalDays, days)
  const protocol = `${report.protocol.id}@${report.protocol.version}`
  group.protocols[protocol] = (group.protocols[protocol] ?? 0) + 1
  group.period.start = earlier(group.period.start, dose.firstEvent)
  group.period.end = later(group.period.end, dose.lastEvent)
}

function mergeGroup(into: GroupSummary, from: GroupSummary): void {
  into.courses += from.courses
  for (const key of ['adherent', 'notAdherent', 'undetermined', 'withOpenSafetyFlags'] as const) {
    into.adherence[key] += from.adherence[key]
  }
  for (const key of ['completed', 'discontinued', 'recurrence', 'ongoing'] as const)
    into.endings[key] += from.endings[key]
  for (const id of indicatorIds) {
    const tally = into.indicators[id]
    const other = from.indicators[id]
    tally.met += other.met
    tally.notMet += other.notMet
    tally.unknown += other.unknown
    tally.notApplicable += other.notApplicable
  }
  for (const key of Object.keys(into.dose) as (keyof GroupSummary['dose'])[]) mergeStat(into.dose[key], from.dose[key])
  for (const [protocol, courses] of Object.entries(from.protocols)) {
    into.protocols[protocol] = (into.protocols[protocol] ?? 0) + courses
  }
  into.period.start = earlier(into.period.start, from.period.start)
  into.period.end = later(into.period.end, from.period.end)
}

/** A group with its shares computed and its protocols in sorted order. */
function finish(group: GroupSummary): GroupSummary {
  for (const id of indicatorIds) {
    const tally = group.indicators[id]
    const decided = tally.met + tally.notMet
    tally.shareMet = decided ? tally.met / decided : null
  }
  group.protocols = Object.fromEntries(Object.entries(group.protocols).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return group
}

function sorted(groups: Map<string, GroupSummary>): Record<string, GroupSummary> {
  const names = [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const result: Record<string, GroupSummary> = {}
  for (const name of names) {
    Object.defineProperty(result, name, {
      value: finish(groups.get(name) as GroupSummary),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return result
}

const OptionsSchema = /* @__PURE__ */ (() =>
  z.extend(FidelityOptionsSchema, {
    groupBy: z.optional(z.custom<(course: Course) => string>((value) => typeof value === 'function')),
  }))()

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  )
}

/**
 * {@link summarizeFidelity} returning `{ success, data | issues }`: the first invalid course stops it, with its
 * issues under `['courses', index, …]`.
 *
 * @example
 * ```ts
 * safeSummarizeFidelity([{}] as never).success // false
 * ```
 */
export function safeSummarizeFidelity(
  courses: Iterable<Course>,
  options: SummaryOptions = {},
): SafeResult<FidelitySummary> {
  const checkedOptions = safeParseWith(OptionsSchema, options ?? {}, ['options'])
  const issues: Issue[] = checkedOptions.success ? [] : checkedOptions.issues
  if (!isIterable(courses)) {
    issues.unshift(
      makeIssue('not-iterable', 'Expected an iterable of courses (an array, a generator, …)', { path: ['courses'] }),
    )
  }
  if (!checkedOptions.success || issues.length) return { success: false, issues }
  const { groupBy, ...fidelity } = checkedOptions.data
  const overall = emptyGroup()
  const groups = new Map<string, GroupSummary>()
  let index = 0
  for (const input of courses) {
    const checked = checkCourse(input, ['courses', index])
    if (!checked.success) return checked
    const report = reportOf(checked.data, fidelity)
    addReport(overall, report)
    if (groupBy) {
      const name: unknown = groupBy(checked.data)
      if (typeof name !== 'string' || name.length < 1 || name.length > 200) {
        return {
          success: false,
          issues: [
            makeIssue('invalid-group', 'groupBy must name a group with a string of 1 to 200 characters', {
              path: ['courses', index],
              params: { got: typeof name },
            }),
          ],
        }
      }
      let group = groups.get(name)
      if (!group) {
        group = emptyGroup()
        groups.set(name, group)
      }
      addReport(group, report)
    }
    index++
  }
  return { success: true, data: { schemaVersion: 1, overall: finish(overall), groups: sorted(groups) } }
}

/**
 * The fidelity of many courses in one pass: per indicator, how many courses met it, did not, could not be decided
 * or had nothing to check, and the share met among those decided; by group (a function of the course the host
 * gives, e.g. therapist or site) and overall; with the dose delivered as mergeable statistics. Any iterable will
 * do, so stored courses can stream through it: linear time, memory bounded by the number of groups (and
 * protocols). Each course is validated and assessed as {@link assessFidelity} does, with the same options. Throws
 * {@link ProtocolError} (from `ipt-protocol`) at the first invalid course; {@link safeSummarizeFidelity} returns the
 * issues.
 *
 * @example
 * ```ts
 * const summary = summarizeFidelity(storedCourses(), { groupBy: (course) => course.id.split('/')[0] ?? 'all' })
 * summary.groups['site-a']?.indicators['rating-interval'] // { met: 40, notMet: 3, unknown: 2, notApplicable: 0, shareMet: 0.93 }
 * ```
 */
export function summarizeFidelity(courses: Iterable<Course>, options: SummaryOptions = {}): FidelitySummary {
  return unwrap(safeSummarizeFidelity(courses, options))
}

/**
 * Merges summaries of disjoint sets of courses (e.g. shards of a simulation) into the summary of their union:
 * counts and sums add, minima, maxima and periods combine, shares are computed again, groups of the same name
 * merge. Exact: merging the summaries of any split gives the summary of the whole. Throws {@link ProtocolError}
 * (from `ipt-protocol`) when a summary is invalid.
 *
 * @example
 * ```ts
 * mergeFidelitySummaries([summarizeFidelity(shardA), summarizeFidelity(shardB)]).overall.courses // both shards' courses
 * ```
 */
export function mergeFidelitySummaries(summaries: readonly FidelitySummary[]): FidelitySummary {
  const checked = safeParseWith(z.array(FidelitySummarySchema), summaries, ['summaries'])
  if (!checked.success) throw new ProtocolError(checked.issues)
  const overall = emptyGroup()
  const groups = new Map<string, GroupSummary>()
  for (const summary of checked.data) {
    mergeGroup(overall, summary.overall)
    for (const [name, group] of Object.entries(summary.groups)) {
      let into = groups.get(name)
      if (!into) {
        into = emptyGroup()
        groups.set(name, into)
      }
      mergeGroup(into, group)
    }
  }
  return { schemaVersion: 1, overall: finish(overall), groups: sorted(groups) }
}
