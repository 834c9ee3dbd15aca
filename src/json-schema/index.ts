import * as z from 'zod/mini'
import { InventorySchema } from '../areas/index.js'
import { CalendarDateSchema, TimeOfDaySchema, TimeZoneSchema } from '../calendar/index.js'
import { CourseEventSchema, CourseSchema } from '../course/index.js'
import { makeIssue, ProtocolError } from '../issues/index.js'
import { RatingSchema } from '../measures/index.js'
import { ProtocolSchema } from '../protocol/index.js'
import { IntakeSchema } from '../readiness/index.js'
import { CoursePlanSchema, PlanOptionsSchema } from '../schedule/index.js'

const schemas = {
  protocol: [ProtocolSchema, 'A protocol variant of Interpersonal Psychotherapy (ipt-protocol).'],
  'course-plan': [CoursePlanSchema, 'A course plan: planned contacts in time order (ipt-protocol).'],
  'plan-options': [PlanOptionsSchema, 'Options of planCourse (ipt-protocol).'],
  course: [CourseSchema, 'One patient’s course of IPT: phase, agreements, measures and event log (ipt-protocol).'],
  'course-event': [CourseEventSchema, 'An event recorded in a course (ipt-protocol).'],
  inventory: [InventorySchema, 'An interpersonal inventory for problem-area selection (ipt-protocol).'],
  intake: [IntakeSchema, 'An intake assessment for readiness (ipt-protocol).'],
  rating: [RatingSchema, 'One symptom rating of a progress series (ipt-protocol).'],
} as const

/**
 * The names of the schemas {@link toJsonSchema} converts; the package also ships each one as
 * `ipt-protocol/schemas/<name>.schema.json`.
 *
 * @example
 * ```ts
 * const name: SchemaName = 'course'
 * ```
 */
export type SchemaName = keyof typeof schemas

/**
 * Every schema name, in a stable order.
 *
 * @example
 * ```ts
 * schemaNames // ['protocol', 'course-plan', 'plan-options', 'course', 'course-event', 'inventory', 'intake', 'rating']
 * ```
 */
export const schemaNames = Object.keys(schemas) as SchemaName[]

/**
 * A public schema as JSON Schema (draft 2020-12), for tools in other languages: what it accepts as input (fields
 * with defaults are optional). Dates carry `format: 'date'`, instants `format: 'date-time'`. Checks JSON Schema
 * cannot express (real calendar dates, IANA zones known to the runtime, cross-field invariants such as phases
 * fitting the session count) are left to the library's own validation. Throws `ProtocolError` (code
 * `unknown-schema`, listing the names) for any other name.
 *
 * @example
 * ```ts
 * import { toJsonSchema } from 'ipt-protocol/json-schema'
 * const schema = toJsonSchema('course-plan') // { $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'course-plan', … }
 * ```
 */
export function toJsonSchema(name: SchemaName): Record<string, unknown> {
  if (typeof name !== 'string' || !Object.hasOwn(schemas, name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name) : typeof name
    throw new ProtocolError([
      makeIssue('unknown-schema', `No schema named ${shown}; the names are ${schemaNames.join(', ')}`, {
        path: ['name'],
        params: { names: schemaNames },
      }),
    ])
  }
  const [schema, description] = schemas[name]
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema === CalendarDateSchema)
        Object.assign(jsonSchema, { format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
      if (zodSchema === TimeOfDaySchema) Object.assign(jsonSchema, { pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' })
      if (zodSchema === TimeZoneSchema)
        Object.assign(jsonSchema, { description: 'An IANA time-zone name, e.g. America/New_York' })
    },
  })
  return { $schema: json.$schema, title: name, description, ...json }
}
