/**
 * compareVariants: two or more protocols over the same simulated patients (common random numbers: patient i draws
 * the same numbers in every arm), summarised in additive tallies that merge exactly across shards, and read as a
 * table (JSON), as Markdown and as an SVG chart, with the differences between arms and their spread over
 * replications.
 */
import * as z from 'zod/mini'
import { daysFrom } from '../calendar/index.js'
import type { Course } from '../course/schema.js'
import { type Issue, makeIssue, ProtocolError, type SafeResult, safeParseWith, unwrap } from '../issues/index.js'
import { counted } from '../issues/words.js'
import type { Protocol } from '../protocol/index.js'
import { el, esc, FONT, num, text } from '../timeline/svg.js'
import { type FidelityOptions, FidelityOptionsSchema } from './fidelity.js'
import { mixKey, STREAMS } from './random.js'
import { prepareSimulation, type SimulationOptions, simulatePatient } from './simulate.js'
import {
  type FidelitySummary,
  FidelitySummarySchema,
  mergeFidelitySummaries,
  safeSummarizeFidelity,
} from './summary.js'

/**
 * Counts of whole-number values, keyed by the value (`{ '16': 812, '12': 40 }`): additive, so that shards merge
 * exactly and medians and quartiles come out the same from any split.
 *
 * @example
 * ```ts
 * const sessions: Histogram = { '12': 3, '16': 9 }
 * ```
 */
export type Histogram = Record<string, number>

/**
 * One arm's additive tallies in one replication: per patient, the contacts planned (the plan's contacts without the
 * replacements of missed and cancelled sessions) and delivered (sessions and phone contacts held), sessions and phone
 * contacts held, minutes of contacts held (therapist time), calendar days from the first planned contact to the last
 * event; how the courses ended; the session count at each drop-out; and the fidelity summary of part 1.
 *
 * @example
 * ```ts
 * const arm: ArmTally = comparison.runs[0]!.arms[0]!
 * arm.patients // 1000
 * ```
 */
export interface ArmTally {
  /** Patients simulated. */
  patients: number
  /** Contacts planned per patient. */
  plannedContacts: Histogram
  /** Contacts delivered (held) per patient. */
  deliveredContacts: Histogram
  /** Sessions held per patient. */
  sessionsHeld: Histogram
  /** Phone contacts held per patient. */
  phoneContactsHeld: Histogram
  /** Minutes of contacts held per patient. */
  therapistMinutes: Histogram
  /** Calendar days from the first planned contact to the course's last event, per patient. */
  daysToEnd: Histogram
  /** Sessions held before each drop-out. */
  dropOutAfter: Histogram
  /** Courses completed. */
  completed: number
  /** Courses discontinued by drop-out. */
  droppedOut: number
  /** Courses ended otherwise (a bound of the simulation). */
  otherEnding: number
  /** Courses with every contracted session held (the full dose). */
  fullDose: number
  /** The fidelity summary of the arm's courses (see `summarizeFidelity`). */
  fidelity: FidelitySummary
}

/**
 * A comparison of protocol variants as {@link compareVariants} returns it: what was run (seed, patient range,
 * replications, arms), the additive tallies of each replication and arm (`runs`, which {@link mergeComparisons}
 * adds up across shards), and the `table` read from them.
 *
 * @example
 * ```ts
 * const comparison: VariantComparison = compareVariants([protocols.ipt, ipt12], { seed: 1, patients: 200, start: '2027-03-01' })
 * comparison.table.arms[1]?.sessionsHeld.median // 12
 * ```
 */
export interface VariantComparison {
  /** The version of this record's shape. */
  schemaVersion: 1
  /** The seed of the first replication; replication r > 0 runs with a seed derived from it and r. */
  seed: number
  /** The patients' indices, `from` included and `to` not. */
  range: {
    /** The first index. */
    from: number
    /** One past the last. */
    to: number
  }
  /** The arms in order: a label and the protocol's id and version. The first is the reference of the differences. */
  arms: {
    /** The arm's label. */
    label: string
    /** The protocol id. */
    protocolId: string
    /** Its version. */
    protocolVersion: string
  }[]
  /** Each replication: its seed and each arm's tallies. */
  runs: {
    /** The replication's seed. */
    seed: number
    /** Each arm's tallies, in arm order. */
    arms: ArmTally[]
  }[]
  /** The table read from the tallies (see {@link ComparisonTable}). */
  table: ComparisonTable
}

/**
 * The median and quartiles of a histogram (nearest rank: the smallest value with at least ⌈q·n⌉ values at or
 * below it), its mean, and how many values; `null` statistics when there are none.
 *
 * @example
 * ```ts
 * const spread: Quartiles = { n: 12, mean: 15, q1: 16, median: 16, q3: 16 }
 * ```
 */
