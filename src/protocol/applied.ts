import type { RuleId } from '../rules/index.js'
import type { Protocol, Schedule } from './types.js'

/** A protocol's data, without the rule list that is derived from them. */
type Data = Omit<Protocol, 'rules'>

const weekly = (schedule: Schedule) =>
  schedule.type === 'acute' &&
  schedule.frequency.unit === 'week' &&
  schedule.frequency.every === 1 &&
  (schedule.frequency.times ?? 1) === 1

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
const allowing =
  (area: Protocol['problemAreas']['allowed'][number]): Test =>
  (protocol) =>
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

type Test = (protocol: Data) => boolean
const maintenance: Test = (protocol) => protocol.schedule.type === 'maintenance'
const continuation: Test = (protocol) => protocol.schedule.type === 'continuation'
/** A rule only the data's own `rule` fields apply (see {@link named}). */
const byData: Test = () => false

/**
 * The test of each rule a protocol's data decide, rules sharing a test listed together. The rules not here
 * (READY-2 … READY-8, MAINT-5) are applied by no data a protocol carries: a protocol lists them itself (they decide
 * what readiness asks, or offer a plan option); a rule the data name (an extra contact's or a population's `rule`)
 * is applied too. The words of each test are in {@link dataRules}, kept apart so that a bundle which only validates
 * protocols leaves them out (test/rules.test.ts checks that both name the same rules).
 */
const tests: ReadonlyArray<readonly [Test, ...RuleId[]]> = /* @__PURE__ */ (() => [
  [
    always,
    'SCHED-3',
    'SCHED-6',
    'PHASE-6',
    'AREA-1',
    'AREA-10',
    'READY-1',
    'MEAS-1',
    'MEAS-2',
    'MEAS-3',
    'MEAS-4',
    'MEAS-6',
    'LOG-1',
    'SCHED-7',
  ],
  [acute, 'PHASE-1', 'PHASE-3', 'PHASE-5', 'PHASE-7', 'AREA-2'],
  [maintenance, 'MAINT-1', 'MAINT-3', 'MAINT-4'],
  [continuation, 'MAINT-6'],
  [(protocol) => protocol.entry?.remission !== undefined, 'MAINT-2'],
  [({ monitoring }) => Object.keys(monitoring.episodeRange ?? {}).length > 0, 'MAINT-7'],
  [byData, 'IPTA-1', 'IPTA-2', 'IPTA-3'],
  [allowing('interpersonal-deficits'), 'AREA-4', 'AREA-9'],
  [allowing('role-transition'), 'AREA-5', 'AREA-8'],
  [allowing('grief'), 'AREA-6'],
  [allowing('role-dispute'), 'AREA-7'],
  [(protocol) => hasStandardSessions(protocol.schedule), 'SCHED-1'],
  [(protocol) => hasStandardLength(protocol.schedule), 'SCHED-2'],
  [
    ({ schedule }) =>
      schedule.type === 'acute' &&
      schedule.frequency.unit === 'week' &&
      schedule.frequency.every === 1 &&
      schedule.sessions.min <= 17 &&
      schedule.sessions.max >= 8,
    'SCHED-4',
  ],
  [
    ({ schedule }) =>
      schedule.type === 'acute' || (schedule.type === 'maintenance' && (schedule.frequency.times ?? 1) > 1),
    'SCHED-5',
  ],
  [
    ({ schedule, initialTasks }) =>
      schedule.type === 'acute' && initialTasks.required.length + initialTasks.advised.length > 0,
    'PHASE-2',
  ],
  [
    ({ schedule }) =>
      schedule.type === 'acute' &&
      schedule.sessions.min > schedule.phases.initialMaxSessions + schedule.phases.terminationSessions,
    'PHASE-4',
  ],
  [(protocol) => protocol.problemAreas.max <= 2, 'AREA-3'],
  [(protocol) => acute(protocol) && protocol.monitoring.review !== undefined, 'MEAS-5'],
  [
    ({ monitoring, schedule, initialTasks }) =>
      monitoring.ratingEverySessions !== undefined ||
      (schedule.type === 'acute' && [...initialTasks.required, ...initialTasks.advised].includes('baseline-measure')),
    'MEAS-7',
  ],
])()

