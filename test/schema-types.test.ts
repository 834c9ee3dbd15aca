/**
 * The exported types that are written out field by field (for the API reference) are the types their schemas
 * infer, field for field: `expectTypeOf(...).toEqualTypeOf` fails `npm run typecheck` (and so CI) when a schema
 * and its type drift apart, e.g. a field added to a schema but not to its interface, or an optional field made
 * required. At run time these checks do nothing; what runs checks that every event type has its interface.
 */
import {
  type AcuteSchedule,
  type AcuteScheduleSchema,
  type Blackout,
  type BlackoutSchema,
  type ClosureRecordedEvent,
  type ContractAgreedEvent,
  type ContractRenegotiatedEvent,
  type Course,
  type CourseCompletedEvent,
  type CourseDiscontinuedEvent,
  type CourseEvent,
  type CourseEventSchema,
  type CoursePlan,
  type CoursePlanSchema,
  type CourseSchema,
  type ExtraContact,
  type ExtraContactSchema,
  eventTypes,
  type FollowUpPolicy,
  type FollowUpPolicySchema,
  type Frequency,
  type FrequencySchema,
  type InventoryCompletedEvent,
  type Issue,
  type IssueSchema,
  type MaintenanceSchedule,
  type MaintenanceScheduleSchema,
  type MeasureRecordedEvent,
  type PhaseAdvancedEvent,
  type PhoneContactHeldEvent,
  type PhoneContactMissedEvent,
  type PlannedContact,
  type PlannedContactSchema,
  type PlanOptions,
  type PlanOptionsSchema,
  type ProblemAreasAgreedEvent,
  type Protocol,
  type ProtocolSchema,
  type RecurrenceDetectedEvent,
  type SafetyReviewedEvent,
  type Schedule,
  type ScheduleSchema,
  type SessionCancelledEvent,
  type SessionHeldEvent,
  type SessionMissedEvent,
  type TaskCompletedEvent,
} from 'ipt-protocol'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type * as z from 'zod/mini'

/** The event of one type, as the schema infers it. */
type Inferred<T extends CourseEvent['type']> = Extract<z.infer<typeof CourseEventSchema>, { type: T }>

describe('written-out types equal the types their schemas infer', () => {
  it('protocol', () => {
    expectTypeOf<Protocol>().toEqualTypeOf<z.infer<typeof ProtocolSchema>>()
    expectTypeOf<Schedule>().toEqualTypeOf<z.infer<typeof ScheduleSchema>>()
    expectTypeOf<AcuteSchedule>().toEqualTypeOf<z.infer<typeof AcuteScheduleSchema>>()
    expectTypeOf<MaintenanceSchedule>().toEqualTypeOf<z.infer<typeof MaintenanceScheduleSchema>>()
    expectTypeOf<ExtraContact>().toEqualTypeOf<z.infer<typeof ExtraContactSchema>>()
    expectTypeOf<Frequency>().toEqualTypeOf<z.infer<typeof FrequencySchema>>()
  })

  it('plan', () => {
    // Options are what the schema accepts (its input); the rest is what it returns.
    expectTypeOf<PlanOptions>().toEqualTypeOf<z.input<typeof PlanOptionsSchema>>()
    expectTypeOf<CoursePlan>().toEqualTypeOf<z.infer<typeof CoursePlanSchema>>()
    expectTypeOf<PlannedContact>().toEqualTypeOf<z.infer<typeof PlannedContactSchema>>()
    expectTypeOf<FollowUpPolicy>().toEqualTypeOf<z.infer<typeof FollowUpPolicySchema>>()
    expectTypeOf<Blackout>().toEqualTypeOf<z.infer<typeof BlackoutSchema>>()
    expectTypeOf<Issue>().toEqualTypeOf<z.infer<typeof IssueSchema>>()
  })

  it('course and its events', () => {
    expectTypeOf<Course>().toEqualTypeOf<z.infer<typeof CourseSchema>>()
    expectTypeOf<CourseEvent>().toEqualTypeOf<z.infer<typeof CourseEventSchema>>()
    expectTypeOf<SessionHeldEvent>().toEqualTypeOf<Inferred<'session-held'>>()
    expectTypeOf<SessionMissedEvent>().toEqualTypeOf<Inferred<'session-missed'>>()
    expectTypeOf<SessionCancelledEvent>().toEqualTypeOf<Inferred<'session-cancelled'>>()
    expectTypeOf<PhoneContactHeldEvent>().toEqualTypeOf<Inferred<'phone-contact-held'>>()
    expectTypeOf<PhoneContactMissedEvent>().toEqualTypeOf<Inferred<'phone-contact-missed'>>()
    expectTypeOf<ClosureRecordedEvent>().toEqualTypeOf<Inferred<'closure-recorded'>>()
    expectTypeOf<InventoryCompletedEvent>().toEqualTypeOf<Inferred<'inventory-completed'>>()
    expectTypeOf<ProblemAreasAgreedEvent>().toEqualTypeOf<Inferred<'problem-areas-agreed'>>()
    expectTypeOf<ContractAgreedEvent>().toEqualTypeOf<Inferred<'contract-agreed'>>()
    expectTypeOf<ContractRenegotiatedEvent>().toEqualTypeOf<Inferred<'contract-renegotiated'>>()
    expectTypeOf<PhaseAdvancedEvent>().toEqualTypeOf<Inferred<'phase-advanced'>>()
    expectTypeOf<MeasureRecordedEvent>().toEqualTypeOf<Inferred<'measure-recorded'>>()
    expectTypeOf<SafetyReviewedEvent>().toEqualTypeOf<Inferred<'safety-reviewed'>>()
    expectTypeOf<TaskCompletedEvent>().toEqualTypeOf<Inferred<'task-completed'>>()
    expectTypeOf<CourseCompletedEvent>().toEqualTypeOf<Inferred<'course-completed'>>()
    expectTypeOf<RecurrenceDetectedEvent>().toEqualTypeOf<Inferred<'recurrence-detected'>>()
    expectTypeOf<CourseDiscontinuedEvent>().toEqualTypeOf<Inferred<'course-discontinued'>>()
    // 17 interfaces for the 17 event types: a new event type needs its own interface in src/course/types.ts.
    expect(eventTypes).toHaveLength(17)
  })
})
