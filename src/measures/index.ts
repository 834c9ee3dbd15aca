import * as z from 'zod/mini'
import { CalendarDateSchema, daysFrom } from '../calendar/index.js'
import {
  addIssue,
  type Issue,
  makeIssue,
  ProtocolError,
  type SafeResult,
  safeParseWith,
  unwrap,
} from '../issues/index.js'
import { counted } from '../issues/words.js'

/**
 * The symptom measures the library scores, with their item ranges, severity bands (lowest total of each band),
 * LOINC codes where the reference gives them (§9: PHQ-9 panel 44249-1, total score 44261-6, item 9 44260-8) and
 * their suicide item: PHQ-9 item 9 (MEAS-2) and HAM-D-17 item 3 (MEAS-6), with the lowest value that is high risk.
 *
 * @example
 * ```ts
 * instruments['phq-9'].loinc.total // '44261-6'
 * instruments['hamd-17'].itemMax[3] // 2 (item 4, insomnia)
 * instruments['hamd-17'].suicideItem.item // 3
 * ```
 */
export const instruments = {
  'phq-9': {
    name: 'Patient Health Questionnaire-9',
    rule: 'MEAS-1',
    itemMax: [3, 3, 3, 3, 3, 3, 3, 3, 3],
    bands: [
      { from: 0, severity: 'minimal' },
      { from: 5, severity: 'mild' },
      { from: 10, severity: 'moderate' },
      { from: 15, severity: 'moderately-severe' },
      { from: 20, severity: 'severe' },
    ],
    loinc: { panel: '44249-1', total: '44261-6', item9: '44260-8' },
    // Item 9, thoughts of death or self-harm: any answer above 0 is a flag, 2–3 high risk (MEAS-2).
    suicideItem: {
      item: 9,
      rule: 'MEAS-2',
      highRiskFrom: 2,
      text: 'thoughts of death or self-harm',
      anchors: ['not at all', 'several days', 'more than half the days', 'nearly every day'],
    },
  },
  'hamd-17': {
    name: 'Hamilton Depression Rating Scale (17 items)',
    rule: 'MEAS-3',
    // Items 4–6, 12–14, 16 and 17 are scored 0–2, the other nine 0–4 (total 0–52).
    itemMax: [4, 4, 4, 2, 2, 2, 4, 4, 4, 4, 4, 2, 2, 2, 4, 2, 2],
    bands: [
      { from: 0, severity: 'none' },
      { from: 8, severity: 'mild' },
      { from: 17, severity: 'moderate' },
      { from: 24, severity: 'severe' },
    ],
    loinc: {},
    // Item 3, suicide (1 life not worth living … 4 attempt): above 0 is a flag, 3–4 high risk (MEAS-6).
    // Anchors after Hamilton 1960.
    suicideItem: {
      item: 3,
      rule: 'MEAS-6',
      highRiskFrom: 3,
      text: 'suicide',
      anchors: [
        'absent',
        'feels life is not worth living',
        'wishes to be dead',
        'suicidal ideas or gesture',
        'suicide attempt',
      ],
    },
  },
} as const

/**
 * `'phq-9' | 'hamd-17'`.
 *
 * @example
 * ```ts
 * const instrument: Instrument = 'hamd-17'
 * ```
 */
export type Instrument = keyof typeof instruments

/**
 * A PHQ-9 severity band (MEAS-1).
 *
 * @example
 * ```ts
 * const severity: Phq9Severity = 'moderately-severe'
 * ```
 */
export type Phq9Severity = (typeof instruments)['phq-9']['bands'][number]['severity']

/**
 * A HAM-D-17 severity band (MEAS-3).
 *
 * @example
 * ```ts
 * const severity: Hamd17Severity = 'mild'
 * ```
 */
export type Hamd17Severity = (typeof instruments)['hamd-17']['bands'][number]['severity']

