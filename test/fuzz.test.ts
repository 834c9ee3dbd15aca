/**
 * Fuzzing every public function that takes outside data: arbitrary JSON, wrong types, huge and negative numbers,
 * far-future dates and `__proto__`/`constructor` keys. The only documented outcomes are a result, issues in a
 * failure result (`safe*`, `applyEvent`, `replay`, `startMaintenance`), or a ProtocolError (the throwing forms).
 * Anything else — another exception, a hang, a polluted Object.prototype — fails the suite.
 */
import fc from 'fast-check'
import * as ipt from 'ipt-protocol'
import * as fhir from 'ipt-protocol/fhir'
import * as ical from 'ipt-protocol/ical'
import * as jsonSchema from 'ipt-protocol/json-schema'
import * as research from 'ipt-protocol/research'
import * as timeline from 'ipt-protocol/timeline'
import { afterEach, describe, expect, it } from 'vitest'
import { deepFreeze } from './support/course.js'

const RUNS = 300

/** Values that tend to break code: wrong types, extreme numbers, odd strings, prototype keys. */
const nasty = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withObjectString: true,
    withNullPrototype: true,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
  }),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -1,
    -1e308,
    1e308,
    2 ** 53,
    0.5,
    '',
    '9999-12-31',
    '+275760-09-13',
    '2027-02-29',
    '0000-01-01',
    '24:00',
    'Etc/Unknown',
    '__proto__',
    JSON.parse('{"__proto__":{"polluted":true}}'),
    JSON.parse('{"constructor":{"prototype":{"polluted":true}}}'),
    [],
    Array(20).fill(3),
  ),
)

/** The valid value itself, a nasty value, or the valid value with one field (at any depth) replaced by a nasty one. */
function corrupt<T>(valid: T): fc.Arbitrary<unknown> {
  const paths: string[][] = []
  const walk = (value: unknown, path: string[]) => {
    paths.push(path)
    if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, key])
  }
  walk(valid, [])
  return fc.oneof(
    fc.constant(valid).map((value) => structuredClone(value)),
    nasty,
    {
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom(...paths), nasty).map(([path, replacement]) => {
        if (path.length === 0) return replacement
        const copy = structuredClone(valid) as Record<string, unknown>
        let target = copy
        for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>
        Object.defineProperty(target, path.at(-1) as string, {
          value: replacement,
          enumerable: true,
          writable: true,
          configurable: true,
        })
        return copy
      }),
    },
  )
}

/** Arguments with exactly one of them corrupted (so that the others' checks do not hide the one under test). */
function oneCorrupted(...valids: unknown[]): fc.Arbitrary<unknown[]> {
  return fc.oneof(
    ...valids.map((_, index) =>
      corrupt(valids[index]).map((bad) => valids.map((valid, at) => (at === index ? bad : structuredClone(valid)))),
    ),
  )
}

function onlyProtocolError(run: () => unknown): void {
  try {
    run()
  } catch (error) {
    if (!(error instanceof ipt.ProtocolError)) throw error
    expect(error.issues.length).toBeGreaterThan(0)
    for (const issue of error.issues)
      expect(typeof issue.code === 'string' && typeof issue.message === 'string').toBe(true)
  }
}

const plan = ipt.planCourse(ipt.protocols['ipt-a'], {
  start: '2027-03-01',
  time: '16:00',
  timeZone: 'America/New_York',
})
const walked = ipt.replay(
  ipt.protocols.ipt,
  [
    { type: 'session-held', at: '2027-03-01T10:50:00-05:00' },
    {
      type: 'measure-recorded',
      at: '2027-03-01T10:55:00-05:00',
      instrument: 'phq-9',
      items: [1, 1, 1, 1, 1, 1, 1, 1, 1],
    },
    { type: 'course-completed', at: '2027-03-01T11:00:00-05:00' },
  ],
  { id: 'c' },
)
const course = walked.ok ? walked.course : ipt.createCourse(ipt.protocols.ipt, { id: 'c' })
const options = {
  start: '2027-03-01',
  time: '10:00',
  timeZone: 'Europe/Berlin',
  blackouts: [{ from: '2027-04-01', to: '2027-04-07' }],
}
const event = { type: 'contract-agreed', at: '2027-03-02T10:00:00+01:00', sessions: 16 }
const summary = research.summarizeFidelity([course], { groupBy: (c) => c.protocol.id })
const simOptions = { seed: 3, patients: 2, start: { from: '2027-03-01', to: '2027-03-31' }, timeZone: 'Europe/Berlin' }
const comparison = research.compareVariants([ipt.protocols.ipt, ipt.protocols['ipt-b']], simOptions)
/** At most `n` items of an iterable: a corrupted count must not make the fuzzer iterate for ever. */
function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  let left = n
  for (const item of items) {
    if (left-- <= 0) return
    yield item
  }
}

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(Object.prototype).not.toHaveProperty('polluted')
})

