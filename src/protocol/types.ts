/**
 * The protocol's types, written out field by field so that the API reference can name and document them. The
 * schemas in ./schema.ts stay the source of truth: test/schema-types.test.ts fails (in `npm run typecheck`) when
 * a type here and the type its schema infers differ in any field.
 */
import type { RuleId } from '../rules/index.js'
import type { ContactKind, CourseKind, InitialTask, Participant, ProblemArea, Range } from './schema.js'

/**
 * How often contacts recur: every `every` `unit`s, `times` contacts per period (SCHED-5). `times` above 1 is
 * allowed for weeks only (see {@link FrequencySchema}).
 *
 * @example
 * ```ts
 * const twiceWeekly: Frequency = { every: 1, unit: 'week', times: 2 }
 * ```
 */
export interface Frequency {
  /** The length of the period in `unit`s, 1–366. */
  every: number
  /** The calendar unit of the period. */
  unit: 'day' | 'week' | 'month'
  /** Contacts per period, 1–7 (weeks only); 1 when absent. */
  times?: number | undefined
}

/**
 * A contact a protocol adds to its sessions: IPT-A's weekly phone contact (after sessions 1–4), group IPT's
 * individual pre-group session, brief IPT's engagement session (see {@link ExtraContactSchema}).
 *
 * @example
 * ```ts
 * const preGroup: ExtraContact = {
 *   kind: 'pre-group-session',
 *   placement: { type: 'before-first-session', leadDays: 7 },
 *   durationMinutes: 50,
 *   participants: ['patient'],
 * }
 * ```
 */
export interface ExtraContact {
  /** The kind of the planned contacts (one of the {@link ContactKind}s a protocol may add). */
  kind: Extract<ContactKind, 'phone-contact' | 'pre-group-session' | 'engagement-session' | 'parent-session'>
  /**
   * Where the contacts fall: `after-sessions` places one `offsetDays` after each session `fromSession`…`toSession`,
   * strictly before the next session; `before-first-session` places one `leadDays` before the first session.
   */
  placement:
    | {
        /** One contact after each of a run of sessions. */
        type: 'after-sessions'
        /** The first session of the run (from 1). */
        fromSession: number
        /** The last session of the run. */
        toSession: number
        /** Days after each session, 1–365. */
        offsetDays: number
      }
    | {
        /** One contact before the first session. */
        type: 'before-first-session'
        /** Days before the first session, 1–365. */
        leadDays: number
      }
  /** The length of each contact in minutes, 1–600. */
  durationMinutes: number
  /** Who takes part, 1–5 participants. */
  participants: Participant[]
  /** Where the contact comes from, e.g. `'seed 004'`. */
  source?: string | undefined
  /** The rule the contact implements; advisories about it name this rule. */
  rule?: RuleId | undefined
}

/**
 * Who attends one session when it differs from the schedule's `participants`, e.g. a parent in IPT-A's first
 * session.
 *
 * @example
 * ```ts
 * const parentFirst: SessionParticipants = { session: 'first', participants: ['patient', 'parent'], rule: 'IPTA-2' }
 * ```
 */
export interface SessionParticipants {
  /** The session: `'first'`, `'last'` or its number (from 1). */
  session: 'first' | 'last' | number
  /** Who attends that session. */
  participants: Participant[]
  /** The rule that asks for it. */
  rule?: RuleId | undefined
}

/**
 * The acute schedule: how many sessions (SCHED-1), how often (SCHED-5), how long (SCHED-2), who attends, and the
 * phase bounds (PHASE-1, PHASE-5); see {@link AcuteScheduleSchema}.
 *
 * @example
 * ```ts
 * const schedule = protocols.ipt.schedule
 * if (schedule.type === 'acute') schedule.sessions.default // 16
 * ```
 */
export interface AcuteSchedule {
  /** `'acute'`: a course of sessions with initial, middle and termination phases. */
  type: 'acute'
  /** The number of sessions: the range a contract may choose from and the default (SCHED-1). */
  sessions: Range
  /** How often sessions recur (SCHED-5). */
  frequency: Frequency
  /** Another frequency for the first `sessions` sessions (e.g. twice weekly in the first month). */
  earlyFrequency?:
    | {
        /** How many of the first sessions. */
        sessions: number
        /** Their frequency. */
        frequency: Frequency
      }
    | undefined
  /** Session length in minutes: range and default (SCHED-2). */
  sessionMinutes: Range
  /** Who attends a session, unless `participantsBySession` says otherwise. */
  participants: Participant[]
  /** Sessions with other participants (empty by default). */
  participantsBySession: SessionParticipants[]
  /** At most `initialMaxSessions` sessions in the initial phase (PHASE-1); the last `terminationSessions` end it (PHASE-5). */
  phases: {
    /** The most sessions in the initial phase (PHASE-1). */
    initialMaxSessions: number
    /** The number of last sessions that form the termination phase (PHASE-5). */
    terminationSessions: number
  }
  /** Contacts beside the sessions (empty by default). */
  extraContacts: ExtraContact[]
}