export interface Quartiles {
  /** How many values. */
  n: number
  /** Their mean, or `null`. */
  mean: number | null
  /** The first quartile, or `null`. */
  q1: number | null
  /** The median, or `null`. */
  median: number | null
  /** The third quartile, or `null`. */
  q3: number | null
}

/**
 * One arm's row of the table, pooled over every replication: contacts planned and delivered, sessions and phone
 * contacts held, therapist hours (contacts held), calendar weeks to the end, the shares completed, dropped out and
 * with the full dose, when drop-outs happened (sessions held before), and the fidelity summary.
 *
 * @example
 * ```ts
 * const row: ArmRow = comparison.table.arms[0]!
 * row.dropOut.share // 0.21
 * ```
 */
export interface ArmRow {
  /** The arm's label. */
  label: string
  /** Patients, over every replication. */
  patients: number
  /** Contacts planned per patient. */
  plannedContacts: Quartiles
  /** Contacts delivered per patient. */
  deliveredContacts: Quartiles
  /** Sessions held per patient. */
  sessionsHeld: Quartiles
  /** Phone contacts held per patient. */
  phoneContactsHeld: Quartiles
  /** Therapist hours per patient (contacts held). */
  therapistHours: Quartiles
  /** Therapist hours over all patients. */
  totalTherapistHours: number
  /** Calendar weeks from the first planned contact to the end, per patient. */
  weeksToEnd: Quartiles
  /** The share of courses completed. */
  completedShare: number | null
  /** The share dropped out, and the sessions held before each drop-out. */
  dropOut: {
    /** The share of courses. */
    share: number | null
    /** Sessions held before the drop-out. */
    after: Quartiles
  }
  /** The share of courses with every contracted session held. */
  fullDoseShare: number | null
  /** The fidelity summary of the arm's courses over every replication. */
  fidelity: FidelitySummary
}

/**
 * The difference of one measure between an arm and the reference arm (the first): its mean over the replications and
 * their standard deviation (`null` with one replication), with each replication's difference.
 *
 * @example
 * ```ts
 * const difference: Difference = { mean: -3.4, sd: 0.1, replications: [-3.5, -3.3] }
 * ```
 */
export interface Difference {
  /** The mean difference over the replications. */
  mean: number
  /** The sample standard deviation of the difference over the replications, or `null` with one. */
  sd: number | null
  /** The difference in each replication. */
  replications: number[]
}

/**
 * The table of a comparison: a row per arm, and per arm after the first its differences from the first in the mean
 * sessions held, contacts delivered, therapist hours and weeks to the end, and in the shares dropped out and with
 * the full dose.
 *
 * @example
 * ```ts
 * comparison.table.differences[0]?.sessionsHeld.mean // -3.4 (12 vs 16 sessions)
 * ```
 */
export interface ComparisonTable {
  /** One row per arm. */
  arms: ArmRow[]
  /** One entry per arm after the first: its differences from the first. */
  differences: {
    /** The arm's label. */
    label: string
    /** The reference arm's label. */
    reference: string
    /** Mean sessions held. */
    sessionsHeld: Difference
    /** Mean contacts delivered. */
    deliveredContacts: Difference
    /** Mean therapist hours. */
    therapistHours: Difference
    /** Mean weeks to the end. */
    weeksToEnd: Difference
    /** The share dropped out. */
    dropOutShare: Difference
    /** The share with the full dose. */
    fullDoseShare: Difference
  }[]
}

/**
 * Options of {@link compareVariants}: the options of {@link simulateCohort} for every arm, the number of
 * `replications` (1–100, default 1; replication r > 0 runs with a seed derived from `seed` and r), `labels` for the
 * arms (default each protocol's id), and `fidelity`, the options of `assessFidelity`.
 *
 * @example
 * ```ts
 * const options: ComparisonOptions = { seed: 7, patients: 500, start: { from: '2027-01-04', to: '2027-12-27' }, replications: 5 }
 * ```
 */
export interface ComparisonOptions extends SimulationOptions {
  /** How many replications, 1–100; default 1. */
  replications?: number | undefined
  /** The arms' labels, one per protocol, 1–40 characters each; default the protocols' ids. */
  labels?: string[] | undefined
  /** The options of `assessFidelity` for the fidelity summaries. */
  fidelity?: FidelityOptions | undefined
}

const ExtraSchema = /* @__PURE__ */ (() =>
  z.object({
    replications: z.optional(z.int().check(z.gte(1)).check(z.lte(100))),
    labels: z.optional(z.array(z.string().check(z.minLength(1)).check(z.maxLength(40))).check(z.maxLength(10))),
    fidelity: z.optional(FidelityOptionsSchema),
  }))()

/** The most courses one call simulates (a design bound on work per call; shards merge exactly). */
const MAX_COURSES = 10_000_000

