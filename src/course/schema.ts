import * as z from 'zod/mini'
import { CalendarDateSchema, InstantSchema } from '../calendar/index.js'
import { instruments } from '../measures/index.js'
import { ParticipantSchema, ProblemAreaSchema, ProtocolSchema } from '../protocol/index.js'
import { CoursePlanSchema } from '../schedule/index.js'
import type { Course, CourseEvent, OpenFlag } from './types.js'

// The written-out types of the course and its events (test/schema-types.test.ts checks them against the schemas).
export type { Course, CourseEvent, OpenFlag }

/**
 * The phase of a course: the three acute phases, continuation (a continuation course, MAINT-6), maintenance (an
 * IPT-M course), and the terminal `completed` and `discontinued` (PHASE-6).
 *
 * @example
 * ```ts
 * CoursePhaseSchema.parse('middle')
 * ```
 */
export const CoursePhaseSchema = /* @__PURE__ */ (() =>
  z.enum(['initial', 'middle', 'termination', 'continuation', 'maintenance', 'completed', 'discontinued']))()

/**
 * `'initial' | 'middle' | 'termination' | 'continuation' | 'maintenance' | 'completed' | 'discontinued'`.
 *
 * @example
 * ```ts
 * const phase: CoursePhase = 'termination'
 * ```
 */
export type CoursePhase = z.infer<typeof CoursePhaseSchema>

/**
 * What a safety review concluded (ipt-reference §8a): `no-current-risk`, `safety-plan`, `referred` or
 * `emergency-care`. `not-recorded` marks a review stored before outcomes were recorded (course schemaVersion 1);
 * a new review should record what it concluded.
 *
 * @example
 * ```ts
 * ReviewOutcomeSchema.parse('safety-plan')
 * ```
 */
export const ReviewOutcomeSchema = /* @__PURE__ */ (() =>
  z.enum(['no-current-risk', 'safety-plan', 'referred', 'emergency-care', 'not-recorded']))()

/**
 * `'no-current-risk' | 'safety-plan' | 'referred' | 'emergency-care' | 'not-recorded'`.
 *
 * @example
 * ```ts
 * const outcome: ReviewOutcome = 'referred'
 * ```
 */
export type ReviewOutcome = z.infer<typeof ReviewOutcomeSchema>

const courseId = /* @__PURE__ */ (() => z.string().check(z.minLength(1)).check(z.maxLength(200)))()

/**
 * An open safety flag as a course stores it (MEAS-2, MEAS-6): when it was raised, by which instrument's suicide
 * item (PHQ-9 item 9, HAM-D-17 item 3) and value, whether it is high risk, and, for a flag carried over from an
 * earlier course of the pathway, the id of the course that raised it (`courseId`).
 *
 * @example
 * ```ts
 * OpenFlagSchema.parse({ at: '2027-03-01T10:50:00-05:00', instrument: 'phq-9', item: 9, value: 3, highRisk: true, rule: 'MEAS-2' })
 * ```
 */
export const OpenFlagSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      at: InstantSchema,
      instrument: z.enum(['phq-9', 'hamd-17']),
      item: z.union([z.literal(9), z.literal(3)]),
      value: z.int().check(z.gte(1)).check(z.lte(4)),
      highRisk: z.boolean(),
      rule: z.enum(['MEAS-2', 'MEAS-6']),
      courseId: z.optional(courseId),
    })
    .check(
      // A flag is what its instrument's suicide item says (a hand-edited record cannot mislabel it).
      z.refine(
        (flag) => {
          const { suicideItem, itemMax } = instruments[flag.instrument]
          return (
            flag.item === suicideItem.item &&
            flag.rule === suicideItem.rule &&
            flag.value <= (itemMax[suicideItem.item - 1] ?? 0) &&
            flag.highRisk === flag.value >= suicideItem.highRiskFrom
          )
        },
        {
          message:
            "A flag's item, rule, value and risk must be those of its instrument's suicide item (MEAS-2, MEAS-6)",
        },
      ),
    ))()

/**
 * Why maintenance psychotherapy stands alone, without medication (MAINT-3): the seed's pregnancy, medication side
 * effects and medical contraindication, and the literature's remission on IPT alone and the patient's preference
 * (Frank 2007), or another reason.
 *
 * @example
 * ```ts
 * MonotherapyReasonSchema.parse('remitted-on-ipt-alone')
 * ```
 */
export const MonotherapyReasonSchema = /* @__PURE__ */ (() =>
  z.enum([
    'pregnancy',
    'medication-side-effects',
    'medical-contraindication',
    'remitted-on-ipt-alone',
    'patient-preference',
    'other',
  ]))()

/**
 * `'pregnancy' | 'medication-side-effects' | 'medical-contraindication' | 'remitted-on-ipt-alone' |
 * 'patient-preference' | 'other'` (MAINT-3).
 *
 * @example
 * ```ts
 * const reason: MonotherapyReason = 'patient-preference'
 * ```
 */
export type MonotherapyReason = z.infer<typeof MonotherapyReasonSchema>

const at = { at: InstantSchema }
const checks = /* @__PURE__ */ (() =>
  z.optional(z.array(z.enum(['suicidality', 'school-attendance'])).check(z.maxLength(2))))()