/**
 * A safety flag: a suicide item above 0, PHQ-9 item 9 (thoughts of death or self-harm, high risk at 2–3, MEAS-2)
 * or HAM-D-17 item 3 (suicide, high risk at 3–4, MEAS-6). No rule or option suppresses it (ipt-reference §8a).
 *
 * @example
 * ```ts
 * const flag: SafetyFlag = { code: 'suicidality', instrument: 'phq-9', rule: 'MEAS-2', item: 9, value: 2, highRisk: true, loinc: '44260-8' }
 * ```
 */
export interface SafetyFlag {
  /** Always `'suicidality'`. */
  code: 'suicidality'
  /** The measure whose suicide item raised it. */
  instrument: Instrument
  /** MEAS-2 for PHQ-9 item 9, MEAS-6 for HAM-D-17 item 3. */
  rule: 'MEAS-2' | 'MEAS-6'
  /** The item's number on its form: 9 (PHQ-9) or 3 (HAM-D-17). */
  item: 9 | 3
  /** The item's score, above 0. */
  value: number
  /** PHQ-9 item 9 at 2–3, HAM-D-17 item 3 at 3–4. */
  highRisk: boolean
  /** The LOINC code of the item, where the reference gives one (PHQ-9 item 9: 44260-8). */
  loinc?: '44260-8'
}

/**
 * The flag raised by the suicide item of `items` (MEAS-2, MEAS-6), or `undefined` when that item is 0, absent or
 * not a whole number within its range. It reads only that item, so a form refused for another item or its total
 * still raises its flag (ipt-reference §8a). Throws {@link ProtocolError} for an unknown instrument or items that
 * are not an array.
 *
 * @example
 * ```ts
 * suicideFlag('phq-9', [2, 2, 2, 2, 1, 2, 1, 1, 3])?.highRisk // true
 * ```
 */
export function suicideFlag(instrument: Instrument, items: readonly unknown[]): SafetyFlag | undefined {
  if ((instrument !== 'phq-9' && instrument !== 'hamd-17') || !Array.isArray(items)) {
    throw new ProtocolError([
      makeIssue('invalid-type', 'suicideFlag takes an instrument (phq-9 or hamd-17) and an array of item scores', {
        path: Array.isArray(items) ? ['instrument'] : ['items'],
      }),
    ])
  }
  const { itemMax, suicideItem } = instruments[instrument]
  const value = items[suicideItem.item - 1]
  const max = itemMax[suicideItem.item - 1] ?? 0
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) return undefined
  return {
    code: 'suicidality',
    instrument,
    rule: suicideItem.rule,
    item: suicideItem.item,
    value,
    highRisk: value >= suicideItem.highRiskFrom,
    ...(instrument === 'phq-9' ? { loinc: instruments['phq-9'].loinc.item9 } : {}),
  }
}

const answersSchema = (instrument: Instrument) => {
  const { itemMax, rule } = instruments[instrument]
  return z.pipe(
    z.array(z.unknown()).check(
      z.superRefine((items, ctx) => {
        if (!Array.isArray(items)) return
        if (items.length !== itemMax.length) {
          addIssue(ctx, 'wrong-length', `Expected ${itemMax.length} item scores, got ${items.length}`, [], {
            params: { expected: itemMax.length, got: items.length },
            rule,
          })
          return
        }
        items.forEach((value, index) => {
          const max = itemMax[index] ?? 0
          if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
            const shown = typeof value === 'number' || typeof value === 'string' ? JSON.stringify(value) : typeof value
            addIssue(
              ctx,
              'invalid-item',
              `Item ${index + 1} must be a whole number from 0 to ${max}, got ${shown}`,
              [index],
              {
                params: { item: index + 1, max },
                rule,
              },
            )
          }
        })
      }),
    ),
    z.transform((items) => items as number[]),
  )
}

const phq9Answers = /* @__PURE__ */ (() => answersSchema('phq-9'))()
const hamd17Items = /* @__PURE__ */ (() => answersSchema('hamd-17'))()

function bandOf<I extends Instrument>(
  instrument: I,
  total: number,
): (typeof instruments)[I]['bands'][number]['severity'] {
  const bands = instruments[instrument].bands
  return bands.filter((band) => total >= band.from).at(-1)?.severity ?? bands[0].severity
}

