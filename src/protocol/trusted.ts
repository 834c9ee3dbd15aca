import type * as z from 'zod/mini'
import { makeIssue, type SafeResult, safeParseWith } from '../issues/index.js'

/** The built-in protocols: validated when the catalogue was made, then deeply frozen, so they cannot change. */
const builtins = /* @__PURE__ */ (() => new WeakSet<object>())()

/** Records a validated, deeply frozen built-in protocol (the catalogue does this once for each). */
export function trustBuiltin(protocol: object): void {
  builtins.add(protocol)
}

/**
 * A protocol passed to a library function, checked against `schema`. A built-in is taken as it is: it was
 * validated when made and is deeply frozen, so checking it again on every call would only cost time. Any other
 * object, frozen or not, is validated every time.
 */
export function checkProtocol<S extends z.core.$ZodType>(schema: S, protocol: unknown): SafeResult<z.output<S>> {
  // `has` is false for anything that is not one of the objects added, primitives included.
  if (builtins.has(protocol as object)) {
    return { success: true, data: protocol as z.output<S> }
  }
  if (typeof protocol !== 'object' || !protocol) {
    // `protocols['ipt-x']` is undefined, and an id is not a protocol: say what a protocol is and where one comes from.
    const got = typeof protocol === 'string' ? JSON.stringify(protocol) : String(protocol)
    return {
      success: false,
      issues: [
        makeIssue(
          'invalid-type',
          `Expected a protocol (a value of protocols, getProtocol(id) or defineProtocol(…)), got ${got}`,
          { path: ['protocol'], params: { expected: 'protocol' } },
        ),
      ],
    }
  }
  return safeParseWith(schema, protocol, ['protocol'])
}