const acuteSchedule = 'an acute schedule'
const everyProtocol = 'every protocol'
const namedByData = 'named by the data: an extra contact’s, a session’s participants’ or the monitoring’s `rule`'
const maintenanceSchedule = 'a maintenance schedule'

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
  Object.freeze({
    'SCHED-1': 'an acute schedule of 12–16 weekly sessions (minimum at least 12, maximum at most 16)',
    'SCHED-2': 'sessions of 45–60 minutes (minimum at least 45, maximum at most 60)',
    'SCHED-3': 'every protocol (every course has a treatment contract)',
    'SCHED-4':
      'an acute schedule of weekly sessions whose range meets 8–17 sessions (about 2–4 months; reading "about" so is a design choice)',
    'SCHED-5':
      'an acute schedule (its first sessions may run at another frequency, `earlyFrequency`) or several contacts a period (`frequency.times`)',
    'SCHED-6': 'every protocol (a missed session moves the plan)',
    'SCHED-7':
      'every protocol (repeated missed sessions are watched; the thresholds are `monitoring.attendance`, default 2 in a row or 3 in all)',
    'PHASE-1': 'an acute schedule (its `phases.initialMaxSessions`)',
    'PHASE-2': 'an acute schedule with initial tasks, required or advised (`initialTasks`)',
    'PHASE-3': 'an acute schedule (the guard into the middle phase)',
    'PHASE-4':
      'an acute schedule whose shortest course has a middle phase (minimum sessions above initial plus termination)',
    'PHASE-5': 'an acute schedule (its `phases.terminationSessions`)',
    'PHASE-6': everyProtocol,
    'PHASE-7': 'an acute schedule (its completion is checked for response and remission)',
    'AREA-1': everyProtocol,
    'AREA-2': 'an acute schedule (areas are chosen in the initial phase)',
    'AREA-3': 'at most two problem areas (`problemAreas.max` at most 2)',
    'AREA-4': `${acuteSchedule} allowing interpersonal deficits`,
    'AREA-5': `${acuteSchedule} allowing role transitions`,
    'AREA-6': `${acuteSchedule} allowing grief`,
    'AREA-7': `${acuteSchedule} allowing role disputes`,
    'AREA-8': `${acuteSchedule} allowing role transitions`,
    'AREA-9': `${acuteSchedule} allowing interpersonal deficits`,
    'AREA-10': everyProtocol,
    'MAINT-1': maintenanceSchedule,
    'MAINT-2': 'entry criteria asking for remission on the previous course (`entry.remission`)',
    'MAINT-3': maintenanceSchedule,
    'MAINT-4': maintenanceSchedule,
    'MAINT-6': 'a continuation schedule (its `taper`)',
    'MAINT-7': 'an episode range to watch for recurrence (`monitoring.episodeRange`)',
    'READY-1': 'every protocol (safety is not a per-protocol option)',
    'MEAS-1': everyProtocol,
    'MEAS-2': everyProtocol,
    'MEAS-3': everyProtocol,
    'MEAS-4': everyProtocol,
    'MEAS-5': 'an acute schedule with a review point (`monitoring.review`)',
    'MEAS-6': everyProtocol,
    'MEAS-7':
      'a rating interval (`monitoring.ratingEverySessions`), or an acute schedule with a baseline-measure initial task',
    'IPTA-1': namedByData,
    'IPTA-2': namedByData,
    'IPTA-3': namedByData,
    'LOG-1': everyProtocol,
  }))()

/** Whether the data decide `rule` (rather than the protocol listing it itself). */
export function decidedByData(rule: RuleId): boolean {
  return tests.some(([, ...decided]) => decided.includes(rule))
}

/** The rules `protocol`'s data apply: those whose test holds, and those the data name. */
export function appliedRules(protocol: Data): Set<RuleId> {
  const applied = new Set<RuleId>()
  for (const [test, ...decided] of tests) if (test(protocol)) for (const rule of decided) applied.add(rule)
  for (const rule of named(protocol)) if (rule) applied.add(rule)
  return applied
}
