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
  /** The `code` of the issue or advisory it gives. */
  code: string
  /** A refusal stops the event; an advisory lets it through with advice. */
  kind: 'refusal' | 'advisory'
  /** The rule behind it, or `undefined` where the protocol's data name the rule. */
  rule: RuleId | undefined
  /** What it checks, in one sentence. */
  description: string
}

const refusal = (rule: RuleId, description: string) => ({ kind: 'refusal' as const, rule, description })
const advisory = (rule: RuleId | undefined, description: string) => ({ kind: 'advisory' as const, rule, description })

const checks = /* @__PURE__ */ (() =>
  ({
    'course-ended': refusal(
      'PHASE-6',
      'Nothing happens in a completed or discontinued course but a safety review; a new course is a new record.',
    ),
    'event-out-of-order': refusal('LOG-1', 'An event dated before the last accepted event is refused.'),
    'beyond-contract': refusal(
      'SCHED-3',
      'A session beyond the contracted number is refused until the contract is renegotiated; before a contract, beyond the plan’s sessions (or without a plan the protocol maximum), until one is agreed.',
    ),
    'area-not-allowed': refusal('AREA-3', 'A problem area the protocol does not list is refused.'),
    'too-many-areas': refusal('AREA-3', 'More problem areas than the protocol allows (at most two) are refused.'),
    'duplicate-area': refusal('AREA-3', 'A problem area listed twice is refused.'),
    'focus-change-needs-renegotiation': refusal(
      'AREA-10',
      'After the initial phase, a change of focus is recorded as a contract renegotiation.',
    ),
    'contract-exists': refusal('SCHED-3', 'A second contract is refused; the contract changes only by renegotiation.'),
    'sessions-out-of-range': refusal(
      'SCHED-3',
      'A contract outside the protocol’s own session range (standard IPT’s 12–16 of SCHED-1, group IPT’s 8–10, …) is refused.',
    ),
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
      'The middle phase starts only once the initial tasks the protocol requires are done (default: the inventory), 1 to the maximum problem areas are agreed and a contract exists.',
    ),
    'initial-tasks-advised': advisory(
      'PHASE-2',
      'Entering the middle phase without initial tasks the protocol advises (default: diagnosis, sick role, medication evaluation, formulation, baseline measure, MEAS-7) gives one advisory listing them.',
    ),
    'rating-due': advisory(
      'MEAS-7',
      'A course without a rating for the protocol’s interval (default 4 sessions) is advised to record one; a fidelity gap, not a refusal.',
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
    'contract-not-fulfilled': advisory(
      'SCHED-3',
      'A course completed with fewer sessions held than contracted says so.',
    ),
    'beyond-protocol-range': advisory(
      'SCHED-3',
      'A renegotiated session count outside the protocol’s own range is a deviation and is reported.',
    ),
    'invalid-item': refusal(
      'MEAS-1',
      'A measure whose items are out of their ranges (PHQ-9 0–3, MEAS-1; HAM-D-17 0–2 or 0–4, MEAS-3) is refused.',
    ),
    'total-mismatch': refusal('MEAS-1', 'A measure whose total is not the sum of its items is refused.'),
    'suicidality-flag': advisory(
      'MEAS-2',
      'A suicide item above 0 (PHQ-9 item 9, MEAS-2, high risk at 2–3; HAM-D-17 item 3, MEAS-6, high risk at 3–4) raises a safety flag that stays open until safety-reviewed; a measure refused for anything else still gives the advisory.',
    ),
    'safety-review-pending': advisory(
      'MEAS-2',
      'While safety flags are open, every later event, accepted or refused, repeats them in one advisory (their count, the earliest and the highest risk), in an ended course too; nothing suppresses them (MEAS-6 for a HAM-D-17 flag).',
    ),
    'safety-flag-open-at-end': advisory(
      'MEAS-2',
      'A course completed or discontinued with an open safety flag is accepted; the flag stays open and the ended course still accepts safety-reviewed.',
    ),
    'safety-flag-carried': advisory(
      'MEAS-2',
      'A course handed on to the next course of the pathway carries its open safety flags into it (ipt-reference §8a).',
    ),
    'outcome-required': refusal(
      'MEAS-2',
      'A safety review applied now records its outcome; `not-recorded` is only for reviews migrated from schemaVersion 1.',
    ),
    'suicidality-not-recorded': advisory(
      'MEAS-2',
      'A measure recorded without its items: its suicide item could not be checked (PHQ-9 item 9, MEAS-2; HAM-D-17 item 3, MEAS-6).',
    ),
    'no-response-review': advisory(
      'MEAS-5',
      'No response by the protocol’s review point (design default: half the contracted sessions, at least 4): review the plan.',
    ),
    'monitoring-missing': advisory(
      undefined,
      'A contact without the checks the protocol requires at every contact (IPT-A: suicidality and school attendance, IPTA-3).',
    ),
    'new-acute-course': advisory(
      'MAINT-4',
      'A recurrence ends the maintenance course; a new acute course is called for.',
    ),
    'acute-not-completed': refusal('MAINT-2', 'Maintenance starts only after a completed acute course.'),
    'not-a-maintenance-protocol': refusal('MAINT-1', 'startMaintenance needs a protocol with a maintenance schedule.'),
    'not-in-remission': advisory(
      'MAINT-2',
      'The acute course did not end in remission; maintenance is meant to follow remission.',
    ),
    'remission-not-assessed': advisory('MAINT-2', 'The acute course has no ratings to show remission.'),
    'unknown-contact': refusal(
      'SCHED-6',
      'An event naming a contact its course’s plan does not have (or a course without a plan) is refused.',
    ),
    'contact-not-planned': refusal(
      'SCHED-6',
      'An event naming a contact the plan already records as held, missed or cancelled is refused.',
    ),
    'contact-kind-mismatch': refusal(
      'SCHED-6',
      'An event naming a contact of another kind (a session event naming a phone contact) is refused.',
    ),
    'invalid-range': refusal('SCHED-6', 'A closure that ends before it starts is refused.'),
    'no-free-slot': refusal(
      'SCHED-6',
      'A change that leaves the plan no free slot for a contact (closures without end) is refused.',
    ),
    'contact-off-plan': advisory(
      'SCHED-6',
      'A contact held more than the tolerance (design default 3 days, a parameter) from its planned date is reported.',
    ),
    'contact-unplanned': advisory(
      'SCHED-6',
      'A contact held, missed or cancelled when the course’s plan has no such contact left is reported.',
    ),
    'plan-resized': advisory(
      'SCHED-3',
      'A contract for another number of sessions than the plan’s grows or shrinks the plan, keeping what was held.',
    ),
    'plan-protocol-mismatch': refusal(
      'SCHED-3',
      'createCourse refuses a plan made for another protocol or another version of it.',
    ),
    'contract-missing': advisory(
      'PHASE-3',
      'A course with no contract when the initial phase’s sessions are used up is advised once: the middle phase needs one.',
    ),
    'monotherapy-without-reason': advisory(
      'MAINT-3',
      'Maintenance psychotherapy alone without a stated reason (pregnancy, side effects, medical contraindication).',
    ),
  }) as const satisfies Record<string, Omit<CourseCheck, 'code'>>)()

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
export const courseChecks: Readonly<Record<CheckCode, CourseCheck>> = /* @__PURE__ */ (() =>
  Object.freeze(
    Object.fromEntries(
      Object.entries(checks).map(([code, check]) => [code, Object.freeze({ code, ...check })]),
    ) as Record<CheckCode, CourseCheck>,
  ))()

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
  /** The event that makes the change. */
  event: EventType
  /** The phases it may start from. */
  from: readonly CoursePhase[]
  /** The phase it leads to. */
  to: CoursePhase
  /** The rule behind it. */
  rule: RuleId
  /** The checks that must hold, or the event is refused. */
  guards: readonly CheckCode[]
  /** The advisories it may give. */
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
    advisories: ['initial-tasks-advised'],
  },
  { event: 'phase-advanced', from: ['middle'], to: 'termination', rule: 'PHASE-5', guards: [], advisories: [] },
  {
    event: 'course-completed',
    from: ['termination', 'maintenance'],
    to: 'completed',
    rule: 'PHASE-6',
    guards: [],
    advisories: ['contract-not-fulfilled', 'safety-flag-open-at-end'],
  },
  {
    event: 'course-completed',
    from: ['initial', 'middle'],
    to: 'completed',
    rule: 'PHASE-5',
    guards: [],
    advisories: ['phases-skipped', 'contract-not-fulfilled', 'safety-flag-open-at-end'],
  },
  {
    event: 'course-discontinued',
    from: ['initial', 'middle', 'termination', 'maintenance'],
    to: 'discontinued',
    rule: 'PHASE-6',
    guards: [],
    advisories: ['safety-flag-open-at-end'],
  },
  {
    event: 'recurrence-detected',
    from: ['maintenance'],
    to: 'discontinued',
    rule: 'MAINT-4',
    guards: [],
    advisories: ['new-acute-course', 'safety-flag-open-at-end'],
  },
]

