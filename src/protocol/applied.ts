import type { RuleId } from '../rules/index.js'
import type { Protocol, Schedule } from './schema.js'

/** A protocol's data, without the rule list that is derived from them. */
type Data = Omit<Protocol, 'rules'>

const weekly = (schedule: Schedule) =>
  schedule.frequency.unit === 'week' && schedule.frequency.every === 1 && (schedule.frequency.times ?? 1) === 1

/**
 * Whether a schedule is the one SCHED-1 describes: acute, weekly, and 12–16 sessions whatever is contracted (its
 * minimum at least 12, its maximum at most 16). Group and brief IPT set their own ranges, so SCHED-1 is not theirs.
 */
function hasStandardSessions(schedule: Schedule): boolean {
  return schedule.type === 'acute' && weekly(schedule) && schedule.sessions.min >= 12 && schedule.sessions.max <= 16
}

/** Whether every session length a schedule allows lies within SCHED-2's 45–60 minutes. */
function hasStandardLength(schedule: Schedule): boolean {
  return schedule.sessionMinutes.min >= 45 && schedule.sessionMinutes.max <= 60
}

const acute = (protocol: Data) => protocol.schedule.type === 'acute'
const always = () => true
const allowing = (area: Protocol['problemAreas']['allowed'][number]) => (protocol: Data) =>
  acute(protocol) && protocol.problemAreas.allowed.includes(area)

/** The rules the data name: an extra contact's, a session's participants', the monitoring's, the population's. */
function named(protocol: Data): Set<RuleId | undefined> {
  const { schedule, monitoring, population } = protocol
  return new Set([
    ...schedule.extraContacts.map((contact) => contact.rule),
    ...schedule.participantsBySession.map((entry) => entry.rule),
    monitoring.rule,
    population?.rule,
  ])
}

/**
 * How a protocol's data apply each rule they decide: what applies it, and the test. The rules not listed here
 * (READY-2 … READY-8, MAINT-5) are applied by no data a protocol carries: a protocol lists them itself (they decide
 * what readiness asks, or offer a plan option), and a rule named by the data (an extra contact's `rule`, a
 * population's) is applied too.
 */
