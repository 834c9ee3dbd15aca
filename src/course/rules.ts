import { type Issue, makeIssue } from '../issues/index.js'
import type { RuleId } from '../rules/index.js'
import type { CoursePhase, EventType } from './schema.js'

/**
 * One check of the course lifecycle: a refusal (the event is not applied) or an advisory (it is applied, with
 * advice). `rule` is `undefined` where the protocol's data names the rule (IPT-A's phone contacts: `IPTA-1`).
 *
 * @example
 * ```ts
 * const check: CourseCheck = courseChecks['beyond-contract'] // { kind: 'refusal', rule: 'SCHED-3', … }
 * ```
 */
export interface CourseCheck {
  code: string
  kind: 'refusal' | 'advisory'
  rule: RuleId | undefined
  description: string
}

const refusal = (rule: RuleId, description: string) => ({ kind: 'refusal' as const, rule, description })
const advisory = (rule: RuleId | undefined, description: string) => ({ kind: 'advisory' as const, rule, description })

const checks = {
  'course-ended': refusal(
    'PHASE-6',
    'Nothing happens in a completed or discontinued course; a new course is a new record.',
  ),
  'event-out-of-order': refusal('LOG-1', 'An event dated before the last accepted event is refused.'),
  'beyond-contract': refusal(
    'SCHED-3',
    'A session beyond the contracted number (or, before a contract, the protocol maximum) is refused until the contract is renegotiated.',
  ),
  'area-not-allowed': refusal('AREA-3', 'A problem area the protocol does not list is refused.'),
  'too-many-areas': refusal('AREA-3', 'More problem areas than the protocol allows (at most two) are refused.'),
  'duplicate-area': refusal('AREA-3', 'A problem area listed twice is refused.'),
  'focus-change-needs-renegotiation': refusal(
    'AREA-10',
    'After the initial phase, a change of focus is recorded as a contract renegotiation.',
  ),
  'contract-exists': refusal('SCHED-3', 'A second contract is refused; the contract changes only by renegotiation.'),
  'sessions-out-of-range': refusal('SCHED-1', 'A contract outside the protocol’s session range is refused.'),
  'contract-below-held': refusal('SCHED-3', 'A contract for fewer sessions than already held is refused.'),
  'no-contract': refusal('SCHED-3', 'Renegotiating sessions needs a contract to renegotiate.'),
  'no-areas-agreed': refusal('AREA-10', 'Renegotiating the focus needs agreed problem areas; agree them first.'),
  'already-in-phase': refusal(
    'PHASE-3',
    'Advancing to the phase the course is already in is refused (the rule of that phase is named).',
  ),
  'transition-not-allowed': refusal(
    'PHASE-3',
    'A phase change not in the transition table is refused (the rule of the target phase is named).',
  ),
  'precondition-missing': refusal(
    'PHASE-3',
    'The middle phase starts only once the inventory is completed, 1 to the maximum problem areas are agreed and a contract exists.',
  ),
  'initial-phase-overrun': advisory(
    'PHASE-3',
    'A session beyond the initial phase’s maximum while still in the initial phase is reported.',
  ),
  'termination-due': advisory(
    'PHASE-5',
    'When the sessions left reach the protocol’s termination length, termination should begin.',
  ),
  'participant-missing': advisory(
    undefined,
    'A session without a participant the protocol expects (IPT-A: a parent in the first session, IPTA-2).',
  ),
  'participants-unrecorded': advisory(
    undefined,
    'A session the protocol expects extra participants in, recorded without participants.',
  ),
  'contact-outside-window': advisory(
    undefined,
    'An extra contact outside the sessions the protocol places it after (IPT-A: weeks 1–4, IPTA-1).',
  ),
  'phases-skipped': advisory(
    'PHASE-5',
    'A course completed before its termination phase says which phases were skipped.',
  ),
  'contract-not-fulfilled': advisory('SCHED-3', 'A course completed with fewer sessions held than contracted says so.'),
  'beyond-protocol-range': advisory(
    'SCHED-1',
    'A renegotiated session count outside the protocol’s range is a deviation and is reported.',
  ),
} as const satisfies Record<string, Omit<CourseCheck, 'code'>>

/**
 * The code of a lifecycle check.
 *
 * @example
 * ```ts
 * const code: CheckCode = 'precondition-missing'
 * ```
 */
export type CheckCode = keyof typeof checks

/**
 * Every check `applyEvent` makes, keyed by the `code` of the issue or advisory it gives.
 *
 * @example
 * ```ts
 * courseChecks['termination-due'].rule // 'PHASE-5'
 * ```
 */
