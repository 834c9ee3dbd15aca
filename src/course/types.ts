/**
 * The course's types, written out field by field so that the API reference can name and document them. The
 * schemas in ./schema.ts stay the source of truth: test/schema-types.test.ts fails (in `npm run typecheck`) when
 * a type here and the type its schema infers differ in any field. A change to `CourseSchema` or
 * `CourseEventSchema` is made here too.
 */
import type { Participant, ProblemArea, Protocol } from '../protocol/index.js'
import type { CoursePlan } from '../schedule/index.js'
import type { CoursePhase, MonotherapyReason, RecordedTask, ReviewOutcome } from './schema.js'

/**
 * A session took place.
 *
 * @example
 * ```ts
 * const held: SessionHeldEvent = { type: 'session-held', at: '2027-03-01T16:50:00-05:00', participants: ['patient', 'parent'] }
 * ```
 */
export interface SessionHeldEvent {
  /** `'session-held'` */
  type: 'session-held'
  /** When it was recorded: an ISO instant with offset. Events come in time order (LOG-1). */
  at: string
  /**
   * The planned contact it was, by id (e.g. `'session-2027-03-15'`); without one, a course with a plan matches it to
   * the next due contact and records the id in its log (SCHED-6).
   */
  contactId?: string | undefined
  /** Who took part (up to 5); IPT-A advises when a parent session had no parent (IPTA-2). */
  participants?: Participant[] | undefined
  /** The checks done in the session, e.g. IPT-A's suicidality and school attendance (IPTA-3). */
  checks?: ('suicidality' | 'school-attendance')[] | undefined
}

/**
 * A session was missed: it does not count, and the contracted number stays (SCHED-6).
 *
 * @example
 * ```ts
 * const missed: SessionMissedEvent = { type: 'session-missed', at: '2027-03-15T16:45:00-04:00' }
 * ```
 */
export interface SessionMissedEvent {
  /** `'session-missed'` */
  type: 'session-missed'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /**
   * The planned contact it was, by id (e.g. `'session-2027-03-15'`); without one, a course with a plan matches it to
   * the next due contact and records the id in its log (SCHED-6).
   */
  contactId?: string | undefined
}

/**
 * A session was cancelled: it does not count, and the contracted number stays (SCHED-6).
 *
 * @example
 * ```ts
 * const cancelled: SessionCancelledEvent = { type: 'session-cancelled', at: '2027-03-14T09:00:00-04:00' }
 * ```
 */
export interface SessionCancelledEvent {
  /** `'session-cancelled'` */
  type: 'session-cancelled'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /**
   * The planned contact it was, by id (e.g. `'session-2027-03-15'`); without one, a course with a plan matches it to
   * the next due contact and records the id in its log (SCHED-6).
   */
  contactId?: string | undefined
}

/**
 * A phone contact took place (IPT-A's weekly contact in the first weeks).
 *
 * @example
 * ```ts
 * const call: PhoneContactHeldEvent = { type: 'phone-contact-held', at: '2027-03-04T16:15:00-05:00', checks: ['suicidality'] }
 * ```
 */
export interface PhoneContactHeldEvent {
  /** `'phone-contact-held'` */
  type: 'phone-contact-held'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /**
   * The planned contact it was, by id (e.g. `'session-2027-03-15'`); without one, a course with a plan matches it to
   * the next due contact and records the id in its log (SCHED-6).
   */
  contactId?: string | undefined
  /** The checks done in the call (IPTA-3). */
  checks?: ('suicidality' | 'school-attendance')[] | undefined
}

/**
 * A phone contact did not take place: a course with a plan records it there; it is not replaced (SCHED-6).
 *
 * @example
 * ```ts
 * const missedCall: PhoneContactMissedEvent = { type: 'phone-contact-missed', at: '2027-03-04T17:00:00-05:00' }
 * ```
 */
export interface PhoneContactMissedEvent {
  /** `'phone-contact-missed'` */
  type: 'phone-contact-missed'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /**
   * The planned contact it was, by id (e.g. `'session-2027-03-15'`); without one, a course with a plan matches it to
   * the next due contact and records the id in its log (SCHED-6).
   */
  contactId?: string | undefined
}

