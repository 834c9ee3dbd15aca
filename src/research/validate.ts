/**
 * Validation of courses for the research entry, as fast as a summary of 100,000 stored courses needs. A course is
 * checked against `CourseSchema` in full, except that its protocol snapshot and its plan's copy of the schedule,
 * which many courses share to the letter, are checked once per distinct content (kept in a small bounded cache of
 * what passed). Whatever fails is checked again by `CourseSchema` itself, so the issues are the same as its own.
 */
import * as z from 'zod/mini'
import { type Course, CourseSchema } from '../course/schema.js'
import { type SafeResult, safeParseWith } from '../issues/index.js'
import { ProtocolSchema, ScheduleSchema } from '../protocol/index.js'
import { CoursePlanSchema } from '../schedule/index.js'

const RestSchema = /* @__PURE__ */ (() =>
  z.extend(CourseSchema, {
    protocol: z.unknown(),
    plan: z.optional(z.extend(CoursePlanSchema, { schedule: z.unknown() })),
  }))()

const LIMIT = 64
const passed = /* @__PURE__ */ (() => new Map<string, unknown>())()

/** `value` checked by `schema`, from the cache when the same content passed before; `undefined` when it fails. */
function cached<S extends z.core.$ZodType>(schema: S, kind: string, value: unknown): z.output<S> | undefined {
  let key: string
  try {
    key = `${kind}:${JSON.stringify(value)}`
  } catch {
    return undefined
  }
  if (passed.has(key)) return passed.get(key) as z.output<S>
  const checked = safeParseWith(schema, value)
  if (!checked.success) return undefined
  if (passed.size >= LIMIT) passed.clear()
  passed.set(key, checked.data)
  return checked.data
}

/** A course checked as `CourseSchema` checks it, with issue paths under `path`. */
export function checkCourse(input: unknown, path: Array<string | number>): SafeResult<Course> {
  const rest = safeParseWith(RestSchema, input, path)
  if (rest.success) {
    const record = input as { protocol: unknown; plan?: { schedule: unknown } }
    const protocol = cached(ProtocolSchema, 'protocol', record.protocol)
    const schedule = rest.data.plan ? cached(ScheduleSchema, 'schedule', record.plan?.schedule) : undefined
    if (protocol && (!rest.data.plan || schedule)) {
      const course = { ...rest.data, protocol } as Course
      if (rest.data.plan && schedule) course.plan = { ...rest.data.plan, schedule }
      return { success: true, data: course }
    }
  }
  return safeParseWith(CourseSchema, input, path)
}
