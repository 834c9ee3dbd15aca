/**
 * A fidelity summary (ipt-protocol/research) as a FHIR R4 `MeasureReport` of type `summary` (ipt-reference §9).
 */
import * as z from 'zod/mini'
import { InstantSchema } from '../calendar/index.js'
import { issuesOf, makeIssue, type SafeResult, safeParseWith, unwrap } from '../issues/index.js'
import { fidelityIndicators } from '../research/indicators.js'
import { type FidelitySummary, FidelitySummarySchema, type IndicatorTally } from '../research/summary.js'
import type { MeasureReport, MeasureReportGroup, MeasureReportPopulation, Reference } from './types.js'

const populationSystem = 'http://terminology.hl7.org/CodeSystem/measure-population'
const indicatorSystem = 'urn:ipt-protocol:fidelity-indicator'

/**
 * Options of {@link fidelitySummaryToMeasureReport}: `measure`, the canonical URL of the measure (default
 * `'urn:ipt-protocol:measure:fidelity'`); `date`, when the report was made (an instant: the library never reads
 * the clock); `reporter`, a reference to the organisation reporting; `period`, the period covered (default the
 * first and last event of the summary's courses).
 *
 * @example
 * ```ts
 * MeasureReportOptionsSchema.parse({ date: '2027-07-01T09:00:00Z', reporter: { reference: 'Organization/clinic' } })
 * ```
 */
export const MeasureReportOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    measure: z.optional(z.string().check(z.regex(/^\S+$/)).check(z.minLength(1)).check(z.maxLength(500))),
    date: z.optional(InstantSchema),
    reporter: z.optional(
      z.strictObject({
        reference: z.optional(z.string().check(z.minLength(1)).check(z.maxLength(500))),
        display: z.optional(z.string().check(z.minLength(1)).check(z.maxLength(500))),
      }),
    ),
    period: z.optional(z.strictObject({ start: InstantSchema, end: InstantSchema })),
  }))()

/**
 * Options of {@link fidelitySummaryToMeasureReport} (see {@link MeasureReportOptionsSchema}).
 *
 * @example
 * ```ts
 * const options: MeasureReportOptions = { date: '2027-07-01T09:00:00Z' }
 * ```
 */
export type MeasureReportOptions = z.input<typeof MeasureReportOptionsSchema>

/** An instant as FHIR writes a dateTime with a time: UTC, with seconds. */
const dateTime = (instant: string) => new Date(Date.parse(instant)).toISOString()

function population(code: string, count: number): MeasureReportPopulation {
  return { code: { coding: [{ system: populationSystem, code }] }, count }
}

function populations(courses: number, tally: IndicatorTally): MeasureReportPopulation[] {
  return [
    population('initial-population', courses),
    population('denominator', tally.met + tally.notMet),
    population('numerator', tally.met),
    population('denominator-exclusion', tally.notApplicable),
    population('denominator-exception', tally.unknown),
  ]
}

const score = (share: number | null) => (share === null ? {} : { measureScore: { value: share } })