/** The seed of replication `r`: the seed itself for the first, a 53-bit mix of seed and r for the others. */
export function replicationSeed(seed: number, r: number): number {
  if (r === 0) return seed
  const high = (mixKey(seed, r, STREAMS.replication) >>> 0) & 0x1f_ffff
  return high * 0x1_0000_0000 + (mixKey(seed, r, STREAMS.replication + 1) >>> 0)
}

function add(histogram: Histogram, value: number): void {
  const key = String(value)
  histogram[key] = (histogram[key] ?? 0) + 1
}

/** Histograms with their keys in numeric order (JSON objects keep integer keys in ascending order anyway). */
function sortedHistogram(histogram: Histogram): Histogram {
  const result: Histogram = {}
  for (const key of Object.keys(histogram).sort((a, b) => Number(a) - Number(b))) result[key] = histogram[key] as number
  return result
}

function emptyTally(): Omit<ArmTally, 'fidelity'> {
  return {
    patients: 0,
    plannedContacts: {},
    deliveredContacts: {},
    sessionsHeld: {},
    phoneContactsHeld: {},
    therapistMinutes: {},
    daysToEnd: {},
    dropOutAfter: {},
    completed: 0,
    droppedOut: 0,
    otherEnding: 0,
    fullDose: 0,
  }
}

/** Adds one simulated course to an arm's tallies. */
function tallyCourse(tally: Omit<ArmTally, 'fidelity'>, course: Course): void {
  const plan = course.plan
  const contacts = plan?.contacts ?? []
  const { sessionsHeld, sessionsMissed, sessionsCancelled, phoneContactsHeld } = course.counts
  tally.patients++
  add(tally.plannedContacts, contacts.length - sessionsMissed - sessionsCancelled)
  add(tally.deliveredContacts, sessionsHeld + phoneContactsHeld)
  add(tally.sessionsHeld, sessionsHeld)
  add(tally.phoneContactsHeld, phoneContactsHeld)
  let minutes = 0
  for (const contact of contacts) if (contact.status === 'held') minutes += contact.durationMinutes
  add(tally.therapistMinutes, minutes)
  const first = contacts[0]?.start.slice(0, 10)
  const last = course.events.at(-1)?.at.slice(0, 10)
  add(tally.daysToEnd, first && last ? Math.max(0, daysFrom(first, last)) : 0)
  const ending = course.events.at(-1)
  if (course.phase === 'completed') tally.completed++
  else if (ending?.type === 'course-discontinued' && ending.reason === 'drop-out') {
    tally.droppedOut++
    add(tally.dropOutAfter, sessionsHeld)
  } else tally.otherEnding++
  if (plan && sessionsHeld >= plan.sessions) tally.fullDose++
}

function quartiles(histogram: Histogram, scale = 1): Quartiles {
  const entries = Object.entries(histogram)
    .map(([key, count]) => [Number(key), count] as const)
    .sort((a, b) => a[0] - b[0])
  const n = entries.reduce((sum, [, count]) => sum + count, 0)
  if (!n) return { n: 0, mean: null, q1: null, median: null, q3: null }
  const at = (q: number) => {
    const rank = Math.max(1, Math.ceil(q * n))
    let seen = 0
    for (const [value, count] of entries) {
      seen += count
      if (seen >= rank) return round(value * scale)
    }
    return round((entries.at(-1)?.[0] ?? 0) * scale)
  }
  const sum = entries.reduce((total, [value, count]) => total + value * count, 0)
  return { n, mean: round((sum / n) * scale), q1: at(0.25), median: at(0.5), q3: at(0.75) }
}

/** Four significant decimals: tables that read the same on every engine. */
const round = (value: number) => Math.round(value * 10_000) / 10_000
const share = (count: number, of: number) => (of ? round(count / of) : null)

function mergeHistogram(into: Histogram, from: Histogram): void {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count
}

function mergeTallies(tallies: readonly ArmTally[]): ArmTally {
  const merged = emptyTally()
  for (const tally of tallies) {
    merged.patients += tally.patients
    for (const key of [
      'plannedContacts',
      'deliveredContacts',
      'sessionsHeld',
      'phoneContactsHeld',
      'therapistMinutes',
      'daysToEnd',
      'dropOutAfter',
    ] as const) {
      mergeHistogram(merged[key], tally[key])
    }
    merged.completed += tally.completed
    merged.droppedOut += tally.droppedOut
    merged.otherEnding += tally.otherEnding
    merged.fullDose += tally.fullDose
  }
  return finishTally(merged, mergeFidelitySummaries(tallies.map((tally) => tally.fidelity)))
}

function finishTally(tally: Omit<ArmTally, 'fidelity'>, fidelity: FidelitySummary): ArmTally {
  return {
    ...tally,
    plannedContacts: sortedHistogram(tally.plannedContacts),
    deliveredContacts: sortedHistogram(tally.deliveredContacts),
    sessionsHeld: sortedHistogram(tally.sessionsHeld),
    phoneContactsHeld: sortedHistogram(tally.phoneContactsHeld),
    therapistMinutes: sortedHistogram(tally.therapistMinutes),
    daysToEnd: sortedHistogram(tally.daysToEnd),
    dropOutAfter: sortedHistogram(tally.dropOutAfter),
    fidelity,
  }
}