/**
 * A scored PHQ-9: total 0–27, severity band (MEAS-1), safety flags (MEAS-2) and the LOINC codes of the panel and
 * total.
 *
 * @example
 * ```ts
 * const result: Phq9Result = scorePhq9([1, 1, 1, 1, 1, 1, 1, 1, 0])
 * ```
 */
export interface Phq9Result {
  /** Always `'phq-9'`. */
  instrument: 'phq-9'
  /** The sum of the nine items, 0–27. */
  total: number
  /** The severity band of the total (MEAS-1). */
  severity: Phq9Severity
  /** The safety flag of item 9 when it is above 0 (MEAS-2), else none. */
  flags: SafetyFlag[]
  /** The LOINC codes of the panel and of the total score. */
  loinc: {
    /** The PHQ-9 panel, 44249-1. */
    panel: '44249-1'
    /** The total score, 44261-6. */
    total: '44261-6'
  }
}

/**
 * Scores a PHQ-9 like {@link scorePhq9}, returning `{ success, data | issues }`.
 *
 * @example
 * ```ts
 * safeScorePhq9([0, 1, 2]) // { success: false, issues: [{ code: 'wrong-length', … }] }
 * ```
 */
export function safeScorePhq9(answers: readonly number[]): SafeResult<Phq9Result> {
  const checked = safeParseWith(phq9Answers, answers, ['answers'])
  if (!checked.success) return checked
  const total = checked.data.reduce((sum, value) => sum + value, 0)
  const flag = suicideFlag('phq-9', checked.data)
  const flags: SafetyFlag[] = flag ? [flag] : []
  return {
    success: true,
    data: {
      instrument: 'phq-9',
      total,
      severity: bandOf('phq-9', total),
      flags,
      loinc: { panel: '44249-1', total: '44261-6' },
    },
  }
}

/**
 * Scores the nine PHQ-9 answers (each 0–3): total 0–27 and its band, minimal 0–4, mild 5–9, moderate 10–14,
 * moderately severe 15–19, severe 20–27 (MEAS-1). Item 9 above 0 gives a `suicidality` flag, high risk at 2–3
 * (MEAS-2). Throws {@link ProtocolError} naming each invalid item.
 *
 * @example
 * ```ts
 * scorePhq9([2, 2, 1, 1, 2, 1, 1, 0, 1])
 * // { instrument: 'phq-9', total: 11, severity: 'moderate',
 * //   flags: [{ code: 'suicidality', instrument: 'phq-9', rule: 'MEAS-2', item: 9, value: 1, highRisk: false, loinc: '44260-8' }], … }
 * ```
 */
export function scorePhq9(answers: readonly number[]): Phq9Result {
  return unwrap(safeScorePhq9(answers))
}

/**
 * A scored HAM-D-17: total 0–52, severity band (MEAS-3) and safety flags (item 3, suicide, MEAS-6).
 *
 * @example
 * ```ts
 * const result: Hamd17Result = scoreHamd17(Array(17).fill(0))
 * ```
 */
export interface Hamd17Result {
  /** Always `'hamd-17'`. */
  instrument: 'hamd-17'
  /** The sum of the 17 items, 0–52. */
  total: number
  /** The severity band of the total (MEAS-3). */
  severity: Hamd17Severity
  /** The safety flag of item 3 (suicide) when it is above 0 (MEAS-6), else none. */
  flags: SafetyFlag[]
}

/**
 * Scores HAM-D-17 like {@link scoreHamd17}, returning `{ success, data | issues }`.
 *
 * @example
 * ```ts
 * safeScoreHamd17(Array(17).fill(5)).success // false: no item goes to 5
 * ```
 */
export function safeScoreHamd17(items: readonly number[]): SafeResult<Hamd17Result> {
  const checked = safeParseWith(hamd17Items, items, ['items'])
  if (!checked.success) return checked
  const total = checked.data.reduce((sum, value) => sum + value, 0)
  const flag = suicideFlag('hamd-17', checked.data)
  return {
    success: true,
    data: { instrument: 'hamd-17', total, severity: bandOf('hamd-17', total), flags: flag ? [flag] : [] },
  }
}