const conditions: Readonly<Partial<Record<RuleId, readonly [string, (protocol: Data) => boolean]>>> =
  /* @__PURE__ */ (() => {
    const every = ['every protocol', always] as const
    const byData = [
      'named by the data: an extra contact’s, a session’s participants’ or the monitoring’s `rule`',
      (_: Data) => false,
    ] as const
    const maintenance = [
      'a maintenance schedule',
      (protocol: Data) => protocol.schedule.type === 'maintenance',
    ] as const
    return {
      'SCHED-1': [
        'an acute schedule of 12–16 weekly sessions (minimum at least 12, maximum at most 16)',
        (protocol) => hasStandardSessions(protocol.schedule),
      ],
      'SCHED-2': [
        'sessions of 45–60 minutes (minimum at least 45, maximum at most 60)',
        (protocol) => hasStandardLength(protocol.schedule),
      ],
      'SCHED-3': ['every protocol (every course has a treatment contract)', always],
      'SCHED-4': [
        'an acute schedule of weekly sessions whose range meets 8–17 sessions (about 2–4 months; reading "about" so is a design choice)',
        ({ schedule }) =>
          schedule.type === 'acute' &&
          schedule.frequency.unit === 'week' &&
          schedule.frequency.every === 1 &&
          schedule.sessions.min <= 17 &&
          schedule.sessions.max >= 8,
      ],
      'SCHED-5': [
        'an acute schedule (its first sessions may run at another frequency, `earlyFrequency`) or several contacts a period (`frequency.times`)',
        (protocol) => acute(protocol) || (protocol.schedule.frequency.times ?? 1) > 1,
      ],
      'SCHED-6': ['every protocol (a missed session moves the plan)', always],
      'PHASE-1': ['an acute schedule (its `phases.initialMaxSessions`)', acute],
      'PHASE-2': [
        'an acute schedule with initial tasks, required or advised (`initialTasks`)',
        ({ schedule, initialTasks }) =>
          schedule.type === 'acute' && initialTasks.required.length + initialTasks.advised.length > 0,
      ],
      'PHASE-3': ['an acute schedule (the guard into the middle phase)', acute],
      'PHASE-4': [
        'an acute schedule whose shortest course has a middle phase (minimum sessions above initial plus termination)',
        ({ schedule }) =>
          schedule.type === 'acute' &&
          schedule.sessions.min > schedule.phases.initialMaxSessions + schedule.phases.terminationSessions,
      ],
      'PHASE-5': ['an acute schedule (its `phases.terminationSessions`)', acute],
      'PHASE-6': every,
      'AREA-1': every,
      'AREA-2': ['an acute schedule (areas are chosen in the initial phase)', acute],
      'AREA-3': [
        'at most two problem areas (`problemAreas.max` at most 2)',
        (protocol) => protocol.problemAreas.max <= 2,
      ],
      'AREA-4': ['an acute schedule allowing interpersonal deficits', allowing('interpersonal-deficits')],
      'AREA-5': ['an acute schedule allowing role transitions', allowing('role-transition')],
      'AREA-6': ['an acute schedule allowing grief', allowing('grief')],
      'AREA-7': ['an acute schedule allowing role disputes', allowing('role-dispute')],
      'AREA-8': ['an acute schedule allowing role transitions', allowing('role-transition')],
      'AREA-9': ['an acute schedule allowing interpersonal deficits', allowing('interpersonal-deficits')],
      'AREA-10': every,
      'MAINT-1': maintenance,
      'MAINT-2': maintenance,
      'MAINT-3': maintenance,
      'MAINT-4': maintenance,
      'READY-1': ['every protocol (safety is not a per-protocol option)', always],
      'MEAS-1': every,
      'MEAS-2': every,
      'MEAS-3': every,
      'MEAS-4': every,
      'MEAS-5': [
        'an acute schedule with a review point (`monitoring.review`)',
        (protocol) => acute(protocol) && protocol.monitoring.review !== undefined,
      ],
      'MEAS-6': every,
      'MEAS-7': [
        'a rating interval (`monitoring.ratingEverySessions`), or an acute schedule with a baseline-measure initial task',
        ({ monitoring, schedule, initialTasks }) =>
          monitoring.ratingEverySessions !== undefined ||
          (schedule.type === 'acute' &&
            [...initialTasks.required, ...initialTasks.advised].includes('baseline-measure')),
      ],
      'IPTA-1': byData,
      'IPTA-2': byData,
      'IPTA-3': byData,
      'LOG-1': every,
    }
  })()

/**
 * The rules a protocol's data decide, each with what in the data applies it. A protocol lists exactly the rules its
 * data apply, plus those it lists itself that no data decide (the readiness rules READY-2 … READY-8, the follow-up
 * policy MAINT-5). A rule a protocol's data name (an extra contact's or a population's `rule`) is applied too.
 * `defineProtocol` derives the list; `ProtocolSchema` refuses a protocol whose list says otherwise.
 *
 * @example
 * ```ts
 * dataRules['IPTA-1'] // 'named by the data: an extra contact’s, …'
 * dataRules['READY-4'] // undefined: a protocol lists it itself
 * ```
 */
export const dataRules: Readonly<Partial<Record<RuleId, string>>> = /* @__PURE__ */ (() =>
  Object.freeze(Object.fromEntries(Object.entries(conditions).map(([rule, [condition]]) => [rule, condition]))))()

/** Whether the data decide `rule` (rather than the protocol listing it itself). */
export function decidedByData(rule: RuleId): boolean {
  return Object.hasOwn(conditions, rule)
}

/** The rules `protocol`'s data apply: those whose condition holds, and those the data name. */
export function appliedRules(protocol: Data): Set<RuleId> {
  const applied = new Set<RuleId>()
  for (const [rule, condition] of Object.entries(conditions) as Array<
    [RuleId, readonly [string, (p: Data) => boolean]]
  >)
    if (condition[1](protocol)) applied.add(rule)
  for (const rule of named(protocol)) if (rule) applied.add(rule)
  return applied
}
