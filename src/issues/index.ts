import * as z from 'zod/mini'

/**
 * Whether `value` is plain JSON data, nested at most 16 levels (checked without recursion): what issue params
 * hold, so that a result that carries them can always be stored with `JSON.stringify`.
 */
function isJsonValue(value: unknown): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [item, depth] = next
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue
    if (typeof item === 'number' && Number.isFinite(item)) continue
    if (typeof item !== 'object' || depth >= 16) return false
    const prototype = Object.getPrototypeOf(item)
    if (!Array.isArray(item) && prototype !== Object.prototype && prototype !== null) return false
    for (const child of Object.values(item)) stack.push([child, depth + 1])
  }
  return true
}

/**
 * The schema of an {@link Issue}: one problem found in an input, or one piece of advice about a result. Modelled
 * on zod's issues: a stable kebab-case `code` to branch on (`'invalid-date'`, `'no-free-slot'`), an English
 * `message` for people (hosts may translate from `code` and `params`), the `path` to the offending value as keys
 * and indexes, `params` with the values a translated message needs, and the `rule` id from the IPT reference
 * (e.g. `'SCHED-6'`) when a rule is involved.
 *
 * @example
 * ```ts
 * IssueSchema.parse({ code: 'no-free-slot', message: 'No free slot', path: ['blackouts'], rule: 'SCHED-6' })
 * ```
 */
export const IssueSchema = /* @__PURE__ */ (() =>
  z.object({
    code: z.string(),
    message: z.string(),
    path: z.optional(z.array(z.union([z.string(), z.number()]))),
    params: z.optional(
      z
        .record(z.string(), z.unknown())
        .check(z.refine(isJsonValue, { message: 'Issue params are JSON values (strings, finite numbers, …)' })),
    ),
    rule: z.optional(z.string()),
  }))()

/**
 * One problem or piece of advice: `{ code, message, path?, params?, rule? }` (see {@link IssueSchema}).
 *
 * @example
 * ```ts
 * const issue: Issue = { code: 'out-of-range', message: 'sessions must be 12 to 16', path: ['sessions'] }
 * ```
 */
export interface Issue {
  /** A stable kebab-case code to branch on, e.g. `'invalid-date'`, `'no-free-slot'`, `'termination-due'`. */
  code: string
  /** An English sentence for people; translate from `code` and `params` instead of parsing it. */
  message: string
  /** Where in the input the problem is, as keys and indexes, e.g. `['blackouts', 0, 'to']`. */
  path?: (string | number)[] | undefined
  /** The values a translated message needs, e.g. `{ min: 12, max: 16 }`. */
  params?: Record<string, unknown> | undefined
  /** The id of the rule involved, e.g. `'SCHED-6'` (see {@link rules}). */
  rule?: string | undefined
}

/**
 * The result of a `safe*` function: the data, or every issue that stopped it.
 *
 * @example
 * ```ts
 * const result: SafeResult<number> = { success: false, issues: [{ code: 'x', message: 'y' }] }
 * if (!result.success) console.log(result.issues[0]?.code)
 * ```
 */
export type SafeResult<T> =
  | {
      /** It worked. */
      success: true
      /** The result. */
      data: T
    }
  | {
      /** It did not. */
      success: false
      /** Every problem found. */
      issues: Issue[]
    }

/** The mark of a ProtocolError, the same symbol in every bundle (the global symbol registry). */
const brand: unique symbol = Symbol.for('ipt-protocol.ProtocolError')

/**
 * The one error class the library throws, from the throwing twin of a `safe*` function. `issues` lists every
 * problem, not just the first.
 *
 * @example
 * ```ts
 * try {
 *   planCourse(protocols.ipt, { start: '2027-02-30', time: '10:00', timeZone: 'UTC' })
 * } catch (error) {
 *   if (error instanceof ProtocolError) console.log(error.issues.map((i) => i.code)) // ['invalid-date']
 * }
 * ```
 */
export class ProtocolError extends Error {
  /** Every problem found. */
  readonly issues: Issue[]

