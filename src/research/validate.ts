/**
 * Validation of courses for the research entry, as fast as a summary of 100,000 stored courses needs. Like
 * `planCourse`, which checks only the parts of a protocol it reads, the fidelity report checks the parts of a course
 * it reads (`FidelityCourse`), each as `CourseSchema` checks it: the id and phase, the protocol snapshot (in full,
 * once per distinct content, kept in a small bounded cache of what passed), the plan's zone, sessions and contacts,
 * the safety flags and reviews, and each event's type, time and the fields the report reads. Derived fields the
 * report does not read (counts, measures, the contract) are not checked.
 */
import * as z from 'zod/mini'
import { InstantSchema, TimeZoneSchema } from '../calendar/index.js'
import {
  type Course,
  type CourseEvent,
  CoursePhaseSchema,
  OpenFlagSchema,
  RecordedTaskSchema,
  ReviewOutcomeSchema,
} from '../course/schema.js'
import { type SafeResult, safeParseWith } from '../issues/index.js'
import { ContactKindSchema, ParticipantSchema, ProblemAreaSchema, ProtocolSchema } from '../protocol/index.js'
import type { PlannedContact } from '../schedule/index.js'

/** The parts of a planned contact the fidelity report reads; `status` as text, for statuses plans may add. */
export type PlanContact = Pick<PlannedContact, 'kind' | 'start'> & { status: string }

/** The parts of a course the fidelity report reads. */
export interface FidelityCourse {
  id: string
  phase: Course['phase']
  protocol: Course['protocol']
  plan?: { timeZone: string; sessions: number; contacts: PlanContact[] } | undefined
  safety: Course['safety']
  events: CourseEvent[]
}

const at = { at: InstantSchema }
const sessions = /* @__PURE__ */ (() => z.int().check(z.gte(1)).check(z.lte(1000)))()

const EventSchema = /* @__PURE__ */ (() =>
  z.discriminatedUnion('type', [
    z.looseObject({
      type: z.literal('session-held'),
      ...at,
      participants: z.optional(z.array(ParticipantSchema).check(z.maxLength(5))),
    }),
    z.looseObject({
      type: z.enum([
        'session-missed',
        'session-cancelled',
        'phone-contact-held',
        'phone-contact-missed',
        'closure-recorded',
        'inventory-completed',
        'problem-areas-agreed',
        'measure-recorded',
        'safety-reviewed',
        'course-completed',
        'recurrence-detected',
      ]),
      ...at,
    }),
    z.looseObject({ type: z.literal('task-completed'), ...at, task: RecordedTaskSchema }),
    z.looseObject({ type: z.literal('contract-agreed'), ...at, sessions }),
    z.looseObject({
      type: z.literal('contract-renegotiated'),
      ...at,
      sessions: z.optional(sessions),
      areas: z.optional(z.array(ProblemAreaSchema).check(z.maxLength(10))),
    }),
    z.looseObject({
      type: z.literal('phase-advanced'),
      ...at,
      to: z.enum(['initial', 'middle', 'termination', 'maintenance']),
    }),
    z.looseObject({ type: z.literal('course-discontinued'), ...at, reason: z.enum(['drop-out', 'referral', 'other']) }),
  ]))()

const RecordSchema = /* @__PURE__ */ (() =>
  z.looseObject({
    schemaVersion: z.literal(4),
    id: z.string().check(z.minLength(1)).check(z.maxLength(200)),
    protocol: z.unknown(),
    plan: z.optional(
      z.looseObject({
        timeZone: TimeZoneSchema,
        sessions: z.int().check(z.gte(1)).check(z.lte(10_000)),
        contacts: z.array(z.looseObject({ kind: ContactKindSchema, start: InstantSchema, status: z.string() })),
      }),
    ),
    phase: CoursePhaseSchema,
    safety: z.looseObject({
      open: z.array(OpenFlagSchema),
      reviews: z.array(z.looseObject({ ...at, outcome: ReviewOutcomeSchema, closed: z.array(OpenFlagSchema) })),
    }),
    events: z.array(EventSchema),
  }))()

const LIMIT = 64
const passed = /* @__PURE__ */ (() => new Map<string, Course['protocol']>())()

/** A protocol snapshot checked by `ProtocolSchema`, from the cache when the same content passed before. */
function protocolOf(value: unknown, path: Array<string | number>): SafeResult<Course['protocol']> {
  let key: string | undefined
  try {
    key = JSON.stringify(value)
  } catch {
    key = undefined
  }
  const known = key === undefined ? undefined : passed.get(key)
  if (known) return { success: true, data: known }
  const checked = safeParseWith(ProtocolSchema, value, [...path, 'protocol'])
  if (checked.success && key !== undefined) {
    if (passed.size >= LIMIT) passed.clear()
    passed.set(key, checked.data)
  }
  return checked
}

/** The parts of a course the report reads, checked, with issue paths under `path`. */
export function checkCourse(input: unknown, path: Array<string | number>): SafeResult<FidelityCourse> {
  const record = safeParseWith(RecordSchema, input, path)
  const protocol = protocolOf((input as { protocol?: unknown } | null | undefined)?.protocol, path)
  if (!record.success || !protocol.success) {
    return {
      success: false,
      issues: [...(record.success ? [] : record.issues), ...(protocol.success ? [] : protocol.issues)],
    }
  }
  const { id, phase, plan, safety, events } = record.data
  return {
    success: true,
    data: {
      id,
      phase,
      protocol: protocol.data,
      ...(plan ? { plan: plan as FidelityCourse['plan'] } : {}),
      safety: safety as Course['safety'],
      events: events as CourseEvent[],
    },
  }
}
