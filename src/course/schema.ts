import * as z from 'zod/mini'
import { InstantSchema } from '../calendar/index.js'
import { ParticipantSchema, ProblemAreaSchema, ProtocolSchema } from '../protocol/index.js'
import { CoursePlanSchema } from '../schedule/index.js'
import type { Course, CourseEvent } from './types.js'

// The written-out types of the course and its events (test/schema-types.test.ts checks them against the schemas).
export type { Course, CourseEvent }

/**
 * The phase of a course: the three acute phases, maintenance (an IPT-M course), and the terminal `completed` and
 * `discontinued` (PHASE-6).
 *
 * @example
 * ```ts
 * CoursePhaseSchema.parse('middle')
 * ```
 */
export const CoursePhaseSchema = /* @__PURE__ */ (() =>
  z.enum(['initial', 'middle', 'termination', 'maintenance', 'completed', 'discontinued']))()

/**
 * `'initial' | 'middle' | 'termination' | 'maintenance' | 'completed' | 'discontinued'`.
 *
 * @example
 * ```ts
 * const phase: CoursePhase = 'termination'
 * ```
 */
export type CoursePhase = z.infer<typeof CoursePhaseSchema>

const at = { at: InstantSchema }
const checks = /* @__PURE__ */ (() =>
  z.optional(z.array(z.enum(['suicidality', 'school-attendance'])).check(z.maxLength(2))))()
const areas = /* @__PURE__ */ (() => z.array(ProblemAreaSchema).check(z.minLength(1)).check(z.maxLength(10)))()
const sessions = /* @__PURE__ */ (() => z.int().check(z.gte(1)).check(z.lte(1000)))()

/**
 * The events a host records in a course, discriminated by `type`, each dated by `at`: the 14 event types of
 * {@link CourseEvent}, whose page lists each with its fields. `areas` accepts any non-empty list so that too many
 * areas are refused by the AREA-3 guard, with its rule id.
 *
 * @example
 * ```ts
 * CourseEventSchema.parse({ type: 'contract-agreed', at: '2027-03-15T10:50:00-04:00', sessions: 16 })
 * ```
 */
export const CourseEventSchema = /* @__PURE__ */ (() =>
  z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('session-held'),
      ...at,
      participants: z.optional(z.array(ParticipantSchema).check(z.maxLength(5))),
      checks,
    }),
    z.strictObject({ type: z.literal('session-missed'), ...at }),
    z.strictObject({ type: z.literal('session-cancelled'), ...at }),
    z.strictObject({ type: z.literal('phone-contact-held'), ...at, checks }),
    z.strictObject({ type: z.literal('inventory-completed'), ...at }),
    z.strictObject({ type: z.literal('problem-areas-agreed'), ...at, areas }),
    z.strictObject({ type: z.literal('contract-agreed'), ...at, sessions }),
    z
      .strictObject({
        type: z.literal('contract-renegotiated'),
        ...at,
        sessions: z.optional(sessions),
        areas: z.optional(areas),
        reason: z.string().check(z.minLength(1)).check(z.maxLength(2000)),
      })
      .check(
        z.refine((event) => event.sessions !== undefined || event.areas !== undefined, {
          message: 'A renegotiation changes sessions, areas or both',
          path: ['sessions'],
        }),
      ),
    z.strictObject({
      type: z.literal('phase-advanced'),
      ...at,
      to: z.enum(['initial', 'middle', 'termination', 'maintenance']),
    }),
    z
      .strictObject({
        type: z.literal('measure-recorded'),
        ...at,
        instrument: z.enum(['phq-9', 'hamd-17']),
        total: z.optional(z.int().check(z.gte(0)).check(z.lte(52))),
        items: z.optional(z.array(z.int().check(z.gte(0)).check(z.lte(4))).check(z.maxLength(17))),
      })
      .check(
        z.refine((event) => event.total !== undefined || event.items !== undefined, {
          message: 'A measure gives its items, its total or both',
          path: ['total'],
        }),
      ),
    z.strictObject({ type: z.literal('safety-reviewed'), ...at }),
    z.strictObject({ type: z.literal('course-completed'), ...at }),
    z.strictObject({
      type: z.literal('recurrence-detected'),
      ...at,
      note: z.optional(z.string().check(z.maxLength(2000))),
    }),
    z.strictObject({
      type: z.literal('course-discontinued'),
      ...at,
      reason: z.enum(['drop-out', 'referral', 'other']),
      note: z.optional(z.string().check(z.maxLength(2000))),
    }),
  ]))()

/**
 * The type of an event.
 *
 * @example
 * ```ts
 * const type: EventType = 'phase-advanced'
 * ```
 */
export type EventType = CourseEvent['type']

/**
 * Every event type, in the order of the architecture page.
 *
 * @example
 * ```ts
 * eventTypes.includes('course-completed') // true
 * ```
 */
export const eventTypes: readonly EventType[] = /* @__PURE__ */ (() =>
  CourseEventSchema.def.options.flatMap((option) => option.shape.type.def.values))()

/**
 * One patient's course as a plain JSON record: a snapshot of the protocol it runs under (so it keeps its meaning
 * when built-in protocols change), its optional plan, the phase, what has been agreed (problem areas, contract),
 * counts of contacts, the measures recorded, the open safety flags (MEAS-2), the acute course a maintenance course
 * follows (`linkedCourseId`) and the event log. Versioned by `schemaVersion`; read stored records with `parseCourse`.
 *
 * @example
 * ```ts
 * CourseSchema.parse(createCourse(protocols.ipt, { id: 'course-1' }))
 * ```
 */
export const CourseSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    schemaVersion: z.literal(1),
    id: z.string().check(z.minLength(1)).check(z.maxLength(200)),
    protocol: ProtocolSchema,
    plan: z.optional(CoursePlanSchema),
    phase: CoursePhaseSchema,
    inventoryCompletedAt: z.optional(InstantSchema),
    problemAreas: z.array(ProblemAreaSchema).check(z.maxLength(4)),
    contract: z.optional(
      z.strictObject({
        sessions: z.int().check(z.gte(1)),
        agreedAt: InstantSchema,
        renegotiations: z.int().check(z.gte(0)),
      }),
    ),
    counts: z.strictObject({
      sessionsHeld: z.int().check(z.gte(0)),
      sessionsMissed: z.int().check(z.gte(0)),
      sessionsCancelled: z.int().check(z.gte(0)),
      phoneContactsHeld: z.int().check(z.gte(0)),
    }),
    measures: z.array(
      z.strictObject({
        at: InstantSchema,
        instrument: z.enum(['phq-9', 'hamd-17']),
        total: z.int().check(z.gte(0)).check(z.lte(52)),
        item9: z.optional(z.int().check(z.gte(0)).check(z.lte(3))),
      }),
    ),
    safety: z.strictObject({
      open: z.array(
        z.strictObject({ at: InstantSchema, value: z.int().check(z.gte(1)).check(z.lte(3)), highRisk: z.boolean() }),
      ),
      lastReviewedAt: z.optional(InstantSchema),
    }),
    linkedCourseId: z.optional(z.string().check(z.minLength(1)).check(z.maxLength(200))),
    maintenance: z.optional(
      z.strictObject({
        combinedWithMedication: z.boolean(),
        monotherapyReason: z.optional(z.enum(['pregnancy', 'medication-side-effects', 'medical-contraindication'])),
      }),
    ),
    events: z.array(CourseEventSchema),
  }))()
