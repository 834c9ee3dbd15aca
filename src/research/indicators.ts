/**
 * The fidelity indicators: their ids, the rule each checks, the domain of the NIH Behavior Change Consortium
 * fidelity framework it informs (Bellg 2004; Borrelli 2005: design, delivery, receipt) and a short title. One list,
 * in report order, shared by the report, the summary, the chart and the FHIR MeasureReport.
 */

/**
 * The domain of the NIH Behavior Change Consortium (BCC) fidelity framework an indicator informs (Bellg 2004;
 * Borrelli 2005): the treatment as designed (the contract), as delivered (timing, phases, measurement) and as
 * received (the dose the patient got).
 *
 * @example
 * ```ts
 * const domain: FidelityDomain = 'delivery'
 * ```
 */
export type FidelityDomain = 'design' | 'delivery' | 'receipt'

/**
 * The state of one indicator: `met`, `not-met`, `not-applicable` (the protocol or the course has nothing to
 * check, e.g. phone contacts in adult IPT), or `unknown` (the record cannot decide: an ongoing course whose end
 * decides, or participants that were not recorded).
 *
 * @example
 * ```ts
 * const status: IndicatorStatus = 'not-met'
 * ```
 */
export type IndicatorStatus = 'met' | 'not-met' | 'not-applicable' | 'unknown'

/**
 * The description of one indicator in {@link fidelityIndicators}.
 *
 * @example
 * ```ts
 * const definition: IndicatorDefinition = fidelityIndicators[0]
 * ```
 */
export interface IndicatorDefinition {
  /** The indicator's id, e.g. `'session-intervals'`. */
  id: IndicatorId
  /** The rule it checks (ipt-reference), or `null` when it follows protocol data that name no rule. */
  rule: string | null
  /** The BCC fidelity domain it informs. */
  domain: FidelityDomain
  /** A short title for people, e.g. `'Intervals match the protocol frequency'`. */
  title: string
}

/**
 * The ids of the fidelity indicators, in report order.
 *
 * @example
 * ```ts
 * indicatorIds.includes('rating-interval') // true
 * ```
 */
export const indicatorIds = [
  'contract-in-range',
  'renegotiations',
  'sessions-delivered',
  'attendance',
  'planned-ending',
  'session-intervals',
  'longest-gap',
  'calendar-span',
  'planned-dates',
  'initial-phase-length',
  'middle-phase-preconditions',
  'initial-tasks',
  'termination-timing',
  'baseline-rating',
  'rating-interval',
  'phq9-flags-reviewed',
  'hamd17-flags-reviewed',
  'phone-contacts',
  'session-participants',
  'pre-session-contacts',
  'maintenance-gaps',
] as const

/**
 * The id of a fidelity indicator (see {@link indicatorIds}).
 *
 * @example
 * ```ts
 * const id: IndicatorId = 'planned-dates'
 * ```
 */
export type IndicatorId = (typeof indicatorIds)[number]

const table: Record<IndicatorId, [rule: string | null, domain: FidelityDomain, title: string]> = {
  'contract-in-range': ['SCHED-1', 'design', 'Contracted sessions within the protocol range'],
  renegotiations: ['SCHED-3', 'design', 'Contract kept as agreed (renegotiations)'],
  'sessions-delivered': ['SCHED-3', 'receipt', 'Contracted sessions held'],
  attendance: ['SCHED-7', 'receipt', 'No repeated missed sessions'],
  'planned-ending': ['PHASE-6', 'receipt', 'Planned (completed) ending'],
  'session-intervals': ['SCHED-5', 'delivery', 'Intervals match the protocol frequency'],
  'longest-gap': ['SCHED-5', 'delivery', 'Longest gap within bound'],
  'calendar-span': ['SCHED-6', 'delivery', "Calendar span matches the plan's"],
  'planned-dates': ['SCHED-6', 'delivery', 'Sessions held on their planned date'],
  'initial-phase-length': ['PHASE-1', 'delivery', 'Initial phase within its maximum'],
  'middle-phase-preconditions': ['PHASE-3', 'delivery', 'Inventory, areas and contract before the middle phase'],
  'initial-tasks': ['PHASE-2', 'delivery', 'Initial-phase tasks recorded'],
  'termination-timing': ['PHASE-5', 'delivery', 'Termination begun in time'],
  'baseline-rating': ['MEAS-7', 'delivery', 'Baseline rating'],
  'rating-interval': ['MEAS-7', 'delivery', 'Rated at the protocol interval'],
  'phq9-flags-reviewed': ['MEAS-2', 'delivery', 'PHQ-9 safety flags reviewed in time'],
  'hamd17-flags-reviewed': ['MEAS-6', 'delivery', 'HAM-D-17 safety flags reviewed in time'],
  'phone-contacts': ['IPTA-1', 'delivery', 'Phone contacts after their sessions'],
  'session-participants': ['IPTA-2', 'delivery', 'Expected participants at their sessions'],
  'pre-session-contacts': [null, 'delivery', 'Contact before the first session'],
  'maintenance-gaps': ['MAINT-1', 'delivery', 'Maintenance gaps within the frequency'],
}

/**
 * Every fidelity indicator, in report order: its id, the rule it checks, its BCC domain and a title. An indicator
 * that follows protocol data (phone contacts, participants, contacts before the first session) reports the rule
 * the protocol's data name, and the rule here when they name none.
 *
 * @example
 * ```ts
 * fidelityIndicators.find((indicator) => indicator.id === 'termination-timing')?.rule // 'PHASE-5'
 * ```
 */
export const fidelityIndicators: readonly IndicatorDefinition[] = /* @__PURE__ */ (() =>
  indicatorIds.map((id) => {
    const [rule, domain, title] = table[id]
    return Object.freeze({ id, rule, domain, title })
  }))()

/** The definition of an indicator by id. */
export function definitionOf(id: IndicatorId): IndicatorDefinition {
  const [rule, domain, title] = table[id]
  return { id, rule, domain, title }
}