const areas = /* @__PURE__ */ (() => z.array(ProblemAreaSchema).check(z.minLength(1)).check(z.maxLength(10)))()
const sessions = /* @__PURE__ */ (() => z.int().check(z.gte(1)).check(z.lte(1000)))()
const contactId = /* @__PURE__ */ (() => z.optional(z.string().check(z.minLength(1)).check(z.maxLength(200))))()

/**
 * The initial-phase tasks a course records with `task-completed` (PHASE-2); the baseline measure is recorded as a
 * measure (`measure-recorded` in the initial phase, MEAS-7), so it is not one of them.
 *
 * @example
 * ```ts
 * RecordedTaskSchema.parse('medication-evaluation')
 * ```
 */
export const RecordedTaskSchema = /* @__PURE__ */ (() =>
  z.enum(['diagnosis', 'psychoeducation', 'sick-role', 'medication-evaluation', 'inventory', 'formulation']))()

/**
 * `'diagnosis' | 'psychoeducation' | 'sick-role' | 'medication-evaluation' | 'inventory' | 'formulation'`.
 *
 * @example
 * ```ts
 * const task: RecordedTask = 'sick-role'
 * ```
 */
export type RecordedTask = z.infer<typeof RecordedTaskSchema>

/**
 * The events a host records in a course, discriminated by `type`, each dated by `at`: the 17 event types of
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
      contactId,
      participants: z.optional(z.array(ParticipantSchema).check(z.maxLength(5))),
      checks,
    }),
    z.strictObject({ type: z.literal('session-missed'), ...at, contactId }),
    z.strictObject({ type: z.literal('session-cancelled'), ...at, contactId }),
    z.strictObject({ type: z.literal('phone-contact-held'), ...at, contactId, checks }),
    z.strictObject({ type: z.literal('phone-contact-missed'), ...at, contactId }),
    z.strictObject({ type: z.literal('closure-recorded'), ...at, from: CalendarDateSchema, to: CalendarDateSchema }),
    z.strictObject({ type: z.literal('inventory-completed'), ...at }),
    z.strictObject({ type: z.literal('task-completed'), ...at, task: RecordedTaskSchema }),
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
    z.strictObject({
      type: z.literal('safety-reviewed'),
      ...at,
      outcome: ReviewOutcomeSchema,
      note: z.optional(z.string().check(z.maxLength(2000))),
    }),
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
 * when built-in protocols change), its optional plan, the phase, the initial-phase tasks done (`initialTasks`: when
 * each was first recorded, PHASE-2), what has been agreed (problem areas, contract), counts of contacts (and of the
 * sessions since the last rating, MEAS-7), the measures recorded (with the suicide item: PHQ-9 `item9`, HAM-D-17 `item3`), the safety
 * flags (`safety.open` until a review closes them, MEAS-2, MEAS-6; `safety.reviews`: each review's outcome and the
 * flags it closed, ipt-reference §8a), the course it follows and the one that follows it in a pathway
 * (`linkedCourseId`, `nextCourseId`, set by `startNextCourse`) and the event log. Versioned by `schemaVersion` (4);
 * read stored records with `parseCourse`, which migrates versions 1 to 3. A course with a plan keeps it in step with
 * its events (SCHED-6): held, missed and cancelled contacts are recorded in it, closures and contract changes move
 * or resize it.
 *
 * @example
 * ```ts
 * CourseSchema.parse(createCourse(protocols.ipt, { id: 'course-1' }))
 * ```
 */
export const CourseSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    schemaVersion: z.literal(4),
    id: courseId,
    protocol: ProtocolSchema,
    plan: z.optional(CoursePlanSchema),
    phase: CoursePhaseSchema,
    initialTasks: z.strictObject(
      Object.fromEntries(RecordedTaskSchema.options.map((task) => [task, z.optional(InstantSchema)])) as Record<
        RecordedTask,
        z.ZodMiniOptional<typeof InstantSchema>
      >,
    ),
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
      sessionsSinceRating: z.int().check(z.gte(0)),
    }),
    measures: z.array(
      z.strictObject({
        at: InstantSchema,
        instrument: z.enum(['phq-9', 'hamd-17']),
        total: z.int().check(z.gte(0)).check(z.lte(52)),
        item9: z.optional(z.int().check(z.gte(0)).check(z.lte(3))),
        item3: z.optional(z.int().check(z.gte(0)).check(z.lte(4))),
      }),
    ),
    safety: z.strictObject({
      open: z.array(OpenFlagSchema),
      reviews: z.array(
        z.strictObject({
          at: InstantSchema,
          outcome: ReviewOutcomeSchema,
          note: z.optional(z.string().check(z.maxLength(2000))),
          closed: z.array(OpenFlagSchema),
        }),
      ),
    }),
    linkedCourseId: z.optional(courseId),
    nextCourseId: z.optional(courseId),
    maintenance: z.optional(
      z.strictObject({
        combinedWithMedication: z.boolean(),
        monotherapyReason: z.optional(MonotherapyReasonSchema),
      }),
    ),
    events: z.array(CourseEventSchema),
  }))()