/**
 * The clinic is closed from `from` to `to` (inclusive dates): a course with a plan moves the contacts that fall in
 * it to the next free slots, keeping the contracted number (SCHED-6).
 *
 * @example
 * ```ts
 * const closure: ClosureRecordedEvent = { type: 'closure-recorded', at: '2027-12-01T09:00:00Z', from: '2027-12-24', to: '2028-01-02' }
 * ```
 */
export interface ClosureRecordedEvent {
  /** `'closure-recorded'` */
  type: 'closure-recorded'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /** The first closed day, `'YYYY-MM-DD'`. */
  from: string
  /** The last closed day, `'YYYY-MM-DD'`. */
  to: string
}

/**
 * An initial-phase task was done (PHASE-2): diagnosis, psychoeducation, sick role, medication evaluation, inventory
 * or formulation.
 *
 * @example
 * ```ts
 * const done: TaskCompletedEvent = { type: 'task-completed', at: '2027-03-01T16:50:00-05:00', task: 'sick-role' }
 * ```
 */
export interface TaskCompletedEvent {
  /** `'task-completed'` */
  type: 'task-completed'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /** The task. */
  task: RecordedTask
}

/**
 * The interpersonal inventory is complete (needed to enter the middle phase, PHASE-3).
 *
 * @example
 * ```ts
 * const inventory: InventoryCompletedEvent = { type: 'inventory-completed', at: '2027-03-15T10:55:00-04:00' }
 * ```
 */
export interface InventoryCompletedEvent {
  /** `'inventory-completed'` */
  type: 'inventory-completed'
  /** When it was recorded: an ISO instant with offset. */
  at: string
}

/**
 * The problem areas agreed with the patient: 1 to the protocol's maximum, from its list (AREA-3).
 *
 * @example
 * ```ts
 * const agreed: ProblemAreasAgreedEvent = { type: 'problem-areas-agreed', at: '2027-03-15T10:56:00-04:00', areas: ['role-transition'] }
 * ```
 */
export interface ProblemAreasAgreedEvent {
  /** `'problem-areas-agreed'` */
  type: 'problem-areas-agreed'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /** The agreed areas (any non-empty list is accepted here, so that too many are refused by AREA-3 with its rule). */
  areas: ProblemArea[]
}

/**
 * The treatment contract: the number of sessions, within the protocol's range (SCHED-3).
 *
 * @example
 * ```ts
 * const contract: ContractAgreedEvent = { type: 'contract-agreed', at: '2027-03-15T10:57:00-04:00', sessions: 16 }
 * ```
 */
export interface ContractAgreedEvent {
  /** `'contract-agreed'` */
  type: 'contract-agreed'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /** The contracted number of sessions, 1–1000. */
  sessions: number
}

/**
 * The contract changed: more or fewer sessions (SCHED-3), other problem areas (AREA-10), or both, with a reason.
 *
 * @example
 * ```ts
 * const renegotiated: ContractRenegotiatedEvent = {
 *   type: 'contract-renegotiated',
 *   at: '2027-05-03T10:55:00-04:00',
 *   sessions: 18,
 *   reason: 'two sessions lost to illness',
 * }
 * ```
 */
export interface ContractRenegotiatedEvent {
  /** `'contract-renegotiated'` */
  type: 'contract-renegotiated'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /** The new number of sessions (this, `areas` or both). */
  sessions?: number | undefined
  /** The new problem areas (this, `sessions` or both). */
  areas?: ProblemArea[] | undefined
  /** Why, in up to 2,000 characters. */
  reason: string
}

/**
 * The course moves to the next phase; the guards of PHASE-3 and the advisories of PHASE-5 apply.
 *
 * @example
 * ```ts
 * const advanced: PhaseAdvancedEvent = { type: 'phase-advanced', at: '2027-03-15T10:58:00-04:00', to: 'middle' }
 * ```
 */
export interface PhaseAdvancedEvent {
  /** `'phase-advanced'` */
  type: 'phase-advanced'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /** The phase the course enters. */
  to: 'initial' | 'middle' | 'termination' | 'maintenance'
}

