/**
 * What every variant a test defines says of itself: its own version and description, which `defineProtocol` asks
 * of every variant (issue 13: a variant never inherits its base's).
 */
export const testVariant = { version: '0.1.0', description: 'A variant defined by a test.' } as const
