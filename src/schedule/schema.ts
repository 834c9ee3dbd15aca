import * as z from 'zod/mini'
import {
  BlackoutSchema,
  CalendarDateSchema,
  InstantSchema,
  TimeOfDaySchema,
  TimeZoneSchema,
} from '../calendar/index.js'
import { addIssue, IssueSchema } from '../issues/index.js'
import { ContactKindSchema, ParticipantSchema, ScheduleSchema } from '../protocol/index.js'
import type { CoursePlan } from './types.js'

/**
 * An optional follow-up policy after the course (MAINT-5): one consultation every `everyMonths` months (3–6),
 * `count` times, counted from the last session. Off unless given; it is not IPT-M. Each follow-up is a
 * patient-only contact of the plan's session length (design choice).
 *
 * @example
 * ```ts
 * FollowUpPolicySchema.parse({ everyMonths: 3, count: 4 }) // a year of quarterly check-ins
 * ```
 */
export const FollowUpPolicySchema = /* @__PURE__ */ (() =>
  z.strictObject({ everyMonths: z.int(), count: z.int() }).check(
    z.superRefine((policy, ctx) => {
      for (const [key, min, max] of [
        ['everyMonths', 3, 6],
        ['count', 1, 20],
      ] as const) {
        const value = policy[key]
        if (value < min || value > max) {
          addIssue(ctx, 'out-of-range', `${key} must be ${min} to ${max} for a follow-up policy, got ${value}`, [key], {
            rule: 'MAINT-5',
            params: { value, min, max },
          })
        }
      }
    }),
  ))()

/**
 * Options of {@link planCourse}: `start` is the date of the first contact, `time` the local time of every contact,
 * `timeZone` the clinic's IANA zone. `sessions` (acute protocols) is the contracted count and `months`
 * (maintenance protocols) the span; both default to the protocol's default and must lie in its range, as must
 * `sessionMinutes`. `blackouts` are inclusive date ranges with no contacts; `followUp` adds MAINT-5 follow-ups.
 *
 * @example
 * ```ts
 * PlanOptionsSchema.parse({ start: '2027-03-01', time: '10:00', timeZone: 'America/New_York' })
 * ```
 */
export const PlanOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    start: CalendarDateSchema,
    time: TimeOfDaySchema,
    timeZone: TimeZoneSchema,
    // No bounds of their own: planning checks each against the protocol's range and names the rule (SCHED-3, MAINT-1).
    sessions: z.optional(z.int()),
    months: z.optional(z.int()),
    sessionMinutes: z.optional(z.int()),
    blackouts: z.optional(z.array(BlackoutSchema).check(z.maxLength(1000))),
    followUp: z.optional(FollowUpPolicySchema),
    delayAdvisoryWeeks: z.optional(z.int().check(z.gte(1)).check(z.lte(520))),
  }))()

/**
 * The phase a planned contact belongs to.
 *
 * @example
 * ```ts
 * ContactPhaseSchema.parse('termination')
 * ```
 */
export const ContactPhaseSchema = /* @__PURE__ */ (() =>
  z.enum(['initial', 'middle', 'termination', 'continuation', 'maintenance', 'follow-up']))()

/**
 * `'initial' | 'middle' | 'termination' | 'continuation' | 'maintenance' | 'follow-up'`.
 *
 * @example
 * ```ts
 * const phase: ContactPhase = 'middle'
 * ```
 */
export type ContactPhase = z.infer<typeof ContactPhaseSchema>

/**
 * One planned contact. `id` is `kind-date` (`'session-2027-03-15'`) and stays the same while the contact keeps its
 * date; `number` counts from 1 within its kind; `start` is an ISO instant with the zone's offset; `status` is
 * `'planned'`, or `'held'` (with the actual time in `heldAt`), `'missed'` or `'cancelled'` once
 * {@link reschedulePlan} or the course's events recorded it so.
 *
 * @example
 * ```ts
 * PlannedContactSchema.parse(planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'UTC' }).contacts[0])
 * ```
 */
