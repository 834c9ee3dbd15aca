/**
 * Every entry point loads. The other test files import the package statically, so a module that throws while
 * loading fails them before any test runs; here the import happens inside a test, which then fails by name
 * (Stryker counts such a mutant as killed only through a failing test).
 */
import { describe, expect, it } from 'vitest'

describe('the entry points load and export their public functions', () => {
  it('ipt-protocol', async () => {
    const core = await import('ipt-protocol')
    expect(Object.keys(core.protocols).sort()).toEqual(['ipt', 'ipt-a', 'ipt-b', 'ipt-group', 'ipt-late-life', 'ipt-m'])
    expect(core.eventTypes).toContain('session-held')
    expect(core.ruleIds).toContain('SCHED-6')
  })

  it('ipt-protocol/fhir, /ical, /timeline, /json-schema and /research', async () => {
    expect(typeof (await import('ipt-protocol/fhir')).planToFhir).toBe('function')
    expect(typeof (await import('ipt-protocol/ical')).planToICalendar).toBe('function')
    expect(typeof (await import('ipt-protocol/timeline')).renderTimeline).toBe('function')
    expect(typeof (await import('ipt-protocol/json-schema')).toJsonSchema).toBe('function')
    expect(typeof (await import('ipt-protocol/research')).assessFidelity).toBe('function')
  })
})
