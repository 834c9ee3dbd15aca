export type { BuiltinProtocolId } from './builtins.js'
export { getProtocol, protocols } from './catalogue.js'
export { defineProtocol, type ProtocolDefinition, safeDefineProtocol } from './define.js'
export * from './schema.js'