export const PlannedContactSchema = /* @__PURE__ */ (() =>
  z.object({
    id: z.string(),
    kind: ContactKindSchema,
    number: z.int().check(z.gte(1)),
    phase: ContactPhaseSchema,
    start: InstantSchema,
    // At most the 600 minutes a protocol's sessions and extra contacts may last, so that every contact ends in time.
    durationMinutes: z.int().check(z.gte(1), z.lte(600)),
    participants: z.array(ParticipantSchema),
    status: z.enum(['planned', 'held', 'missed', 'cancelled']),
    heldAt: z.optional(InstantSchema),
  }))()

/**
 * A change to a plan: a contact `held` (by id, with the actual time `at`), `missed` or `cancelled` (by id), a new
 * `blackout` (inclusive dates), or a new contracted number of `sessions` (SCHED-3, an acute plan). These are the
 * changes a course's events make to the course's plan (SCHED-6).
 *
 * @example
 * ```ts
 * PlanChangeSchema.parse({ type: 'held', contactId: 'session-2027-03-15', at: '2027-03-15T10:00:00Z' })
 * PlanChangeSchema.parse({ type: 'missed', contactId: 'session-2027-03-15' })
 * PlanChangeSchema.parse({ type: 'blackout', from: '2027-12-24', to: '2027-12-31' })
 * PlanChangeSchema.parse({ type: 'sessions', sessions: 16 })
 * ```
 */
export const PlanChangeSchema = /* @__PURE__ */ (() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('held'), contactId: z.string(), at: InstantSchema }),
    z.strictObject({ type: z.enum(['missed', 'cancelled']), contactId: z.string() }),
    z.strictObject({ type: z.literal('blackout'), from: CalendarDateSchema, to: CalendarDateSchema }),
    z.strictObject({ type: z.literal('sessions'), sessions: z.int().check(z.gte(1)).check(z.lte(1000)) }),
  ]))()

/**
 * A change to a plan (see {@link PlanChangeSchema}).
 *
 * @example
 * ```ts
 * const change: PlanChange = { type: 'cancelled', contactId: 'phone-contact-2027-03-04' }
 * ```
 */
export type PlanChange = z.infer<typeof PlanChangeSchema>

/**
 * A course plan: what it was planned from (protocol id and version, a copy of the protocol's schedule, the
 * options and the contacts recorded as missed or cancelled) and the resulting `contacts` in time order, with
 * `advisories` (e.g. a contact moved by a daylight-saving gap). Plain JSON, versioned by `schemaVersion`.
 *
 * @example
 * ```ts
 * const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'UTC' })
 * CoursePlanSchema.parse(JSON.parse(JSON.stringify(plan)))
 * ```
 */
export const CoursePlanSchema = /* @__PURE__ */ (() =>
  z.object({
    schemaVersion: z.literal(1),
    protocolId: z.string(),
    protocolVersion: z.string(),
    schedule: ScheduleSchema,
    start: CalendarDateSchema,
    time: TimeOfDaySchema,
    timeZone: TimeZoneSchema,
    sessions: z.int().check(z.gte(1), z.lte(10_000)),
    months: z.optional(z.int().check(z.gte(1), z.lte(120))),
    sessionMinutes: z.int().check(z.gte(1), z.lte(600)),
    blackouts: z.array(BlackoutSchema).check(z.maxLength(2000)),
    followUp: z.optional(FollowUpPolicySchema),
    skipped: z
      .array(z.strictObject({ contactId: z.string(), type: z.enum(['missed', 'cancelled']) }))
      .check(z.maxLength(10_000)),
    held: z.optional(z.array(z.strictObject({ contactId: z.string(), at: InstantSchema })).check(z.maxLength(10_000))),
    delayAdvisoryWeeks: z.optional(z.int().check(z.gte(1)).check(z.lte(520))),
    revision: z.optional(z.int().check(z.gte(0))),
    contacts: z.array(PlannedContactSchema),
    advisories: z.array(IssueSchema),
  }))()

/** What a plan is generated from: the plan without its results. */
export type PlanBasis = Omit<CoursePlan, 'contacts' | 'advisories'>
