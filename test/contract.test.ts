/**
 * Issue 12: every entry point keeps the documented contract (a result, issues, or a ProtocolError) under hostile
 * input. The reproductions of the consumer-side review, each through the public entry points.
 */
import fc from 'fast-check'
import {
  CoursePlanSchema,
  createCourse,
  defineProtocol,
  ProtocolError,
  planCourse,
  protocols,
  safeDefineProtocol,
  safePlanCourse,
  safeReschedulePlan,
} from 'ipt-protocol'
import {
  courseToFhir,
  planToFhir,
  protocolToPlanDefinition,
  safeCourseToFhir,
  safePlanToFhir,
  safeProtocolToPlanDefinition,
} from 'ipt-protocol/fhir'
import { safePlanToICalendar } from 'ipt-protocol/ical'
import { schemaNames, toJsonSchema } from 'ipt-protocol/json-schema'
import {
  assessFidelity,
  mergeFidelitySummaries,
  renderFidelityChart,
  reportDose,
  safeAssessFidelity,
  safeSummarizeFidelity,
  summarizeFidelity,
} from 'ipt-protocol/research'
import { safeRenderTimeline } from 'ipt-protocol/timeline'
import { describe, expect, it } from 'vitest'
import { thrownIssues } from './support/errors.js'
import { testVariant } from './support/protocol.js'

const patient = { reference: 'Patient/123' }
const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'America/New_York' })

describe('the FHIR entry validates its input', () => {
  it.each([
    ['protocolToPlanDefinition(null)', () => protocolToPlanDefinition(null as never)],
    ['planToFhir("[]", 0)', () => planToFhir('[]' as never, 0 as never)],
    ['courseToFhir({}, null)', () => courseToFhir({} as never, null as never)],
    [
      'a plan whose start is not an instant',
      () => planToFhir({ ...plan, contacts: [{ ...plan.contacts[0], start: 'x' }] } as never, { patient }),
    ],
    ['a patient that is a number', () => planToFhir(plan, { patient: 5 as never })],
    ['a patient reference with nothing in it', () => planToFhir(plan, { patient: {} })],
    ['an empty patient reference', () => planToFhir(plan, { patient: { reference: '' } })],
  ])('%s throws a ProtocolError with issues', (_, call) => {
    expect(thrownIssues(call).length).toBeGreaterThan(0)
  })

  it('has safe twins that return the issues, with paths under the argument they name', () => {
    expect(safeProtocolToPlanDefinition({ ...protocols.ipt, id: 'Bad Id' })).toMatchObject({
      success: false,
      issues: [{ path: ['protocol', 'id'] }],
    })
    expect(safePlanToFhir(plan, { patient: {} })).toMatchObject({
      success: false,
      issues: [{ path: ['options', 'patient'] }],
    })
    expect(safeCourseToFhir({} as never, { patient })).toMatchObject({ success: false })
    expect(safePlanToFhir(plan, { patient })).toMatchObject({ success: true })
  })

  it('refuses an empty source, so no FHIR citation is ever an empty string', () => {
    const result = safeDefineProtocol({ ...testVariant, extends: 'ipt', id: 'x', sources: [''] })
    expect(result.success).toBe(false)
    const json = JSON.stringify(protocolToPlanDefinition(defineProtocol({ ...testVariant, extends: 'ipt', id: 'x' })))
    expect(json).not.toContain('""')
  })
})

describe('the research entry validates its input', () => {
  const course = createCourse(protocols.ipt, { id: 'c', plan })
  it.each([
    ['assessFidelity(null)', () => assessFidelity(null as never)],
    ['assessFidelity with a time zone that does not exist', () => assessFidelity(course, { timeZone: 'Mars/Base' })],
    ['summarizeFidelity of a string', () => summarizeFidelity('courses' as never)],
    ['summarizeFidelity with a course that is not one', () => summarizeFidelity([course, 5 as never])],
    ['mergeFidelitySummaries of a non-summary', () => mergeFidelitySummaries([{ schemaVersion: 1 }] as never)],
    [
      'reportDose of a summary of no group',
      () => reportDose(protocols.ipt, summarizeFidelity([course]), { group: 'x' }),
    ],
    ['renderFidelityChart of null', () => renderFidelityChart(null as never)],
  ])('%s throws a ProtocolError with issues', (_, call) => {
    expect(thrownIssues(call).length).toBeGreaterThan(0)
  })

  it('has safe twins that return the issues, with paths under the argument they name', () => {
    expect(safeAssessFidelity(course, { windowDays: 99 })).toMatchObject({
      success: false,
      issues: [{ path: ['options', 'windowDays'] }],
    })
    expect(safeSummarizeFidelity([course, course], {})).toMatchObject({
      success: true,
      data: { overall: { courses: 2 } },
    })
    expect(safeAssessFidelity(course)).toMatchObject({ success: true })
  })
})