function build(summary: FidelitySummary, options: z.output<typeof MeasureReportOptionsSchema>): MeasureReport {
  const strata = Object.entries(summary.groups)
  const stratifier = (pick: (group: FidelitySummary['overall']) => Omit<MeasureReportGroup, 'id' | 'code'>) =>
    strata.length
      ? {
          stratifier: [
            {
              code: [{ text: 'group' }],
              stratum: strata.map(([name, group]) => ({ value: { text: name }, ...pick(group) })),
            },
          ],
        }
      : {}
  const adherence = (group: FidelitySummary['overall']) => ({
    population: [
      population('initial-population', group.courses),
      population('denominator', group.courses),
      population('numerator', group.adherence.adherent),
    ],
    ...score(group.courses ? group.adherence.adherent / group.courses : null),
  })
  const flagged = (group: FidelitySummary['overall']) => ({
    population: [
      population('initial-population', group.courses),
      population('denominator', group.courses),
      population('numerator', group.adherence.withOpenSafetyFlags),
    ],
    ...score(group.courses ? group.adherence.withOpenSafetyFlags / group.courses : null),
  })
  const groups: MeasureReportGroup[] = [
    {
      id: 'adherent',
      code: {
        coding: [{ system: indicatorSystem, code: 'adherent' }],
        text: 'Courses fully adherent (no open safety flag)',
      },
      ...adherence(summary.overall),
      ...stratifier(adherence),
    },
    {
      id: 'open-safety-flags',
      code: {
        coding: [{ system: indicatorSystem, code: 'open-safety-flags' }],
        text: 'Courses with an open safety flag (MEAS-2, MEAS-6; never hidden, lower is better)',
      },
      ...flagged(summary.overall),
      ...stratifier(flagged),
    },
    ...fidelityIndicators.map((indicator) => {
      const pick = (group: FidelitySummary['overall']) => {
        const tally = group.indicators[indicator.id]
        return { population: populations(group.courses, tally), ...score(tally.shareMet) }
      }
      return {
        id: indicator.id,
        code: {
          coding: [{ system: indicatorSystem, code: indicator.id, display: indicator.title }],
          text: `${indicator.title}${indicator.rule ? ` (${indicator.rule})` : ''}; BCC domain: ${indicator.domain}`,
        },
        ...pick(summary.overall),
        ...stratifier(pick),
      }
    }),
  ]
  const period = options.period ?? summary.overall.period
  return {
    resourceType: 'MeasureReport',
    status: 'complete',
    type: 'summary',
    measure: options.measure ?? 'urn:ipt-protocol:measure:fidelity',
    ...(options.date ? { date: dateTime(options.date) } : {}),
    ...(options.reporter ? { reporter: options.reporter as Reference } : {}),
    period: { start: dateTime(period.start as string), end: dateTime(period.end as string) },
    improvementNotation: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation', code: 'increase' }],
    },
    group: groups,
  }
}

/**
 * A fidelity summary of `ipt-protocol/research` as a FHIR R4 `MeasureReport` like
 * {@link fidelitySummaryToMeasureReport}, returning `{ success, data | issues }` instead of throwing.
 *
 * @example
 * ```ts
 * safeFidelitySummaryToMeasureReport({} as never).success // false
 * ```
 */
export function safeFidelitySummaryToMeasureReport(
  summary: FidelitySummary,
  options: MeasureReportOptions = {},
): SafeResult<MeasureReport> {
  const checkedSummary = safeParseWith(FidelitySummarySchema, summary, ['summary'])
  const checkedOptions = safeParseWith(MeasureReportOptionsSchema, options ?? {}, ['options'])
  if (!checkedSummary.success || !checkedOptions.success) {
    return { success: false, issues: issuesOf(checkedSummary, checkedOptions) }
  }
  const { period } = checkedSummary.data.overall
  if (!checkedOptions.data.period && (period.start === null || period.end === null)) {
    return {
      success: false,
      issues: [
        makeIssue('period-required', 'The summary has no events to date it: give options.period', {
          path: ['options', 'period'],
        }),
      ],
    }
  }
  return { success: true, data: build(checkedSummary.data, checkedOptions.data) }
}

/**
 * A fidelity summary of `ipt-protocol/research` (`summarizeFidelity`) as a FHIR R4 `MeasureReport` of type
 * `summary`: one group for the courses fully adherent, one for the courses with an open safety flag (never hidden,
 * ipt-reference §8a), and one per indicator, coded `urn:ipt-protocol:fidelity-indicator`, whose populations are
 * the courses (`initial-population`), those decided (`denominator`), those that met it (`numerator`), those it
 * did not apply to (`denominator-exclusion`) and those the record could not decide (`denominator-exception`), with
 * the share met as `measureScore`; each stratified by the summary's groups. Dates are written in UTC. Throws
 * `ProtocolError` for an invalid summary or options, or a summary without events and no `options.period`.
 *
 * @example
 * ```ts
 * import { summarizeFidelity } from 'ipt-protocol/research'
 *
 * const report = fidelitySummaryToMeasureReport(summarizeFidelity(courses), { date: '2027-07-01T09:00:00Z' })
 * report.group?.[2]?.code?.coding?.[0]?.code // 'contract-in-range'
 * ```
 */
export function fidelitySummaryToMeasureReport(
  summary: FidelitySummary,
  options: MeasureReportOptions = {},
): MeasureReport {
  return unwrap(safeFidelitySummaryToMeasureReport(summary, options))
}