describe(`fuzzing the public API of every entry point (${RUNS} runs per function)`, () => {
  const cases: Array<[string, fc.Arbitrary<unknown[]>, (args: unknown[]) => void]> = [
    [
      'defineProtocol',
      fc.tuple(corrupt({ extends: 'ipt', id: 'x', schedule: { sessions: { min: 12, default: 12, max: 12 } } })),
      ([d]) => onlyProtocolError(() => ipt.defineProtocol(d as never)),
    ],
    [
      'safeDefineProtocol',
      fc.tuple(corrupt(JSON.parse(JSON.stringify(ipt.protocols['ipt-a'])))),
      ([d]) => void expect(typeof ipt.safeDefineProtocol(d as never).success).toBe('boolean'),
    ],
    ['getProtocol', fc.tuple(nasty), ([id]) => onlyProtocolError(() => ipt.getProtocol(id as never))],
    [
      'planCourse',
      oneCorrupted(ipt.protocols.ipt, options),
      ([p, o]) => onlyProtocolError(() => ipt.planCourse(p as never, o as never)),
    ],
    [
      'safePlanCourse',
      fc.tuple(fc.constant(ipt.protocols['ipt-m']), corrupt({ ...options, months: 36 })),
      ([p, o]) => void expect(typeof ipt.safePlanCourse(p as never, o as never).success).toBe('boolean'),
    ],
    [
      'reschedulePlan',
      oneCorrupted(plan, { type: 'missed', contactId: plan.contacts[2]?.id }),
      ([p, c]) => onlyProtocolError(() => ipt.reschedulePlan(p as never, c as never)),
    ],
    [
      'safeReschedulePlan',
      fc.tuple(fc.constant(plan), corrupt({ type: 'blackout', from: '2027-03-10', to: '2027-03-20' })),
      ([p, c]) => void expect(typeof ipt.safeReschedulePlan(p as never, c as never).success).toBe('boolean'),
    ],
    [
      'createCourse',
      oneCorrupted(ipt.protocols.ipt, { id: 'c', plan }),
      ([p, o]) => onlyProtocolError(() => ipt.createCourse(p as never, o as never)),
    ],
    [
      'applyEvent',
      oneCorrupted(course, event),
      ([c, e]) => void expect(typeof ipt.applyEvent(c as never, e as never).ok).toBe('boolean'),
    ],
    [
      'replay',
      oneCorrupted(ipt.protocols.ipt, [event, event], { id: 'r' }),
      ([p, e, o]) => void expect(typeof ipt.replay(p as never, e as never, o as never).ok).toBe('boolean'),
    ],
    [
      'allowedEvents',
      fc.tuple(corrupt(course)),
      ([c]) => void expect(Array.isArray(ipt.allowedEvents(c as never).allowed)).toBe(true),
    ],
    ['parseCourse', fc.tuple(corrupt(course)), ([c]) => onlyProtocolError(() => ipt.parseCourse(c))],
    [
      'safeParseCourse',
      fc.tuple(fc.oneof(corrupt(course), fc.string(), fc.json())),
      ([c]) => void expect(typeof ipt.safeParseCourse(c).success).toBe('boolean'),
    ],
    [
      'selectProblemAreas',
      fc.tuple(
        corrupt({ episodeOnset: '2027-01-15', lifeEvents: [{ kind: 'death', date: '2026-12-01' }] }),
        corrupt({ windowMonths: 12, prolongedGriefMonths: 6 }),
      ),
      ([i, o]) => onlyProtocolError(() => ipt.selectProblemAreas(i as never, o as never)),
    ],
    [
      'assessReadiness',
      oneCorrupted({ ageYears: 15, severeSuicidality: false }, ipt.protocols['ipt-a']),
      ([i, p]) => onlyProtocolError(() => ipt.assessReadiness(i as never, p as never)),
    ],
    [
      'scorePhq9',
      fc.tuple(corrupt([1, 2, 3, 0, 1, 2, 3, 0, 1])),
      ([a]) => onlyProtocolError(() => ipt.scorePhq9(a as never)),
    ],
    [
      'suicideFlag',
      fc.tuple(corrupt('phq-9'), corrupt([1, 2, 3, 0, 1, 2, 3, 0, 1])),
      ([i, a]) => onlyProtocolError(() => ipt.suicideFlag(i as never, a as never)),
    ],
    [
      'safeScorePhq9',
      fc.tuple(corrupt([1, 2, 3, 0, 1, 2, 3, 0, 1])),
      ([a]) => void expect(typeof ipt.safeScorePhq9(a as never).success).toBe('boolean'),
    ],
    [
      'scoreHamd17',
      fc.tuple(corrupt(Array(17).fill(1))),
      ([a]) => onlyProtocolError(() => ipt.scoreHamd17(a as never)),
    ],
    [
      'safeScoreHamd17',
      fc.tuple(corrupt(Array(17).fill(1))),
      ([a]) => void expect(typeof ipt.safeScoreHamd17(a as never).success).toBe('boolean'),
    ],
    [
      'assessProgress',
      oneCorrupted([{ at: '2027-03-01', instrument: 'phq-9', total: 12 }], { responsePercent: 50 }),
      ([s, o]) => onlyProtocolError(() => ipt.assessProgress(s as never, o as never)),
    ],
    [
      'startMaintenance',
      fc.tuple(
        corrupt(course),
        corrupt({
          id: 'm',
          combinedWithMedication: true,
          plan: { start: '2027-06-01', time: '10:00', timeZone: 'UTC' },
        }),
      ),
      ([c, o]) => void expect(typeof ipt.startMaintenance(c as never, o as never).ok).toBe('boolean'),
    ],
    [
      'zoneAdvisories',
      fc.tuple(
        fc.oneof(fc.constantFrom('EST', 'Etc/GMT+5', 'UTC', 'Europe/Berlin'), nasty),
        fc.oneof(fc.integer(), nasty),
      ),
      ([z, y]) => void expect(Array.isArray(ipt.zoneAdvisories(z as never, y as never))).toBe(true),
    ],
    [
      'startNextCourse',
      oneCorrupted(course, ipt.protocols['ipt-continuation'], {
        id: 'n',
        combinedWithMedication: false,
        monotherapyReason: 'patient-preference',
        plan: { start: '2027-06-01', time: '10:00', timeZone: 'UTC' },
      }),
      ([c, p, o]) => void expect(typeof ipt.startNextCourse(c as never, p as never, o as never).ok).toBe('boolean'),
    ],
    // The other entry points.
    [
      'fhir.protocolToPlanDefinition',
      fc.tuple(corrupt(JSON.parse(JSON.stringify(ipt.protocols['ipt-a'])))),
      ([p]) => onlyProtocolError(() => fhir.protocolToPlanDefinition(p as never)),
    ],
    [
      'fhir.safeProtocolToPlanDefinition',
      fc.tuple(corrupt(JSON.parse(JSON.stringify(ipt.protocols.ipt)))),
      ([p]) => void expect(typeof fhir.safeProtocolToPlanDefinition(p as never).success).toBe('boolean'),
    ],
    [
      'fhir.planToFhir',
      oneCorrupted(plan, { patient: { reference: 'Patient/1' }, id: 'p' }),
      ([p, o]) => onlyProtocolError(() => fhir.planToFhir(p as never, o as never)),
    ],
    [
      'fhir.safePlanToFhir',
      oneCorrupted(plan, { patient: { reference: 'Patient/1' } }),
      ([p, o]) => void expect(typeof fhir.safePlanToFhir(p as never, o as never).success).toBe('boolean'),
    ],
    [
      'fhir.courseToFhir',
      oneCorrupted(course, { patient: { reference: 'Patient/1' } }),
      ([c, o]) => onlyProtocolError(() => fhir.courseToFhir(c as never, o as never)),
    ],
    [
      'fhir.safeCourseToFhir',
      oneCorrupted(course, { patient: { display: 'A. Patient' } }),
      ([c, o]) => void expect(typeof fhir.safeCourseToFhir(c as never, o as never).success).toBe('boolean'),
    ],
    [
      'ical.planToICalendar',
      oneCorrupted(plan, { stamp: '2027-02-01T09:00:00Z', uidDomain: 'clinic.example' }),
      ([p, o]) => onlyProtocolError(() => ical.planToICalendar(p as never, o as never)),
    ],
    [
      'ical.safePlanToICalendar',
      oneCorrupted(plan, { stamp: '2027-02-01T09:00:00Z', uidDomain: 'clinic.example', calendarName: 'IPT' }),
      ([p, o]) => void expect(typeof ical.safePlanToICalendar(p as never, o as never).success).toBe('boolean'),
    ],
    [
      'timeline.renderTimeline',
      oneCorrupted(course, { now: '2027-03-02T10:00:00Z', title: 'T', labels: { today: 'Heute' } }),
      ([c, o]) => onlyProtocolError(() => timeline.renderTimeline(c as never, o as never)),
    ],
    [
      'timeline.safeRenderTimeline',
      oneCorrupted(plan, { subtitle: 's', labels: { months: Array(12).fill('m') } }),
      ([p, o]) => void expect(typeof timeline.safeRenderTimeline(p as never, o as never).success).toBe('boolean'),
    ],
    [
      'json-schema.toJsonSchema',
      fc.tuple(fc.oneof(fc.constantFrom(...jsonSchema.schemaNames), nasty, fc.string())),
      ([name]) => onlyProtocolError(() => jsonSchema.toJsonSchema(name as never)),
    ],
    [
      'research.assessFidelity',
      oneCorrupted(course, { timeZone: 'Europe/Berlin', windowDays: 2, reviewWithinDays: 1 }),
      ([c, o]) => onlyProtocolError(() => research.assessFidelity(c as never, o as never)),
    ],
    [
      'research.safeAssessFidelity',
      oneCorrupted(course, { maxGapDays: 14, missedInARow: 2 }),
      ([c, o]) => void expect(typeof research.safeAssessFidelity(c as never, o as never).success).toBe('boolean'),
    ],
    [
      'research.summarizeFidelity',
      oneCorrupted([course, course], { renegotiationsAllowed: 1 }),
      ([c, o]) => onlyProtocolError(() => research.summarizeFidelity(c as never, o as never)),
    ],
    [
      'research.safeSummarizeFidelity',
      oneCorrupted([course], { missedInAll: 3 }),
      ([c, o]) => void expect(typeof research.safeSummarizeFidelity(c as never, o as never).success).toBe('boolean'),
    ],
    [
      'research.mergeFidelitySummaries',
      fc.tuple(corrupt([summary, summary])),
      ([s]) => onlyProtocolError(() => research.mergeFidelitySummaries(s as never)),
    ],
    [
      'research.reportDose',
      oneCorrupted(ipt.protocols.ipt, summary, { group: 'ipt' }),
      ([p, s, o]) => onlyProtocolError(() => research.reportDose(p as never, s as never, o as never)),
    ],
    [
      'research.reportDoseAsMarkdown',
      oneCorrupted(ipt.protocols['ipt-a'], summary, {}),
      ([p, s, o]) => onlyProtocolError(() => research.reportDoseAsMarkdown(p as never, s as never, o as never)),
    ],
    [
      'research.renderFidelityChart',
      oneCorrupted(summary, { title: 'T', groups: ['ipt'], overallLabel: 'All' }),
      ([s, o]) => onlyProtocolError(() => research.renderFidelityChart(s as never, o as never)),
    ],
    [
      'research.safeRenderFidelityChart',
      oneCorrupted(summary, { subtitle: '' }),
      ([s, o]) => void expect(typeof research.safeRenderFidelityChart(s as never, o as never).success).toBe('boolean'),
    ],
    [
      'fhir.fidelitySummaryToMeasureReport',
      oneCorrupted(summary, { date: '2027-07-01T09:00:00Z', reporter: { reference: 'Organization/1' } }),
      ([s, o]) => onlyProtocolError(() => fhir.fidelitySummaryToMeasureReport(s as never, o as never)),
    ],
    [
      'fhir.safeFidelitySummaryToMeasureReport',
      oneCorrupted(summary, {
        measure: 'urn:x',
        period: { start: '2027-01-01T00:00:00Z', end: '2027-12-31T00:00:00Z' },
      }),
      ([s, o]) =>
        void expect(typeof fhir.safeFidelitySummaryToMeasureReport(s as never, o as never).success).toBe('boolean'),
    ],
    [
      'research.simulateCohort',
      oneCorrupted(ipt.protocols['ipt-a'], simOptions),
      ([p, o]) => onlyProtocolError(() => [...take(research.simulateCohort(p as never, o as never), 2)]),
    ],
    [
      'research.safeSimulateCohort',
      oneCorrupted(ipt.protocols.ipt, simOptions),
      ([p, o]) => {
        const result = research.safeSimulateCohort(p as never, o as never)
        if (result.success) for (const course of take(result.data, 2)) expect(course.schemaVersion).toBe(4)
      },
    ],
    [
      'research.compareVariants',
      oneCorrupted([ipt.protocols.ipt, ipt.protocols['ipt-b']], { ...simOptions, replications: 2, labels: ['a', 'b'] }),
      ([p, o]) => onlyProtocolError(() => research.compareVariants(p as never, o as never)),
    ],
    [
      'research.safeCompareVariants',
      oneCorrupted([ipt.protocols.ipt, ipt.protocols['ipt-a']], simOptions),
      ([p, o]) => void expect(typeof research.safeCompareVariants(p as never, o as never).success).toBe('boolean'),
    ],
    [
      'research.mergeComparisons',
      oneCorrupted([comparison, comparison]),
      ([c]) => onlyProtocolError(() => research.mergeComparisons(c as never)),
    ],
    [
      'research.comparisonToMarkdown',
      oneCorrupted(comparison),
      ([c]) => onlyProtocolError(() => research.comparisonToMarkdown(c as never)),
    ],
    [
      'research.renderComparisonChart',
      oneCorrupted(comparison, { title: 'T' }),
      ([c, o]) => onlyProtocolError(() => research.renderComparisonChart(c as never, o as never)),
    ],
    [
      'planCourse round trip: a plan it returns passes CoursePlanSchema',
      fc.tuple(
        corrupt({ ...options, start: '2999-06-01' }),
        fc.constantFrom(...Object.values(ipt.protocols).filter((p) => p.schedule.type === 'acute')),
      ),
      ([o, p]) => {
        const result = ipt.safePlanCourse(p as never, o as never)
        if (result.success) expect(ipt.CoursePlanSchema.safeParse(result.data).success).toBe(true)
      },
    ],
  ]

  it('covers every function every entry point exports', () => {
    const exported = [
      ...Object.entries(ipt).map(([name, value]) => [name, value] as const),
      ...Object.entries(fhir).map(([name, value]) => [`fhir.${name}`, value] as const),
      ...Object.entries(ical).map(([name, value]) => [`ical.${name}`, value] as const),
      ...Object.entries(timeline).map(([name, value]) => [`timeline.${name}`, value] as const),
      ...Object.entries(jsonSchema).map(([name, value]) => [`json-schema.${name}`, value] as const),
      ...Object.entries(research).map(([name, value]) => [`research.${name}`, value] as const),
    ]
      .filter(([name, value]) => typeof value === 'function' && !/^[A-Z]/.test(name.split('.').at(-1) ?? ''))
      .map(([name]) => name)
    const fuzzed = new Set(cases.map(([name]) => name))
    expect(exported.filter((name) => !fuzzed.has(name))).toEqual([])
  })

  // Inputs are deep-frozen: a function that tried to change what the host passed would throw, and fail here.
  it.each(cases)('%s: only documented outcomes', (_, args, check) => {
    fc.assert(
      fc.property(args, (values) => check(values.map(deepFreeze))),
      { numRuns: RUNS },
    )
  })
})
