/**
 * The plan's types, written out field by field so that the API reference can name and document them. The schemas
 * in ./schema.ts stay the source of truth: test/schema-types.test.ts fails (in `npm run typecheck`) when a type
 * here and the type its schema infers differ in any field.
 */
import type { Blackout, CalendarDate } from '../calendar/index.js'
import type { Issue } from '../issues/index.js'
import type { ContactKind, Participant, Schedule } from '../protocol/index.js'
import type { ContactPhase } from './schema.js'

/**
 * Follow-up consultations after the course (MAINT-5): one every `everyMonths` months, `count` times, counted from
 * the last session (see {@link FollowUpPolicySchema}). It is not IPT-M.
 *
 * @example
 * ```ts
 * const followUp: FollowUpPolicy = { everyMonths: 6, count: 2 }
 * ```
 */
export interface FollowUpPolicy {
  /** Months between follow-ups, 3–6. */
  everyMonths: number
  /** How many follow-ups, 1–20. */
  count: number
}

/**
 * Options of {@link planCourse} (see {@link PlanOptionsSchema}). `sessions`, `months` and `sessionMinutes`
 * default to the protocol's defaults and must lie in its ranges.
 *
 * @example
 * ```ts
 * const options: PlanOptions = { start: '2027-03-01', time: '10:00', timeZone: 'Europe/Berlin', sessions: 12 }
 * ```
 */
export interface PlanOptions {
  /** The date of the first contact, `'YYYY-MM-DD'`. */
  start: CalendarDate
  /** The local time of every contact, `'HH:mm'`. */
  time: string
  /** The clinic's IANA time zone, e.g. `'America/New_York'`. */
  timeZone: string
  /** The contracted number of sessions (acute protocols), within the protocol's range (SCHED-1). */
  sessions?: number | undefined
  /** The span in months (maintenance protocols), within the protocol's range (MAINT-1). */
  months?: number | undefined
  /** The session length in minutes, within the protocol's range (SCHED-2). */
  sessionMinutes?: number | undefined
  /** Inclusive date ranges with no contacts: holidays, closures (SCHED-6). */
  blackouts?: Blackout[] | undefined
  /** Follow-up consultations after the course (MAINT-5); none by default. */
  followUp?: FollowUpPolicy | undefined
  /**
   * Advise (`start-delayed`) when blackouts move the first contact more than this many weeks past `start`: a
   * blackout typed with the wrong year is a likely mistake. Design default 8; 1–520.
   */
  delayAdvisoryWeeks?: number | undefined
}

/**
 * One planned contact (see {@link PlannedContactSchema}).
 *
 * @example
 * ```ts
 * const first: PlannedContact | undefined = plan.contacts[0]
 * ```
 */
export interface PlannedContact {
  /** `kind-date`, e.g. `'session-2027-03-15'`: the same while the contact keeps its date. */
  id: string
  /** What kind of contact it is. */
  kind: ContactKind
  /** Its number within its kind, from 1. */
  number: number
  /** The phase it belongs to. */
  phase: ContactPhase
  /** When it starts: an ISO instant with the zone's offset, e.g. `'2027-03-15T16:00:00-04:00'`. */
  start: string
  /** Its length in minutes. */
  durationMinutes: number
  /** Who takes part. */
  participants: Participant[]
  /** `'planned'`, or `'held'`, `'missed'` or `'cancelled'` once {@link reschedulePlan} or a course's events recorded it so. */
  status: 'planned' | 'held' | 'missed' | 'cancelled'
  /** When a held contact actually took place (an ISO instant), which may differ from `start`. */
  heldAt?: string | undefined
}

/**
 * A course plan: what it was planned from and the resulting `contacts` in time order (see
 * {@link CoursePlanSchema}). Plain JSON, versioned by `schemaVersion`.
 *
 * @example
 * ```ts
 * const plan: CoursePlan = planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' })
 * ```
 */
export interface CoursePlan {
  /** The version of this record's shape. */
  schemaVersion: 1
  /** The id of the protocol it was planned for. */
  protocolId: string
  /** That protocol's version. */
  protocolVersion: string
  /** A copy of the protocol's schedule, so that the plan can be rescheduled on its own. */
  schedule: Schedule
  /** The date of the first contact, as asked. */
  start: CalendarDate
  /** The local time of every contact, `'HH:mm'`. */
  time: string
  /** The clinic's IANA time zone. */
  timeZone: string
  /** The contracted number of sessions (the protocol's default unless asked otherwise). */
  sessions: number
  /** The span in months, for a maintenance protocol. */
  months?: number | undefined
  /** The session length in minutes. */
  sessionMinutes: number
  /** Date ranges with no contacts, as asked and as added by {@link reschedulePlan}. */
  blackouts: Blackout[]
  /** The follow-up policy, when asked for. */
  followUp?: FollowUpPolicy | undefined
  /** The contacts recorded as missed or cancelled: they stay in `contacts` and do not count (SCHED-6). */
  skipped: {
    /** The contact's id. */
    contactId: string
    /** What happened to it. */
    type: 'missed' | 'cancelled'
  }[]
  /** The contacts recorded as held, with the time each took place: they stay where they were and count (SCHED-6). */
  held?:
    | {
        /** The contact's id. */
        contactId: string
        /** When it took place, an ISO instant. */
        at: string
      }[]
    | undefined
  /** The `delayAdvisoryWeeks` the plan was made with, when one was given (the default is 8). */
  delayAdvisoryWeeks?: number | undefined
  /** How many changes {@link reschedulePlan} (or the course's events) made to the plan: none until the first. */
  revision?: number | undefined
  /** Every planned contact, in time order. */
  contacts: PlannedContact[]
  /** Advice about the plan, e.g. `time-shifted` when a daylight-saving gap moved a contact. */
  advisories: Issue[]
}