/**
 * A maintenance schedule (IPT-M): sessions at `frequency` over a number of months (MAINT-1); see
 * {@link MaintenanceScheduleSchema}.
 *
 * @example
 * ```ts
 * const schedule = protocols['ipt-m'].schedule
 * if (schedule.type === 'maintenance') schedule.months.default // 36
 * ```
 */
export interface MaintenanceSchedule {
  /** `'maintenance'`: sessions over a span of months, all in the maintenance phase. */
  type: 'maintenance'
  /** The span in months: range and default. */
  months: Range
  /** How often sessions recur, e.g. monthly. */
  frequency: Frequency
  /** Session length in minutes: range and default. */
  sessionMinutes: Range
  /** Who attends a session, unless `participantsBySession` says otherwise. */
  participants: Participant[]
  /** Sessions with other participants (empty by default). */
  participantsBySession: SessionParticipants[]
  /** Contacts beside the sessions (empty by default). */
  extraContacts: ExtraContact[]
}

/**
 * One step of a continuation taper: `sessions` sessions at `frequency` (MAINT-6).
 *
 * @example
 * ```ts
 * const fortnightly: TaperStep = { sessions: 8, frequency: { every: 2, unit: 'week' } }
 * ```
 */
export interface TaperStep {
  /** How many sessions the step has. */
  sessions: number
  /** How often they recur. */
  frequency: Frequency
}

/**
 * A continuation schedule (MAINT-6): tapering sessions between acute treatment and maintenance, all in the
 * `continuation` phase; see {@link ContinuationScheduleSchema}.
 *
 * @example
 * ```ts
 * const schedule = protocols['ipt-continuation'].schedule
 * if (schedule.type === 'continuation') schedule.taper // [{ sessions: 8, frequency: { every: 2, unit: 'week' } }]
 * ```
 */
export interface ContinuationSchedule {
  /** `'continuation'`: tapering sessions after the acute course. */
  type: 'continuation'
  /** The steps of the taper, in order: each step's first session follows the last of the step before at its own interval. */
  taper: TaperStep[]
  /** Session length in minutes: range and default. */
  sessionMinutes: Range
  /** Who attends a session, unless `participantsBySession` says otherwise. */
  participants: Participant[]
  /** Sessions with other participants (empty by default). */
  participantsBySession: SessionParticipants[]
  /** Contacts beside the sessions (empty by default). */
  extraContacts: ExtraContact[]
}

/**
 * The schedule part of a protocol, acute, continuation or maintenance; a plan keeps a copy of it so it can be
 * rescheduled on its own (see {@link ScheduleSchema}).
 *
 * @example
 * ```ts
 * const schedule: Schedule = protocols.ipt.schedule
 * ```
 */
export type Schedule = AcuteSchedule | ContinuationSchedule | MaintenanceSchedule

/**
 * Totals per instrument, e.g. the ratings in the range of a depressive episode (MAINT-7).
 *
 * @example
 * ```ts
 * const episode: InstrumentTotals = { 'phq-9': 10, 'hamd-17': 15 }
 * ```
 */
export interface InstrumentTotals {
  /** A PHQ-9 total, 0–27. */
  'phq-9'?: number | undefined
  /** A HAM-D-17 total, 0–52. */
  'hamd-17'?: number | undefined
}

/**
 * What a protocol asks of the course it follows in a pathway, checked by `startNextCourse`, which advises and
 * never blocks when it is not met.
 *
 * @example
 * ```ts
 * const maintenanceEntry: EntryCriteria = { after: ['acute', 'continuation'], remission: { ratings: 3 } }
 * ```
 */
export interface EntryCriteria {
  /** The kinds of course it follows (by their schedule). */
  after: CourseKind[]
  /**
   * Remission on the previous course's own series, each instrument on its own (MAINT-2): its last `ratings`
   * ratings in remission (HAM-D-17 ≤ 7, PHQ-9 ≤ 4 unless `thresholds` say otherwise), none with a positive
   * suicide item, at most `maxGapDays` apart (default: the longest interval of the previous course's sessions
   * plus 3 days, so 10 after weekly sessions); and no instrument's latest rating out of remission.
   */
  remission?:
    | {
        /** Consecutive ratings in remission: 3 for sustained remission, 1 for the latest alone. */
        ratings: number
        /** The most days between two consecutive ratings. */
        maxGapDays?: number | undefined
        /** The highest total in remission, per instrument. */
        thresholds?: InstrumentTotals | undefined
      }
    | undefined
  /** Whether it follows a recurrence: `recurrence-detected`, or a rating in the previous protocol's episode range (MAINT-4, MAINT-7). */
  recurrence?: boolean | undefined
}