/**
 * Scores the 17 HAM-D items, each within its own range (items 4–6, 12–14, 16 and 17 are 0–2, the others 0–4):
 * total 0–52 and its band, none 0–7, mild 8–16, moderate 17–23, severe 24+ (MEAS-3). Item 3 (suicide) above 0
 * gives a `suicidality` flag, high risk at 3–4 (MEAS-6). Throws {@link ProtocolError} naming each invalid item.
 *
 * @example
 * ```ts
 * scoreHamd17([2, 1, 0, 1, 1, 0, 2, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0]) // { instrument: 'hamd-17', total: 11, severity: 'mild', flags: [] }
 * ```
 */
export function scoreHamd17(items: readonly number[]): Hamd17Result {
  return unwrap(safeScoreHamd17(items))
}

/**
 * One rating in a series: its date, instrument and total.
 *
 * @example
 * ```ts
 * RatingSchema.parse({ at: '2027-03-01', instrument: 'phq-9', total: 17 })
 * ```
 */
export const RatingSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    at: CalendarDateSchema,
    instrument: z.enum(['phq-9', 'hamd-17']),
    total: z.int().check(z.gte(0)).check(z.lte(52)),
  }))()

/**
 * A rating (see {@link RatingSchema}).
 *
 * @example
 * ```ts
 * const rating: Rating = { at: '2027-03-01', instrument: 'hamd-17', total: 21 }
 * ```
 */
export type Rating = z.infer<typeof RatingSchema>

/**
 * Thresholds of {@link assessProgress} (MEAS-3, MEAS-4: common practice, not universal, hence options).
 *
 * @example
 * ```ts
 * const strict: ProgressOptions = { remission: { 'hamd-17': 6 } } // adolescent trials used ≤ 6
 * ```
 */
export interface ProgressOptions {
  /** Which instrument to assess; default the instrument of the latest rating. Others are never mixed in. */
  instrument?: Instrument
  /** Highest total in remission: HAM-D-17 ≤ 7, PHQ-9 ≤ 4 (that is, < 5). */
  remission?: Partial<Record<Instrument, number>>
  /** Smallest drop from baseline that counts as response, in percent: 50. */
  responsePercent?: number
  /** Consecutive ratings in remission that make it sustained: 3. */
  sustainedRatings?: number
  /** Most days between two ratings that still count as consecutive weekly ratings: 10 (design choice). */
  maxGapDays?: number
}

/**
 * Where a series of ratings stands: baseline and latest totals, the drop in percent, response, remission, and how
 * many consecutive ratings ending with the latest are in remission.
 *
 * @example
 * ```ts
 * const progress: Progress = assessProgress([{ at: '2027-03-01', instrument: 'phq-9', total: 18 }])
 * ```
 */
export interface Progress {
  /** The instrument assessed (none for an empty series). */
  instrument: Instrument | undefined
  /** How many ratings of that instrument the series has. */
  ratings: number
  /** The first rating's total. */
  baseline: number | undefined
  /** The latest rating's total. */
  latest: number | undefined
  /** The drop from baseline to latest, in percent (negative when worse). */
  changePercent: number | undefined
  /** Whether the drop reaches the response threshold (MEAS-3, MEAS-4). */
  response: boolean
  /** Whether the latest total is in remission. */
  remission: boolean
  /** How many consecutive weekly ratings, ending with the latest, are in remission. */
  sustainedRemissionWeeks: number
  /** Whether that reaches the sustained-remission count (3 by default). */
  sustainedRemission: boolean
  /** Notes on the assessment, e.g. ratings of another instrument left out. */
  reasons: Issue[]
}

/** A series of ratings: at most 100,000 (a design choice: a bound on work). */
const RatingSeriesSchema = /* @__PURE__ */ (() => z.array(RatingSchema).check(z.maxLength(100_000)))()