/**
 * A rating on PHQ-9 or HAM-D-17, by its items, its total or both (MEAS-1, MEAS-3); PHQ-9 item 9 above 0 raises a
 * safety flag (MEAS-2).
 *
 * @example
 * ```ts
 * const phq9: MeasureRecordedEvent = { type: 'measure-recorded', at: '2027-03-01T16:00:00-05:00', instrument: 'phq-9', total: 14 }
 * ```
 */
export interface MeasureRecordedEvent {
  /** `'measure-recorded'` */
  type: 'measure-recorded'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /** The instrument. */
  instrument: 'phq-9' | 'hamd-17'
  /** The total score, 0–52. */
  total?: number | undefined
  /** The item scores (9 for PHQ-9, 17 for HAM-D-17). */
  items?: number[] | undefined
}

/**
 * A safety review took place: it closes every open safety flag (MEAS-2, MEAS-6) and records what it concluded
 * (ipt-reference §8a). A completed or discontinued course still takes it.
 *
 * @example
 * ```ts
 * const reviewed: SafetyReviewedEvent = { type: 'safety-reviewed', at: '2027-03-01T16:30:00-05:00', outcome: 'safety-plan' }
 * ```
 */
export interface SafetyReviewedEvent {
  /** `'safety-reviewed'` */
  type: 'safety-reviewed'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /** What the review concluded; `not-recorded` only for a review migrated from schemaVersion 1. */
  outcome: ReviewOutcome
  /** A note on the review, up to 2,000 characters. */
  note?: string | undefined
}

/**
 * The course ended as planned; it takes no more events (PHASE-6).
 *
 * @example
 * ```ts
 * const completed: CourseCompletedEvent = { type: 'course-completed', at: '2027-06-14T10:50:00-04:00' }
 * ```
 */
export interface CourseCompletedEvent {
  /** `'course-completed'` */
  type: 'course-completed'
  /** When it was recorded: an ISO instant with offset. */
  at: string
}

/**
 * A recurrence during maintenance: ends the maintenance course and advises a new acute course (MAINT-4).
 *
 * @example
 * ```ts
 * const recurrence: RecurrenceDetectedEvent = { type: 'recurrence-detected', at: '2028-02-01T10:00:00-05:00' }
 * ```
 */
export interface RecurrenceDetectedEvent {
  /** `'recurrence-detected'` */
  type: 'recurrence-detected'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /** A note, up to 2,000 characters. */
  note?: string | undefined
}

/**
 * The course ended early; it takes no more events (PHASE-6).
 *
 * @example
 * ```ts
 * const ended: CourseDiscontinuedEvent = { type: 'course-discontinued', at: '2027-04-01T09:00:00-04:00', reason: 'drop-out' }
 * ```
 */
export interface CourseDiscontinuedEvent {
  /** `'course-discontinued'` */
  type: 'course-discontinued'
  /** When it was recorded: an ISO instant with offset. */
  at: string
  /** Why it ended. */
  reason: 'drop-out' | 'referral' | 'other'
  /** A note, up to 2,000 characters. */
  note?: string | undefined
}

/**
 * An event of a course, discriminated by `type` (see {@link CourseEventSchema}): one of the 17 event types.
 *
 * @example
 * ```ts
 * const event: CourseEvent = { type: 'session-held', at: '2027-03-01T16:50:00-05:00', participants: ['patient', 'parent'] }
 * ```
 */
export type CourseEvent =
  | SessionHeldEvent
  | SessionMissedEvent
  | SessionCancelledEvent
  | PhoneContactHeldEvent
  | PhoneContactMissedEvent
  | ClosureRecordedEvent
  | InventoryCompletedEvent
  | ProblemAreasAgreedEvent
  | ContractAgreedEvent
  | ContractRenegotiatedEvent
  | PhaseAdvancedEvent
  | MeasureRecordedEvent
  | SafetyReviewedEvent
  | TaskCompletedEvent
  | CourseCompletedEvent
  | RecurrenceDetectedEvent
  | CourseDiscontinuedEvent

/**
 * One patient's course as a plain JSON record (see {@link CourseSchema}). Versioned by `schemaVersion`; read
 * stored records with {@link parseCourse}.
 *
 * @example
 * ```ts
 * const course: Course = createCourse(protocols['ipt-a'], { id: 'teen-7' })
 * ```
 */