/** The rule that governs `event` moving a course into `phase` (for refusals of a phase change). */
export function ruleOfTransition(event: EventType, phase: CoursePhase): RuleId {
  const transition = phaseTransitions.find((candidate) => candidate.event === event && candidate.to === phase)
  if (transition) return transition.rule
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

/** The refusals of an event that names its planned contact (SCHED-6). */
const namedContact: readonly CheckCode[] = ['unknown-contact', 'contact-not-planned', 'contact-kind-mismatch']

/**
 * The checks each event type may meet besides the phase table: refusals first, then advisories. Every event also
 * meets `course-ended` (all but `safety-reviewed`) and `event-out-of-order`, and repeats `safety-review-pending`
 * while a safety flag is open.
 *
 * @example
 * ```ts
 * eventChecks['session-held'] // ['beyond-contract', 'unknown-contact', …, 'initial-phase-overrun', …]
 * ```
 */
export const eventChecks: Readonly<Record<EventType, readonly CheckCode[]>> = {
  'session-held': [
    'beyond-contract',
    ...namedContact,
    'contact-off-plan',
    'contact-unplanned',
    'contract-missing',
    'initial-phase-overrun',
    'termination-due',
    'participant-missing',
    'participants-unrecorded',
    'no-response-review',
    'rating-due',
    'monitoring-missing',
  ],
  'session-missed': [...namedContact, 'contact-unplanned'],
  'session-cancelled': [...namedContact, 'contact-unplanned'],
  'phone-contact-held': [
    ...namedContact,
    'contact-off-plan',
    'contact-unplanned',
    'contact-outside-window',
    'monitoring-missing',
  ],
  'phone-contact-missed': [...namedContact, 'contact-unplanned'],
  'closure-recorded': ['invalid-range', 'no-free-slot'],
  'inventory-completed': [],
  'task-completed': [],
  'problem-areas-agreed': ['area-not-allowed', 'too-many-areas', 'duplicate-area', 'focus-change-needs-renegotiation'],
  'contract-agreed': ['contract-exists', 'sessions-out-of-range', 'contract-below-held', 'plan-resized'],
  'contract-renegotiated': [
    'no-contract',
    'contract-below-held',
    'no-areas-agreed',
    'area-not-allowed',
    'too-many-areas',
    'duplicate-area',
    'beyond-protocol-range',
    'plan-resized',
  ],
  'phase-advanced': ['already-in-phase', 'transition-not-allowed', 'precondition-missing', 'initial-tasks-advised'],
  'measure-recorded': ['invalid-item', 'total-mismatch', 'suicidality-flag', 'suicidality-not-recorded'],
  'safety-reviewed': ['outcome-required'],
  'course-completed': ['phases-skipped', 'contract-not-fulfilled', 'safety-flag-open-at-end'],
  'recurrence-detected': ['transition-not-allowed', 'new-acute-course', 'safety-flag-open-at-end'],
  'course-discontinued': ['safety-flag-open-at-end'],
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