describe('toJsonSchema refuses a name it does not know', () => {
  it.each(['', 'x', 'constructor', '__proto__', 'toString'])('%j gives a ProtocolError listing the names', (name) => {
    const [issue] = thrownIssues(() => toJsonSchema(name as never))
    expect(issue).toMatchObject({ code: 'unknown-schema', path: ['name'], params: { names: schemaNames } })
  })
})

describe('one ProtocolError class', () => {
  it('recognises an error thrown by another entry point (each bundle has its own copy of the class)', () => {
    let thrown: unknown
    try {
      toJsonSchema('x' as never)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ProtocolError)
    expect(thrown).toBeInstanceOf(Error)
    expect({ issues: [] }).not.toBeInstanceOf(ProtocolError)
    expect(new Error('x')).not.toBeInstanceOf(ProtocolError)
  })
})

describe('whatever planning accepts round-trips (issue 12, point 3)', () => {
  it('refuses a plan whose contacts would leave the years the schemas accept', () => {
    for (const options of [
      { start: '2999-09-18', time: '00:00', timeZone: 'UTC' },
      { start: '1900-01-01', time: '00:00', timeZone: 'Pacific/Chatham' },
    ]) {
      expect(safePlanCourse(protocols.ipt, options)).toMatchObject({
        success: false,
        issues: [{ code: 'date-out-of-range', path: ['start'] }],
      })
    }
  })

  it('every plan it returns passes CoursePlanSchema and every function that takes a plan (property, 200 runs)', () => {
    const dateArb = fc
      .oneof(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 398_000, max: 401_000 }))
      .map((days) => new Date(Date.UTC(1900, 0, 1) + days * 86_400_000).toISOString().slice(0, 10))
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(protocols)),
        dateArb,
        fc.constantFrom('UTC', 'Pacific/Chatham', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/New_York'),
        fc.constantFrom('00:00', '12:00', '23:30'),
        (protocol, start, timeZone, time) => {
          const result = safePlanCourse(protocol, { start, time, timeZone })
          if (!result.success) return
          const plan = result.data
          expect(CoursePlanSchema.safeParse(JSON.parse(JSON.stringify(plan))).success).toBe(true)
          // A missed first contact moves the last one later: past 2999 that is refused with its issue, not thrown.
          const moved = safeReschedulePlan(plan, { type: 'missed', contactId: plan.contacts[0]?.id ?? '' })
          if (!moved.success) expect(moved.issues.map((issue) => issue.code)).toEqual(['date-out-of-range'])
          else expect(moved.data.contacts.at(-1)?.start.slice(0, 4)).not.toBe('3000')
          expect(() => createCourse(protocol, { id: 'c', plan })).not.toThrow()
          expect(
            safePlanToICalendar(plan, { stamp: '2027-01-01T00:00:00Z', uidDomain: 'clinic.example' }).success,
          ).toBe(true)
          expect(safeRenderTimeline(plan).success).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('no recursion that the depth of the input controls (issue 12, point 6)', () => {
  /** JSON text of `depth` nested arrays or objects around 1, parsed as a host would get it. */
  const nested = (depth: number, kind: 'array' | 'object') =>
    kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"v":'.repeat(depth)}1${'}'.repeat(depth)}`
  it.each([
    [
      'arrays 5,000 deep in extraContacts',
      `{"extends":"ipt","id":"x","schedule":{"extraContacts":${nested(5000, 'array')}}}`,
    ],
    ['objects 10,000 deep', `{"extends":"ipt","id":"x","description":${nested(10_000, 'object')}}`],
    ['a definition without a base, 10,000 deep', `{"id":"x","sources":${nested(10_000, 'array')}}`],
  ])('safeDefineProtocol refuses %s with an issue', (_, json) => {
    expect(safeDefineProtocol(JSON.parse(json))).toEqual({
      success: false,
      issues: [{ code: 'too-deep', message: expect.any(String), path: [], params: { max: 32 } }],
    })
  })

  it('accepts a complete definition, which nests far less', () => {
    expect(safeDefineProtocol({ ...JSON.parse(JSON.stringify(protocols['ipt-a'])), id: 'copy' }).success).toBe(true)
  })
})

describe('smaller contract points (issue 12, point 8)', () => {
  it('names NaN and Infinity in a type message, not "got number"', () => {
    const result = safePlanCourse(protocols.ipt, {
      start: '2027-01-04',
      time: '10:00',
      timeZone: 'UTC',
      sessions: Number.NaN,
    })
    expect(result.success ? [] : result.issues.map((issue) => issue.message)).toEqual(['Expected number, got NaN'])
  })

  it('refuses a plan whose advisory params are not JSON, so a result can always be stored', () => {
    const withBigInt = { ...plan, advisories: [{ code: 'x', message: 'x', params: { value: 10n } }] }
    expect(
      safeReschedulePlan(withBigInt as never, { type: 'missed', contactId: plan.contacts[0]?.id ?? '' }).success,
    ).toBe(false)
    expect(
      CoursePlanSchema.safeParse({ ...plan, advisories: [{ code: 'x', message: 'x', params: { a: [1, 'b'] } }] })
        .success,
    ).toBe(true)
  })
})