function row(label: string, tally: ArmTally): ArmRow {
  const minutes = Object.entries(tally.therapistMinutes).reduce((sum, [key, count]) => sum + Number(key) * count, 0)
  return {
    label,
    patients: tally.patients,
    plannedContacts: quartiles(tally.plannedContacts),
    deliveredContacts: quartiles(tally.deliveredContacts),
    sessionsHeld: quartiles(tally.sessionsHeld),
    phoneContactsHeld: quartiles(tally.phoneContactsHeld),
    therapistHours: quartiles(tally.therapistMinutes, 1 / 60),
    totalTherapistHours: round(minutes / 60),
    weeksToEnd: quartiles(tally.daysToEnd, 1 / 7),
    completedShare: share(tally.completed, tally.patients),
    dropOut: { share: share(tally.droppedOut, tally.patients), after: quartiles(tally.dropOutAfter) },
    fullDoseShare: share(tally.fullDose, tally.patients),
    fidelity: tally.fidelity,
  }
}

function difference(values: number[]): Difference {
  const n = values.length
  const mean = values.reduce((sum, value) => sum + value, 0) / n
  const sd = n > 1 ? Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1)) : null
  return { mean: round(mean), sd: sd === null ? null : round(sd), replications: values.map(round) }
}

/** The table read from the tallies. */
function tableOf(arms: VariantComparison['arms'], runs: VariantComparison['runs']): ComparisonTable {
  const pooled = arms.map((arm, index) => row(arm.label, mergeTallies(runs.map((run) => run.arms[index] as ArmTally))))
  const means = (tally: ArmTally) => {
    const r = row('', tally)
    return {
      sessionsHeld: r.sessionsHeld.mean ?? 0,
      deliveredContacts: r.deliveredContacts.mean ?? 0,
      therapistHours: r.therapistHours.mean ?? 0,
      weeksToEnd: r.weeksToEnd.mean ?? 0,
      dropOutShare: r.dropOut.share ?? 0,
      fullDoseShare: r.fullDoseShare ?? 0,
    }
  }
  const perRun = runs.map((run) => run.arms.map(means))
  const differences = arms.slice(1).map((arm, offset) => {
    const index = offset + 1
    const of = (key: keyof ReturnType<typeof means>) =>
      difference(perRun.map((run) => (run[index]?.[key] ?? 0) - (run[0]?.[key] ?? 0)))
    return {
      label: arm.label,
      reference: arms[0]?.label ?? '',
      sessionsHeld: of('sessionsHeld'),
      deliveredContacts: of('deliveredContacts'),
      therapistHours: of('therapistHours'),
      weeksToEnd: of('weeksToEnd'),
      dropOutShare: of('dropOutShare'),
      fullDoseShare: of('fullDoseShare'),
    }
  })
  return { arms: pooled, differences }
}

function labelsOf(protocols: readonly Protocol[], labels: readonly string[] | undefined): string[] {
  const base = labels ?? protocols.map((protocol) => protocol.id)
  return base.map((label, index) => (base.indexOf(label) === index ? label : `${label} (${index + 1})`))
}

/**
 * {@link compareVariants} returning `{ success, data | issues }` instead of throwing.
 *
 * @example
 * ```ts
 * safeCompareVariants([protocols.ipt], { seed: 1, patients: 10, start: '2027-03-01' }).success // false: 2 arms or more
 * ```
 */
