import { ProtocolError } from '../issues/index.js'
import { type BuiltinProtocolId, builtinDefinitions, isBuiltinId } from './builtins.js'
import { defineProtocol } from './define.js'
import { trustBuiltin } from './trusted.js'
import type { Protocol } from './types.js'

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value
}

/**
 * The built-in protocol variants, keyed by id, deeply frozen: `'ipt'`, `'ipt-a'`, `'ipt-m'`, `'ipt-group'`,
 * `'ipt-b'`, `'ipt-late-life'` (ipt-reference §5). Each was made with the public {@link defineProtocol}.
 *
 * @example
 * ```ts
 * protocols['ipt-a'].schedule.extraContacts[0]?.kind // 'phone-contact'
 * ```
 */
export const protocols: Readonly<Record<BuiltinProtocolId, Protocol>> = /* @__PURE__ */ (() => {
  const frozen = deepFreeze(
    Object.fromEntries(
      Object.entries(builtinDefinitions).map(([id, definition]) => [id, defineProtocol(definition)]),
    ) as Record<BuiltinProtocolId, Protocol>,
  )
  for (const protocol of Object.values(frozen)) trustBuiltin(protocol)
  return frozen
})()

/**
 * The built-in protocol with this id (for instance one read back from storage); throws {@link ProtocolError}
 * (code `unknown-protocol`, naming the id and listing the known ones) for any other id.
 *
 * @example
 * ```ts
 * getProtocol('ipt-m').schedule.type // 'maintenance'
 * ```
 */
export function getProtocol(id: BuiltinProtocolId | (string & {})): Protocol {
  if (!isBuiltinId(id)) {
    const shown = typeof id === 'string' ? JSON.stringify(id) : `(${typeof id})`
    const known = Object.keys(protocols)
    throw new ProtocolError([
      {
        code: 'unknown-protocol',
        message: `No built-in protocol ${shown}; the ids are ${known.join(', ')}`,
        path: ['id'],
        params: { value: typeof id === 'string' ? id : typeof id, known },
      },
    ])
  }
  return protocols[id]
}