  /**
   * `instanceof ProtocolError` holds for an error from any entry point, in ES modules and CommonJS alike: each
   * bundle has its own copy of the class, so the check looks for the mark every copy sets, not for one prototype.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (value as { [brand]?: unknown } | null | undefined)?.[brand] === true
  }

  constructor(issues: Issue[]) {
    super(
      issues
        .map((issue) => (issue.path?.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
        .join('\n'),
    )
    this.name = 'ProtocolError'
    this.issues = issues
    ;(this as { [brand]?: true })[brand] = true
  }
}

/** Builds an issue, leaving out the optional fields that are not given. */
export function makeIssue(
  code: string,
  message: string,
  extra: { path?: Array<string | number>; params?: Record<string, unknown>; rule?: string } = {},
): Issue {
  const issue: Issue = { code, message }
  if (extra.path) issue.path = extra.path
  if (extra.params) issue.params = extra.params
  if (extra.rule) issue.rule = extra.rule
  return issue
}

/** The issues of every failed result among `results`, in order. */
export function issuesOf(...results: Array<SafeResult<unknown>>): Issue[] {
  return results.flatMap((result) => (result.success ? [] : result.issues))
}

/** Returns the data of a result, or throws {@link ProtocolError} with its issues. */
export function unwrap<T>(result: SafeResult<T>): T {
  if (!result.success) throw new ProtocolError(result.issues)
  return result.data
}

const zodParamKeys = [
  'expected',
  'minimum',
  'maximum',
  'inclusive',
  'format',
  'keys',
  'values',
  'origin',
  'discriminator',
  'options',
] as const

/**
 * Turns zod's issues into the library's: `invalid_type` becomes `invalid-type`, a custom issue keeps the
 * `code` and `rule` it was raised with, and the path is prefixed with `basePath`.
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], basePath: Array<string | number> = []): Issue[] {
  return issues.map((raw) => {
    const path = [...basePath, ...raw.path.filter((key): key is string | number => typeof key !== 'symbol')]
    if (raw.code === 'custom') {
      const { code, rule, ...params } = (raw.params ?? {}) as Record<string, unknown>
      return makeIssue(typeof code === 'string' ? code : 'invalid-value', raw.message, {
        path,
        ...(Object.keys(params).length ? { params } : {}),
        ...(typeof rule === 'string' ? { rule } : {}),
      })
    }
    const params: Record<string, unknown> = {}
    for (const key of zodParamKeys) {
      const value = (raw as unknown as Record<string, unknown>)[key]
      if (value !== undefined) params[key] = typeof value === 'bigint' ? Number(value) : value
    }
    // A discriminated union with no option for the value (an unknown event type): `unknown-type`.
    const code = 'discriminator' in raw && raw.discriminator ? `unknown-${raw.discriminator}` : raw.code
    return makeIssue(code.replaceAll('_', '-'), raw.message, {
      path,
      ...(Object.keys(params).length ? { params } : {}),
    })
  })
}

/** What a value is, for messages: `'array'`, `'null'`, `'string'`, … */
function kindOf(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value) // NaN, Infinity
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}

const list = (values: readonly unknown[]): string => values.map((value) => JSON.stringify(value)).join(', ')

/**
 * English messages for zod's own issues. The library validates with `zod/mini`, which carries no messages of its
 * own (that keeps the bundle small); custom issues keep the message they were raised with.
 */
function messageOf(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `Expected ${issue.expected}, got ${kindOf(issue.input)}`
    case 'too_small':
      return `The ${measured(issue.origin)} must be ${issue.inclusive === false ? 'more than' : 'at least'} ${issue.minimum}`
    case 'too_big':
      return `The ${measured(issue.origin)} must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}`
    case 'invalid_value':
      return `Expected one of ${list(issue.values)}`
    case 'unrecognized_keys':
      return `Unknown key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`
    case 'invalid_union':
      // A discriminated union with no option for the value (an unknown event type) lists the valid ones.
      if (issue.discriminator) return `Expected one of ${list((issue.options as unknown[] | undefined) ?? [])}`
      break
    case 'invalid_format':
      return issue.format === 'datetime' ? 'Expected an ISO 8601 instant with an offset' : `Expected ${issue.format}`
  }
  return 'Invalid input'
}

/** What a size bound counts: a string's length, an array's items, or a number itself. */
function measured(origin: string): string {
  return origin === 'string' ? 'length' : origin === 'array' ? 'number of items' : 'value'
}

/** Parses `input` with `schema`, giving the library's issues (with English messages) on failure. */
export function safeParseWith<S extends z.core.$ZodType>(
  schema: S,
  input: unknown,
  basePath: Array<string | number> = [],
): SafeResult<z.output<S>> {
  const result = z.safeParse(schema, input, { error: messageOf })
  return result.success
    ? { success: true, data: result.data }
    : { success: false, issues: fromZodIssues(result.error.issues, basePath) }
}

/**
 * The context of a zod refinement, as the helpers below need it (zod's refinement context type is internal).
 */
export interface RefinementContext {
  addIssue(issue: { code: 'custom'; message: string; path?: PropertyKey[]; params?: Record<string, unknown> }): void
}

/** Adds a custom issue with a library code (and optional rule id) inside a zod `superRefine`. */
export function addIssue(
  ctx: RefinementContext,
  code: string,
  message: string,
  path: Array<string | number>,
  extra: { rule?: string; params?: Record<string, unknown> } = {},
): void {
  ctx.addIssue({
    code: 'custom',
    message,
    path,
    params: { code, ...extra.params, ...(extra.rule ? { rule: extra.rule } : {}) },
  })
}