export const courseChecks: Readonly<Record<CheckCode, CourseCheck>> = Object.freeze(
  Object.fromEntries(
    Object.entries(checks).map(([code, check]) => [code, Object.freeze({ code, ...check })]),
  ) as Record<CheckCode, CourseCheck>,
)

/**
 * A phase change: which event makes it, from which phases, the guards that must hold (check codes), the
 * advisories it may give, and the rule behind it.
 *
 * @example
 * ```ts
 * const toMiddle: PhaseTransition | undefined = phaseTransitions.find((t) => t.to === 'middle')
 * ```
 */
export interface PhaseTransition {
  event: EventType
  from: readonly CoursePhase[]
  to: CoursePhase
  rule: RuleId
  guards: readonly CheckCode[]
  advisories: readonly CheckCode[]
}

/**
 * The phase transition table (PHASE-3, PHASE-5, PHASE-6). Phases change only through these events; the library
 * never moves a course on its own. `docs/lifecycle.md` is generated from this table.
 *
 * @example
 * ```ts
 * phaseTransitions.filter((t) => t.from.includes('middle')).map((t) => t.to) // ['termination', 'completed', 'discontinued']
 * ```
 */
export const phaseTransitions: readonly PhaseTransition[] = [
  {
    event: 'phase-advanced',
    from: ['initial'],
    to: 'middle',
    rule: 'PHASE-3',
    guards: ['precondition-missing'],
    advisories: [],
  },
  { event: 'phase-advanced', from: ['middle'], to: 'termination', rule: 'PHASE-5', guards: [], advisories: [] },
  {
    event: 'course-completed',
    from: ['termination', 'maintenance'],
    to: 'completed',
    rule: 'PHASE-6',
    guards: [],
    advisories: ['contract-not-fulfilled'],
  },
  {
    event: 'course-completed',
    from: ['initial', 'middle'],
    to: 'completed',
    rule: 'PHASE-5',
    guards: [],
    advisories: ['phases-skipped', 'contract-not-fulfilled'],
  },
  {
    event: 'course-discontinued',
    from: ['initial', 'middle', 'termination', 'maintenance'],
    to: 'discontinued',
    rule: 'PHASE-6',
    guards: [],
    advisories: [],
  },
]

/** The rule that governs entering `phase` (for refusals of a phase change). */
export function ruleOfPhase(phase: CoursePhase): RuleId {
  const entries: Record<CoursePhase, RuleId> = {
    initial: 'PHASE-1',
    middle: 'PHASE-3',
    termination: 'PHASE-5',
    maintenance: 'PHASE-6',
    completed: 'PHASE-6',
    discontinued: 'PHASE-6',
  }
  return entries[phase]
}

/**
 * The checks each event type may meet besides the phase table: refusals first, then advisories. Every event also
 * meets `course-ended` and `event-out-of-order`.
 *
 * @example
 * ```ts
 * eventChecks['session-held'] // ['beyond-contract', 'initial-phase-overrun', …]
 * ```
 */
export const eventChecks: Readonly<Record<EventType, readonly CheckCode[]>> = {
  'session-held': [
    'beyond-contract',
    'initial-phase-overrun',
    'termination-due',
    'participant-missing',
    'participants-unrecorded',
  ],
  'session-missed': [],
  'session-cancelled': [],
  'phone-contact-held': ['contact-outside-window'],
  'inventory-completed': [],
  'problem-areas-agreed': ['area-not-allowed', 'too-many-areas', 'duplicate-area', 'focus-change-needs-renegotiation'],
  'contract-agreed': ['contract-exists', 'sessions-out-of-range', 'contract-below-held'],
  'contract-renegotiated': [
    'no-contract',
    'contract-below-held',
    'no-areas-agreed',
    'area-not-allowed',
    'too-many-areas',
    'duplicate-area',
    'beyond-protocol-range',
  ],
  'phase-advanced': ['already-in-phase', 'transition-not-allowed', 'precondition-missing'],
  'measure-recorded': [],
  'safety-reviewed': [],
  'course-completed': ['phases-skipped', 'contract-not-fulfilled'],
  'course-discontinued': [],
}

/** An issue for a check, with its code and rule (or the rule the protocol's data names). */
export function checkIssue(
  code: CheckCode,
  message: string,
  extra: { params?: Record<string, unknown>; rule?: RuleId | undefined; path?: Array<string | number> } = {},
): Issue {
  const rule = extra.rule ?? courseChecks[code].rule
  return makeIssue(code, message, {
    ...(extra.path ? { path: extra.path } : {}),
    ...(extra.params ? { params: extra.params } : {}),
    ...(rule ? { rule } : {}),
  })
}
