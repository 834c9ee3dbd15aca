import { type Issue, makeIssue, ProtocolError, type SafeResult, safeParseWith } from '../issues/index.js'
import { ruleIds } from '../rules/index.js'
import { appliedRules, decidedByData } from './applied.js'
import { type BuiltinProtocolId, builtinDefinitions, isBuiltinId } from './builtins.js'
import { DefinitionSchema, type ProtocolInput } from './schema.js'
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
 * replaces it whole. The result records `basedOn: { id, version }` of its base. A variant describes itself: its
 * `description` and `version` are its own, never the base's. `rules` lists only what no data decide (the readiness
 * rules READY-2 … READY-8, the follow-up policy MAINT-5; a variant keeps its base's unless it gives its own); every
 * other rule follows the data (see `dataRules`), so a variant without IPT-A's phone contacts no longer lists IPTA-1.
 *
 * @example
 * ```ts
 * const withoutPhoneCalls: ProtocolDefinition = {
 *   extends: 'ipt-a',
 *   id: 'ipt-a-no-phone',
 *   name: 'IPT-A without phone contacts',
 *   version: '1.0.0',
 *   description: 'IPT-A as built in, without the weekly phone contacts of weeks 1–4 (trial arm B).',
 *   schedule: { extraContacts: [] },
 * }
 * ```
 */
export type ProtocolDefinition =
  | (Omit<ProtocolInput, 'rules'> & {
      /** The rule ids; the rules the data decide are derived from the data (see `dataRules`). */
      rules?: ProtocolInput['rules']
    })
  | ({
      /** The protocol to start from: a protocol or a built-in's id; every other field overrides it. */
      extends: Protocol | BuiltinProtocolId
      /** The variant's own version (a variant is a new protocol, so it never inherits its base's). */
      version: string
      /** The variant's own description. */
      description: string
    } & Overrides<Omit<ProtocolInput, 'version' | 'description'>>)

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
 * const result = safeDefineProtocol({ extends: 'ipt', id: 'ipt-12', name: 'IPT, 12 sessions', version: '1.0.0',
 *   description: 'Standard IPT contracted for exactly 12 sessions (a service decision).',
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
  if (!Object.hasOwn(input, 'extends')) return withRules(copy(input) as Record<string, unknown>)
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
  const {
    description: _description,
    version: _version,
    rules: baseRules,
    ...inherited
  } = baseProtocol as Record<string, unknown>
  // The base's own rules that no data decide carry over; those the data decide are derived again from the variant's.
  const kept = Array.isArray(baseRules) ? baseRules.filter((rule) => !decidedByData(rule)) : baseRules
  const basedOn = { id: inherited.id, version: _version }
  const merged = merge({ ...inherited, rules: kept }, { basedOn, ...overrides }) as Record<string, unknown>
  // A variant says what it is and which version: inheriting the base's would describe another protocol.
  const missing: Issue[] = []
  if (typeof merged.description !== 'string' || merged.description.trim() === '') {
    missing.push(
      makeIssue('variant-description-required', 'A variant describes itself: give its own description', {
        path: ['description'],
        params: { base: String(basedOn.id) },
      }),
    )
    merged.description = 'a placeholder, to check the rest'
  }
  if (merged.version === undefined) {
    missing.push(
      makeIssue('variant-version-required', 'A variant has its own version, not its base’s', {
        path: ['version'],
        params: { base: String(basedOn.id) },
      }),
    )
    merged.version = '0.0.0'
  }
  return withRules(merged, missing)
}

/**
 * Checks a definition and derives its rules: those its data apply, with those it lists that no data decide, in
 * the catalogue's order. A listed rule the data decide but do not apply is refused (`rule-not-applied`). Also used
 * to bring a stored protocol snapshot's rules up to date (course schemaVersion 2 → 3).
 */
export function withRules(candidate: Record<string, unknown>, issues: Issue[] = []): SafeResult<Protocol> {
  const checked = safeParseWith(DefinitionSchema, { ...candidate, rules: candidate.rules ?? [] })
  if (!checked.success || issues.length) {
    return { success: false, issues: [...issues, ...(checked.success ? [] : checked.issues)] }
  }
  const applied = appliedRules(checked.data)
  const rules = ruleIds.filter((rule) => applied.has(rule) || checked.data.rules.includes(rule))
  return { success: true, data: { ...checked.data, rules } }
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
 *   version: '1.0.0',
 *   description: 'Standard IPT with 8 twice-weekly sessions first (SCHED-5, Frank 2007), then weekly; 16–20 sessions.',
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