export function safeCompareVariants(
  protocols: readonly Protocol[],
  options: ComparisonOptions,
): SafeResult<VariantComparison> {
  const issues: Issue[] = []
  if (!Array.isArray(protocols) || protocols.length < 2 || protocols.length > 10) {
    issues.push(
      makeIssue('arms-count', 'Compare 2 to 10 protocols', {
        path: ['protocols'],
        params: { got: Array.isArray(protocols) ? protocols.length : typeof protocols },
      }),
    )
  }
  const { replications, labels, fidelity, ...simulation } = (options ?? {}) as ComparisonOptions
  const extra = safeParseWith(ExtraSchema, { replications, labels, fidelity }, ['options'])
  if (!extra.success) issues.push(...extra.issues)
  if (extra.success && labels && Array.isArray(protocols) && labels.length !== protocols.length) {
    issues.push(
      makeIssue('labels-count', `Give one label per protocol: ${protocols.length}, got ${labels.length}`, {
        path: ['options', 'labels'],
      }),
    )
  }
  if (issues.length) return { success: false, issues }
  const count = replications ?? 1
  const prepared = protocols.map((protocol, index) => {
    const result = prepareSimulation(protocol, simulation)
    return result.success
      ? result
      : {
          success: false as const,
          issues: result.issues.map((issue) =>
            issue.path?.[0] === 'protocol' ? { ...issue, path: ['protocols', index, ...issue.path.slice(1)] } : issue,
          ),
        }
  })
  const failed = prepared.flatMap((result) => (result.success ? [] : result.issues))
  if (failed.length) {
    // The same option refused for every arm is reported once.
    const seen = new Set<string>()
    return {
      success: false,
      issues: failed.filter((issue) => {
        const key = JSON.stringify([issue.code, issue.path])
        if (seen.has(key)) return false
        seen.add(key)
        return true
      }),
    }
  }
  const simulations = prepared
    .map((result) => (result.success ? result.data : undefined))
    .filter((s) => s !== undefined)
  const first = simulations[0]
  if (!first) return { success: false, issues: [] }
  const work = (first.to - first.from) * count * simulations.length
  if (work > MAX_COURSES) {
    return {
      success: false,
      issues: [
        makeIssue(
          'too-many-courses',
          `${work} courses (patients × replications × arms) in one call; at most ${MAX_COURSES}: split the run into shards (options.range) and merge them with mergeComparisons`,
          { path: ['options', 'patients'], params: { courses: work, max: MAX_COURSES } },
        ),
      ],
    }
  }
  const arms = labelsOf(protocols, labels).map((label, index) => ({
    label,
    protocolId: simulations[index]?.protocol.id ?? '',
    protocolVersion: simulations[index]?.protocol.version ?? '',
  }))
  const runs: VariantComparison['runs'] = []
  for (let r = 0; r < count; r++) {
    const seed = replicationSeed(first.seed, r)
    const tallies = simulations.map((base) => {
      const armSimulation = { ...base, seed }
      const tally = emptyTally()
      function* courses(): Generator<Course> {
        for (let index = armSimulation.from; index < armSimulation.to; index++) {
          const course = simulatePatient(armSimulation, index)
          tallyCourse(tally, course)
          yield course
        }
      }
      const summary = unwrap(safeSummarizeFidelity(courses(), fidelity ?? {}))
      return finishTally(tally, summary)
    })
    runs.push({ seed, arms: tallies })
  }
  return {
    success: true,
    data: {
      schemaVersion: 1,
      seed: first.seed,
      range: { from: first.from, to: first.to },
      arms,
      runs,
      table: tableOf(arms, runs),
    },
  }
}

/**
 * Compares two or more protocol variants over the same simulated patients: each arm simulates the same patient
 * indices with the same seed, so patient i draws the same numbers in every arm (common random numbers), and the
 * differences between arms come from the protocols, not from chance. Returns additive tallies per replication and
 * arm (contacts planned and delivered, sessions and phone contacts held, therapist minutes, calendar days to the
 * end, endings, drop-out timing, the full dose, and the fidelity summary of part 1) and the table read from them:
 * medians and quartiles, shares, and each arm's differences from the first, with their mean and standard deviation
 * over `replications`. At most 10,000,000 courses (patients × replications × arms) per call: a shard (an index
 * `range`) gives tallies that {@link mergeComparisons} adds up exactly. Read it
 * as Markdown with {@link comparisonToMarkdown} and as a picture with {@link renderComparisonChart}. Throws
 * {@link ProtocolError} (from `ipt-protocol`) for invalid protocols or options.
 *
 * @example
 * ```ts
 * const ipt12 = defineProtocol({ extends: 'ipt', id: 'ipt-12', name: 'IPT, 12 sessions', version: '1', schedule: { sessions: { min: 12, default: 12, max: 12 } } })
 * const comparison = compareVariants([protocols.ipt, ipt12], { seed: 1, patients: 500, start: { from: '2027-01-04', to: '2027-12-27' } })
 * comparison.table.differences[0]?.sessionsHeld.mean // about -3.5
 * ```
 */
export function compareVariants(protocols: readonly Protocol[], options: ComparisonOptions): VariantComparison {
  return unwrap(safeCompareVariants(protocols, options))
}

const HistogramSchema = /* @__PURE__ */ (() =>
  z.record(z.string().check(z.regex(/^(0|[1-9]\d{0,15})$/)), z.int().check(z.gte(0))))()
const count = /* @__PURE__ */ (() => z.int().check(z.gte(0)))()
const TallySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    patients: count,
    plannedContacts: HistogramSchema,
    deliveredContacts: HistogramSchema,
    sessionsHeld: HistogramSchema,
    phoneContactsHeld: HistogramSchema,
    therapistMinutes: HistogramSchema,
    daysToEnd: HistogramSchema,
    dropOutAfter: HistogramSchema,
    completed: count,
    droppedOut: count,
    otherEnding: count,
    fullDose: count,
    fidelity: FidelitySummarySchema,
  }))()