const ProgressOptionsSchema = /* @__PURE__ */ (() =>
  z.optional(
    z.strictObject({
      instrument: z.optional(z.enum(['phq-9', 'hamd-17'])),
      remission: z.optional(
        z.strictObject({
          'phq-9': z.optional(z.int().check(z.gte(0)).check(z.lte(27))),
          'hamd-17': z.optional(z.int().check(z.gte(0)).check(z.lte(52))),
        }),
      ),
      responsePercent: z.optional(z.number().check(z.gte(0)).check(z.lte(100))),
      sustainedRatings: z.optional(z.int().check(z.gte(1)).check(z.lte(1000))),
      maxGapDays: z.optional(z.int().check(z.gte(1)).check(z.lte(366))),
    }),
  ))()

/** The default thresholds (MEAS-3, MEAS-4). */
const defaults = {
  remission: { 'phq-9': 4, 'hamd-17': 7 },
  responsePercent: 50,
  sustainedRatings: 3,
  maxGapDays: 10,
} as const

/**
 * Assesses a series of ratings of one instrument, oldest first by date: the baseline is the first rating, the
 * latest the last; response is a drop of at least 50 % (MEAS-3, MEAS-4), remission HAM-D-17 ≤ 7 or PHQ-9 < 5,
 * sustained over 3 consecutive weekly ratings. Ratings of another instrument are left out, never compared. All
 * thresholds are options. Throws {@link ProtocolError} for an invalid series.
 *
 * @example
 * ```ts
 * assessProgress([
 *   { at: '2027-03-01', instrument: 'hamd-17', total: 22 },
 *   { at: '2027-05-10', instrument: 'hamd-17', total: 7 },
 *   { at: '2027-05-17', instrument: 'hamd-17', total: 6 },
 *   { at: '2027-05-24', instrument: 'hamd-17', total: 5 },
 * ]) // { baseline: 22, latest: 5, changePercent: 77.3, response: true, remission: true, sustainedRemissionWeeks: 3, … }
 * ```
 */
export function assessProgress(series: readonly Rating[], settings?: ProgressOptions): Progress {
  const ratings = unwrap(safeParseWith(RatingSeriesSchema, series, ['series']))
  const options = unwrap(safeParseWith(ProgressOptionsSchema, settings, ['options'])) ?? {}
  const sorted = ratings
    .map((rating, index) => ({ rating, index }))
    .sort((a, b) => (a.rating.at < b.rating.at ? -1 : a.rating.at > b.rating.at ? 1 : a.index - b.index))
  const instrument = options.instrument ?? sorted.at(-1)?.rating.instrument
  const own = sorted.map(({ rating }) => rating).filter((rating) => rating.instrument === instrument)
  const reasons: Issue[] = []
  if (own.length < ratings.length) {
    reasons.push(
      makeIssue(
        'other-instrument-left-out',
        `${counted(ratings.length - own.length, 'rating')} of another instrument ${ratings.length - own.length === 1 ? 'was' : 'were'} left out`,
        { params: { instrument }, rule: 'MEAS-4' },
      ),
    )
  }
  const threshold = instrument ? (options.remission?.[instrument] ?? defaults.remission[instrument]) : 0
  const inRemission = (total: number) => total <= threshold
  const baseline = own[0]?.total
  const latest = own.at(-1)?.total
  const changePercent =
    baseline && latest !== undefined ? Math.round(((baseline - latest) / baseline) * 1000) / 10 : undefined
  let sustainedRemissionWeeks = 0
  for (let index = own.length - 1; index >= 0; index--) {
    const rating = own[index]
    const next = own[index + 1]
    if (!rating || !inRemission(rating.total)) break
    if (next && daysFrom(rating.at, next.at) > (options.maxGapDays ?? defaults.maxGapDays)) break
    sustainedRemissionWeeks++
  }
  return {
    instrument,
    ratings: own.length,
    baseline,
    latest,
    changePercent,
    response:
      changePercent !== undefined &&
      own.length > 1 &&
      changePercent >= (options.responsePercent ?? defaults.responsePercent),
    remission: latest !== undefined && inRemission(latest),
    sustainedRemissionWeeks,
    sustainedRemission: sustainedRemissionWeeks >= (options.sustainedRatings ?? defaults.sustainedRatings),
    reasons,
  }
}