export interface Course {
  /** The version of this record's shape; {@link parseCourse} migrates older ones. */
  schemaVersion: 4
  /** The host's id for the course, 1–200 characters. */
  id: string
  /** A snapshot of the protocol it runs under, so that it keeps its meaning when built-ins change. */
  protocol: Protocol
  /** Its plan, when one was given. */
  plan?: CoursePlan | undefined
  /** The current phase; it changes only through events. */
  phase: CoursePhase
  /** The initial-phase tasks done, each with when it was first recorded (PHASE-2). */
  initialTasks: Partial<Record<RecordedTask, string | undefined>>
  /** The agreed problem areas. */
  problemAreas: ProblemArea[]
  /** The treatment contract: sessions, when agreed, how often renegotiated. */
  contract?:
    | {
        /** The contracted number of sessions. */
        sessions: number
        /** When it was agreed. */
        agreedAt: string
        /** How often it was renegotiated. */
        renegotiations: number
      }
    | undefined
  /** Contacts recorded so far. */
  counts: {
    /** Sessions held. */
    sessionsHeld: number
    /** Sessions missed. */
    sessionsMissed: number
    /** Sessions cancelled. */
    sessionsCancelled: number
    /** Phone contacts held. */
    phoneContactsHeld: number
    /** Sessions held since the last rating (MEAS-7). */
    sessionsSinceRating: number
  }
  /** The ratings recorded, in time order, with the suicide item when the items were given. */
  measures: {
    /** When it was rated. */
    at: string
    /** The instrument. */
    instrument: 'phq-9' | 'hamd-17'
    /** The total score. */
    total: number
    /** PHQ-9's item 9 (thoughts of death or self-harm), 0–3, when the items were given. */
    item9?: number | undefined
    /** HAM-D-17's item 3 (suicide), 0–4, when the items were given. */
    item3?: number | undefined
  }[]
  /** The safety flags: open until a review closes them (MEAS-2, MEAS-6), and every review with what it closed. */
  safety: {
    /** The open flags, oldest first; each is repeated on every event until a review. */
    open: OpenFlag[]
    /** The reviews, in order: when, the outcome, an optional note and the flags each closed (ipt-reference §8a). */
    reviews: {
      /** When the review took place. */
      at: string
      /** What it concluded. */
      outcome: ReviewOutcome
      /** A note on it. */
      note?: string | undefined
      /** The flags it closed. */
      closed: OpenFlag[]
    }[]
  }
  /** The course this one follows in the pathway (e.g. the acute course of a maintenance course). */
  linkedCourseId?: string | undefined
  /** The course that follows this one in the pathway, set when `startNextCourse` hands it on. */
  nextCourseId?: string | undefined
  /** For a maintenance course: with medication or not, and why not (MAINT-3). */
  maintenance?:
    | {
        /** Whether maintenance IPT is combined with medication (MAINT-3). */
        combinedWithMedication: boolean
        /** Why it stands alone, when it does. */
        monotherapyReason?: MonotherapyReason | undefined
      }
    | undefined
  /** Every accepted event, in order: replaying them gives the same course. */
  events: CourseEvent[]
}

/**
 * A safety flag as a course stores it (see {@link OpenFlagSchema}): raised by a suicide item above 0 (MEAS-2,
 * MEAS-6), open until a safety review closes it.
 *
 * @example
 * ```ts
 * const flag: OpenFlag = { at: '2027-03-01T10:50:00-05:00', instrument: 'phq-9', item: 9, value: 2, highRisk: true, rule: 'MEAS-2' }
 * ```
 */
export interface OpenFlag {
  /** When the measure that raised it was recorded. */
  at: string
  /** The instrument whose suicide item raised it. */
  instrument: 'phq-9' | 'hamd-17'
  /** The item: 9 on PHQ-9, 3 on HAM-D-17. */
  item: 9 | 3
  /** The item's score: 1–3 on PHQ-9, 1–4 on HAM-D-17. */
  value: number
  /** PHQ-9 item 9 at 2–3, HAM-D-17 item 3 at 3–4. */
  highRisk: boolean
  /** MEAS-2 (PHQ-9) or MEAS-6 (HAM-D-17). */
  rule: 'MEAS-2' | 'MEAS-6'
  /** For a flag carried over from an earlier course of the pathway, the id of the course that raised it. */
  courseId?: string | undefined
}