const ComparisonSchema = /* @__PURE__ */ (() =>
  z.object({
    schemaVersion: z.literal(1),
    seed: z.int().check(z.gte(0)),
    range: z.strictObject({ from: count, to: count }),
    arms: z
      .array(z.strictObject({ label: z.string(), protocolId: z.string(), protocolVersion: z.string() }))
      .check(z.minLength(2))
      .check(z.maxLength(10)),
    runs: z
      .array(z.strictObject({ seed: z.int().check(z.gte(0)), arms: z.array(TallySchema) }))
      .check(z.minLength(1))
      .check(z.maxLength(100)),
  }))()

/**
 * Merges the comparisons of shards of one run (the same seed, arms and replications; index ranges that join
 * without overlap, in any order) into the comparison of the whole run: tallies add, histograms add (so medians and
 * quartiles are exact), fidelity summaries merge, and the table is read again. Merging the 4 shards of a run gives
 * exactly the comparison of the run made at once. Throws {@link ProtocolError} (from `ipt-protocol`) for invalid
 * or mismatched comparisons.
 *
 * @example
 * ```ts
 * const whole = mergeComparisons([shardA, shardB]) // shardA: range 0–500, shardB: 500–1000
 * whole.range // { from: 0, to: 1000 }
 * ```
 */
export function mergeComparisons(comparisons: readonly VariantComparison[]): VariantComparison {
  const checked = safeParseWith(z.array(ComparisonSchema).check(z.minLength(1)), comparisons, ['comparisons'])
  if (!checked.success) throw new ProtocolError(checked.issues)
  const list = checked.data as unknown as VariantComparison[]
  const [head] = list
  if (!head) throw new ProtocolError([])
  const mismatch = list.findIndex(
    (comparison) =>
      comparison.seed !== head.seed ||
      JSON.stringify(comparison.arms) !== JSON.stringify(head.arms) ||
      comparison.runs.length !== head.runs.length ||
      comparison.runs.some((run, r) => run.seed !== head.runs[r]?.seed || run.arms.length !== head.arms.length),
  )
  if (mismatch >= 0) {
    throw new ProtocolError([
      makeIssue('comparison-mismatch', 'The comparisons are not shards of one run: seed, arms or replications differ', {
        path: ['comparisons', mismatch],
      }),
    ])
  }
  const ranges = list.map((comparison) => comparison.range).sort((a, b) => a.from - b.from)
  for (let index = 1; index < ranges.length; index++) {
    if (ranges[index]?.from !== ranges[index - 1]?.to) {
      throw new ProtocolError([
        makeIssue('ranges-not-adjoining', 'The shards’ index ranges must join without gap or overlap', {
          path: ['comparisons'],
          params: { ranges },
        }),
      ])
    }
  }
  const runs = head.runs.map((run, r) => ({
    seed: run.seed,
    arms: head.arms.map((_, a) => mergeTallies(list.map((comparison) => comparison.runs[r]?.arms[a] as ArmTally))),
  }))
  const range = { from: ranges[0]?.from ?? 0, to: ranges.at(-1)?.to ?? 0 }
  return { schemaVersion: 1, seed: head.seed, range, arms: head.arms, runs, table: tableOf(head.arms, runs) }
}

/** A comparison checked, with its table read again from its tallies (a stored table is never trusted). */
function read(comparison: VariantComparison): VariantComparison {
  const checked = safeParseWith(ComparisonSchema, comparison, ['comparison'])
  if (!checked.success) throw new ProtocolError(checked.issues)
  const data = checked.data as unknown as VariantComparison
  if (data.runs.some((run) => run.arms.length !== data.arms.length)) {
    throw new ProtocolError([
      makeIssue('arms-mismatch', 'Every replication has one tally per arm', { path: ['comparison', 'runs'] }),
    ])
  }
  return { ...data, table: tableOf(data.arms, data.runs) }
}

/**
 * Options of {@link renderComparisonChart}: its `title` (up to 200 characters; default `'Protocol variants
 * compared'`).
 *
 * @example
 * ```ts
 * const options: ComparisonChartOptions = { title: 'IPT: 12 or 16 sessions' }
 * ```
 */
export interface ComparisonChartOptions {
  /** The chart's title. */
  title?: string | undefined
}

const ChartOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({ title: z.optional(z.string().check(z.maxLength(200))) }))()