/**
 * A validated protocol variant (see {@link ProtocolSchema}, which checks its cross-field invariants). The
 * built-ins in {@link protocols} and the result of {@link defineProtocol} are protocols.
 *
 * @example
 * ```ts
 * const protocol: Protocol = protocols['ipt-a']
 * ```
 */
export interface Protocol {
  /** Lower-case id of letters, digits and dashes, e.g. `'ipt-a'`. */
  id: string
  /** A name for people, e.g. `'IPT for Depressed Adolescents (IPT-A)'`. */
  name: string
  /** The protocol's own version, `'major.minor.patch'`. */
  version: string
  /** Design choices and notes in prose (empty by default). */
  description: string
  /** The protocol this one was defined from (set by {@link defineProtocol}). */
  basedOn?:
    | {
        /** The base protocol's id. */
        id: string
        /** The base protocol's version. */
        version: string
      }
    | undefined
  /** Individual, group or conjoint (couples) therapy. */
  format: 'individual' | 'group' | 'conjoint'
  /**
   * Who the protocol is for, as `assessReadiness` reads it (ipt-reference §7): the ages, the rule behind them,
   * and the alternative a source names for patients younger or older.
   */
  population?:
    | {
        /** The youngest age, in years (none: no lower bound). */
        minAgeYears?: number | undefined
        /** The oldest age, in years (none: no upper bound). */
        maxAgeYears?: number | undefined
        /** The rule the ages come from, e.g. READY-5 (IPT-A) or READY-8 (late-life IPT). */
        rule?: RuleId | undefined
        /** What to consider for a younger patient, e.g. FB-IPT under 12 for IPT-A. */
        younger?: PopulationAlternative | undefined
        /** What to consider for an older patient. */
        older?: PopulationAlternative | undefined
      }
    | undefined
  /** When contacts happen: acute, continuation or maintenance. */
  schedule: Schedule
  /** The problem areas a course may agree on (AREA-1), and at most how many (AREA-3). */
  problemAreas: {
    /** The areas a course may agree on. */
    allowed: ProblemArea[]
    /** At most how many at once (1–4). */
    max: number
  }
  /**
   * What is watched: the session after which no response means reviewing the plan (MEAS-5, default 8) and the
   * checks due at every contact, e.g. IPT-A's suicidality and school attendance (IPTA-3).
   */
  monitoring: {
    /**
     * When no response means reviewing the plan (MEAS-5): after `share` of the contracted sessions, at least
     * `minSessions` (default half, at least 4); none: no review point.
     */
    review?:
      | {
          /** The share of the contracted sessions, 0–1. */
          share: number
          /** The earliest session of the review. */
          minSessions: number
        }
      | undefined
    /** The most sessions without a rating before one is advised (MEAS-7, default 4); none: no such advice. */
    ratingEverySessions?: number | undefined
    /** The checks due at every contact. */
    eachContact: ('suicidality' | 'school-attendance')[]
    /** The rule that asks for those checks. */
    rule?: RuleId | undefined
    /** Missed sessions that advise an engagement and risk check (SCHED-7); none: 2 in a row or 3 in all. */
    attendance?:
      | {
          /** Missed sessions in a row. */
          missedInARow: number
          /** Missed sessions in all. */
          missedInAll: number
        }
      | undefined
    /** Ratings from which a rating advises assessing for recurrence (MAINT-7), per instrument; none: no such watch. */
    episodeRange?: InstrumentTotals | undefined
  }
  /** The initial-phase tasks (PHASE-2): those the middle phase requires, and those it only advises. */
  initialTasks: {
    /** Required before the middle phase (default the inventory). */
    required: InitialTask[]
    /** Advised: a middle phase without them gives one advisory listing them. */
    advised: InitialTask[]
  }
  /** What it asks of the course it follows in a pathway (see {@link EntryCriteria}); none: nothing. */
  entry?: EntryCriteria | undefined
  /** The ids of the rules the protocol applies (see {@link rules}), derived from its data where data decide. */
  rules: RuleId[]
  /** Where the protocol comes from: manuals, papers (empty by default). */
  sources: string[]
}

/**
 * An alternative to a protocol for a patient outside its population: a protocol id or an adaptation's name, and
 * the source that names it.
 *
 * @example
 * ```ts
 * const younger: PopulationAlternative = { alternative: 'FB-IPT', source: 'family-based IPT for ages 8–12, Dietz 2015' }
 * ```
 */
export interface PopulationAlternative {
  /** The protocol id or adaptation to consider. */
  alternative: string
  /** Where it comes from. */
  source: string
}
