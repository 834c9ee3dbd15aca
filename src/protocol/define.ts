import { makeIssue, ProtocolError, type SafeResult, safeParseWith } from '../issues/index.js'
import { type BuiltinProtocolId, builtinDefinitions, isBuiltinId } from './builtins.js'
import { type ProtocolInput, ProtocolSchema } from './schema.js'
import type { Protocol } from './types.js'

type Overrides<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: Overrides<T[K]> | (undefined extends T[K] ? null : never) }
    : T

/**
 * A protocol definition: either complete (see {@link ProtocolInput}), or `extends` (a protocol, or the id of a
 * built-in) plus any part to override. Objects merge key by key, arrays and values replace, `null` removes an
 * optional field, and an object whose `type` differs from the base's (an acute schedule made a maintenance one)
 * replaces it whole. The result records `basedOn: { id, version }` of its base.
 *
 * @example
 * ```ts
 * const withoutPhoneCalls: ProtocolDefinition = {
 *   extends: 'ipt-a',
 *   id: 'ipt-a-no-phone',
 *   name: 'IPT-A without phone contacts',
 *   schedule: { extraContacts: [] },
 * }
 * ```
 */
export type ProtocolDefinition =
  | ProtocolInput
  | ({
      /** The protocol to start from: a protocol or a built-in's id; every other field overrides it. */
      extends: Protocol | BuiltinProtocolId
    } & Overrides<ProtocolInput>)

const unsafeKeys = /* @__PURE__ */ (() => new Set(['__proto__', 'constructor', 'prototype']))()

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Sets an own property, even for a key like `__proto__`, without touching any prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** A deep copy of plain JSON-like data (objects and arrays are copied; nothing of the input is shared). */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy)
  if (!isPlainObject(value)) return value
  const result: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) setOwn(result, key, copy(item))
  return result
}

/** The deepest nesting of objects and arrays a definition may have: a design choice, far beyond any protocol's. */
const MAX_DEPTH = 32

/** Whether `value` nests objects and arrays deeper than {@link MAX_DEPTH}, found without recursion (a cycle counts). */
function tooDeep(value: unknown): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [item, depth] = next
    if (typeof item !== 'object' || item === null) continue
    if (depth > MAX_DEPTH) return true
    for (const child of Object.values(item)) stack.push([child, depth + 1])
  }
  return false
}

/** Merges `overrides` into a copy of `base` by the rules of {@link ProtocolDefinition}. */
function merge(base: unknown, overrides: Record<string, unknown>): unknown {
  if (!isPlainObject(base) || ('type' in overrides && overrides.type !== base.type)) return copy(overrides)
  const result = copy(base) as Record<string, unknown>
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue
    if (value === null && !unsafeKeys.has(key)) delete result[key]
    else if (isPlainObject(value) && !unsafeKeys.has(key)) setOwn(result, key, merge(result[key], value))
    else setOwn(result, key, copy(value))
  }
  return result
}

/**
 * Defines a protocol variant from data and checks it, returning every issue instead of throwing. Built-in
 * protocols are made with this same function.
 *
 * @example
 * ```ts
 * const result = safeDefineProtocol({ extends: 'ipt', id: 'ipt-12', name: 'IPT, 12 sessions',
 *   schedule: { sessions: { min: 12, default: 12, max: 12 } } })
 * if (result.success) console.log(result.data.schedule)
 * else console.log(result.issues)
 * ```
 */
export function safeDefineProtocol(definition: ProtocolDefinition): SafeResult<Protocol> {
  const input: unknown = definition
  if (!isPlainObject(input)) {
    return {
      success: false,
      issues: [makeIssue('invalid-type', 'A protocol definition must be an object', { path: [] })],
    }
  }
  if (tooDeep(input)) {
    return {
      success: false,
      issues: [
        makeIssue('too-deep', `A protocol definition nests at most ${MAX_DEPTH} levels of objects and arrays`, {
          path: [],
          params: { max: MAX_DEPTH },
        }),
      ],
    }
  }
  if (!Object.hasOwn(input, 'extends')) return safeParseWith(ProtocolSchema, copy(input))
  const { extends: base, ...overrides } = input
  let baseProtocol: unknown = base
  if (isBuiltinId(base)) {
    const builtin = safeDefineProtocol(builtinDefinitions[base])
    if (!builtin.success) return builtin
    baseProtocol = builtin.data
  } else if (!isPlainObject(base)) {
    return {
      success: false,
      issues: [
        makeIssue(
          'unknown-protocol',
          `extends must be a protocol or a built-in id (${Object.keys(builtinDefinitions).join(', ')})`,
          {
            path: ['extends'],
            params: { value: typeof base === 'string' ? base : typeof base },
          },
        ),
      ],
    }
  }
  const basedOn = isPlainObject(baseProtocol) ? { id: baseProtocol.id, version: baseProtocol.version } : undefined
  return safeParseWith(ProtocolSchema, merge(baseProtocol, { basedOn, ...overrides }))
}

/**
 * Defines a protocol variant from data (see {@link ProtocolDefinition}) and checks its fields and cross-field
 * invariants; throws {@link ProtocolError} listing every problem.
 *
 * @example
 * ```ts
 * const twiceWeeklyStart = defineProtocol({
 *   extends: 'ipt',
 *   id: 'ipt-twice-weekly-start',
 *   name: 'IPT, twice weekly in the first month',
 *   schedule: { earlyFrequency: { sessions: 8, frequency: { every: 1, unit: 'week', times: 2 } },
 *     sessions: { min: 16, default: 20, max: 20 } },
 * })
 * ```
 */
export function defineProtocol(definition: ProtocolDefinition): Protocol {
  const result = safeDefineProtocol(definition)
  if (!result.success) throw new ProtocolError(result.issues)
  return result.data
}