const fixed = (value: number | null, digits = 1) => (value === null ? '—' : value.toFixed(digits))
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`)
const spread = (q: Quartiles, digits = 0) =>
  q.median === null ? '—' : `${fixed(q.median, digits)} (${fixed(q.q1, digits)}–${fixed(q.q3, digits)})`
const signed = (value: number, digits: number) =>
  `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(digits)}`
const cell = (value: string) => value.replaceAll('|', '\\|').replace(/[\r\n]+/g, ' ')

/** The arm's courses with an open safety flag, in red under its label, when there are any (ipt-reference §8a). */
function openFlagsLabel(arm: ArmRow, y: number): string[] {
  const open = arm.fidelity.overall.adherence.withOpenSafetyFlags
  if (!open) return []
  const label = `${counted(open, 'course')} with an open safety flag`
  return [text(20, y + 37, label, { 'font-size': 10, 'font-weight': 600, fill: '#B91C1C', class: 'safety' })]
}

/**
 * A comparison as Markdown: a table with a column per arm (median and quartiles, shares, therapist hours, the share
 * of courses adherent to every fidelity indicator) and a table of each arm's differences from the first, with their
 * standard deviation over the replications.
 *
 * @example
 * ```ts
 * comparisonToMarkdown(comparison) // '| | ipt | ipt-12 |\n| --- | --- | --- |\n| Patients | 500 | 500 |…'
 * ```
 */
export function comparisonToMarkdown(comparison: VariantComparison): string {
  const { arms, differences } = read(comparison).table
  const line = (label: string, values: string[]) => `| ${[label, ...values].map(cell).join(' | ')} |`
  const adherent = (arm: ArmRow) =>
    percent(arm.patients ? arm.fidelity.overall.adherence.adherent / arm.fidelity.overall.courses : null)
  const lines = [
    line(
      '',
      arms.map((arm) => arm.label),
    ),
    `| ${['---', ...arms.map(() => '---')].join(' | ')} |`,
    line(
      'Patients',
      arms.map((arm) => String(arm.patients)),
    ),
    line(
      'Contacts planned, median (IQR)',
      arms.map((arm) => spread(arm.plannedContacts)),
    ),
    line(
      'Contacts delivered, median (IQR)',
      arms.map((arm) => spread(arm.deliveredContacts)),
    ),
    line(
      'Sessions held, mean',
      arms.map((arm) => fixed(arm.sessionsHeld.mean, 2)),
    ),
    line(
      'Phone contacts held, mean',
      arms.map((arm) => fixed(arm.phoneContactsHeld.mean, 2)),
    ),
    line(
      'Therapist hours per patient, median (IQR)',
      arms.map((arm) => spread(arm.therapistHours, 1)),
    ),
    line(
      'Therapist hours in all',
      arms.map((arm) => fixed(arm.totalTherapistHours, 0)),
    ),
    line(
      'Calendar weeks to the end, median (IQR)',
      arms.map((arm) => spread(arm.weeksToEnd, 1)),
    ),
    line(
      'Completed',
      arms.map((arm) => percent(arm.completedShare)),
    ),
    line(
      'Dropped out',
      arms.map((arm) => percent(arm.dropOut.share)),
    ),
    line(
      'Sessions held before drop-out, median (IQR)',
      arms.map((arm) => spread(arm.dropOut.after)),
    ),
    line(
      'Full dose (every contracted session held)',
      arms.map((arm) => percent(arm.fullDoseShare)),
    ),
    line('Adherent to every fidelity indicator', arms.map(adherent)),
    // Never hidden by a summary (ipt-reference §8a): a researcher's outcome model may raise suicide-item flags.
    line(
      'Courses with an open safety flag',
      arms.map((arm) => String(arm.fidelity.overall.adherence.withOpenSafetyFlags)),
    ),
  ]
  if (differences.length) {
    const runs = comparison.runs.length
    lines.push(
      '',
      `Differences from ${cell(differences[0]?.reference ?? '')}: mean over ${runs} replication${runs === 1 ? '' : 's'}${runs > 1 ? ' (SD)' : ''}`,
      '',
      line(
        '',
        differences.map((d) => d.label),
      ),
      `| ${['---', ...differences.map(() => '---')].join(' | ')} |`,
    )
    const show = (d: Difference, digits: number, scale = 1) =>
      `${signed(d.mean * scale, digits)}${d.sd === null ? '' : ` (${(d.sd * scale).toFixed(digits)})`}`
    lines.push(
      line(
        'Sessions held',
        differences.map((d) => show(d.sessionsHeld, 2)),
      ),
      line(
        'Contacts delivered',
        differences.map((d) => show(d.deliveredContacts, 2)),
      ),
      line(
        'Therapist hours per patient',
        differences.map((d) => show(d.therapistHours, 2)),
      ),
      line(
        'Weeks to the end',
        differences.map((d) => show(d.weeksToEnd, 2)),
      ),
      line(
        'Dropped out, points',
        differences.map((d) => show(d.dropOutShare, 1, 100)),
      ),
      line(
        'Full dose, points',
        differences.map((d) => show(d.fullDoseShare, 1, 100)),
      ),
    )
  }
  return `${lines.join('\n')}\n`
}

const INK = '#1F2937'
const MUTED = '#4B5563'
const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
  '#999999',
  '#882255',
]

/**
 * A comparison as a standalone SVG chart: for each arm, a box of the contacts delivered (quartiles, with the median
 * marked) on a common axis, and bars of the shares completed, dropped out and with the full dose. Always well-formed
 * XML, whatever the labels.
 *
 * @example
 * ```ts
 * renderComparisonChart(comparison) // '<svg xmlns="http://www.w3.org/2000/svg" …'
 * ```
 */
export function renderComparisonChart(comparison: VariantComparison, options: ComparisonChartOptions = {}): string {
  const checkedOptions = safeParseWith(ChartOptionsSchema, options ?? {}, ['options'])
  if (!checkedOptions.success) throw new ProtocolError(checkedOptions.issues)
  comparison = read(comparison)
  const { arms } = comparison.table
  const title = checkedOptions.data.title ?? 'Protocol variants compared'
  const ROW = 44
  const LABEL = 240
  const BOX = 360
  const BARS = 300
  const top = 86
  const width = LABEL + BOX + BARS + 60
  const height = top + arms.length * ROW + 60
  const max = Math.max(
    1,
    ...comparison.runs.flatMap((run) => run.arms.flatMap((tally) => Object.keys(tally.deliveredContacts).map(Number))),
  )
  const x = (value: number) => LABEL + 10 + (value / max) * (BOX - 40)
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="${esc(FONT)}">`,
    el('title', {}, esc(title)),
    el('rect', { x: 0, y: 0, width, height, fill: '#FFFFFF' }),
    text(20, 30, title, { 'font-size': 18, 'font-weight': 600, fill: INK }),
    text(
      20,
      50,
      `${arms[0]?.patients ?? 0} patients per arm, the same patients in every arm; ${comparison.runs.length} replication${comparison.runs.length === 1 ? '' : 's'}`,
      { 'font-size': 12, fill: MUTED },
    ),
    text(LABEL + 10, top - 12, 'Contacts delivered: median and quartiles', {
      'font-size': 12,
      'font-weight': 600,
      fill: INK,
    }),
    text(LABEL + BOX + 10, top - 12, 'Completed · dropped out · full dose', {
      'font-size': 12,
      'font-weight': 600,
      fill: INK,
    }),
  ]
  arms.forEach((arm, index) => {
    const y = top + index * ROW
    const colour = PALETTE[index % PALETTE.length] as string
    parts.push(
      text(20, y + 12, arm.label.length > 24 ? `${arm.label.slice(0, 23)}…` : arm.label, {
        'font-size': 12,
        fill: INK,
      }),
      text(20, y + 25, `contacts ${spread(arm.deliveredContacts)}, sessions ${spread(arm.sessionsHeld)}`, {
        'font-size': 10,
        fill: MUTED,
      }),
      ...openFlagsLabel(arm, y),
    )
    const { q1, median, q3 } = arm.deliveredContacts
    const box: string[] = [el('line', { x1: x(0), y1: y + 11, x2: x(max), y2: y + 11, stroke: '#E5E7EB' })]
    if (q1 !== null && q3 !== null && median !== null) {
      box.push(
        el('rect', {
          x: x(q1),
          y: y + 3,
          width: Math.max(2, x(q3) - x(q1)),
          height: 16,
          fill: colour,
          'fill-opacity': 0.35,
          stroke: colour,
        }),
        el('line', { x1: x(median), y1: y + 1, x2: x(median), y2: y + 21, stroke: colour, 'stroke-width': 3 }),
      )
    }
    parts.push(el('g', { class: 'delivered', 'data-arm': arm.label, 'data-median': median ?? undefined }, box.join('')))
    const shares: [string, number | null][] = [
      ['completed', arm.completedShare],
      ['dropped-out', arm.dropOut.share],
      ['full-dose', arm.fullDoseShare],
    ]
    shares.forEach(([name, value], k) => {
      const bx = LABEL + BOX + 10 + k * 95
      const bar = [el('rect', { x: bx, y: y + 4, width: 80, height: 12, rx: 2, fill: '#E5E7EB' })]
      if (value !== null) bar.push(el('rect', { x: bx, y: y + 4, width: 80 * value, height: 12, rx: 2, fill: colour }))
      bar.push(
        text(bx + 40, y + 28, value === null ? '—' : `${Math.round(value * 100)} %`, {
          'font-size': 9,
          fill: MUTED,
          'text-anchor': 'middle',
        }),
      )
      parts.push(
        el(
          'g',
          {
            class: 'share',
            'data-arm': arm.label,
            'data-share': name,
            'data-value': value === null ? undefined : num(value),
          },
          bar.join(''),
        ),
      )
    })
  })
  const axisY = top + arms.length * ROW + 8
  for (const tick of [0, Math.round(max / 2), max]) {
    parts.push(text(x(tick), axisY + 12, String(tick), { 'font-size': 10, fill: MUTED, 'text-anchor': 'middle' }))
  }
  parts.push('</svg>')
  return parts.join('')
}
