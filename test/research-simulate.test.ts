/**
 * simulateCohort and compareVariants (issue 17), through the public entry: determinism (CI runs this file under
 * every TZ of its time-zone loop, and the digest below is fixed), patients independent of batch and shard, every
 * simulated course valid input to the rest of the library, attendance rates that converge to the model, shards that
 * merge exactly, and IPT 12 vs 16 sessions; the README's comparison picture docs/comparison.{svg,png}.
 *
 * UPDATE_DOCS=1 npx vitest run test/research-simulate.test.ts   rewrites docs/comparison.{svg,png}.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'
import fc from 'fast-check'
import {
  type Course,
  defineProtocol,
  type Protocol,
  ProtocolError,
  parseCourse,
  planCourse,
  protocols,
  replay,
} from 'ipt-protocol'
import { courseToFhir } from 'ipt-protocol/fhir'
import {
  assessFidelity,
  compareVariants,
  comparisonToMarkdown,
  mergeComparisons,
  renderComparisonChart,
  type SimulationOptions,
  safeCompareVariants,
  safeSimulateCohort,
  simulateCohort,
  simulationDefaults,
} from 'ipt-protocol/research'
import { renderTimeline } from 'ipt-protocol/timeline'
import { SaxesParser } from 'saxes'
import { describe, expect, it } from 'vitest'

const builtins = ['ipt', 'ipt-a', 'ipt-group', 'ipt-b', 'ipt-m', 'ipt-late-life'] as const
const year = { from: '2027-01-04', to: '2027-12-27' }
const base: SimulationOptions = { seed: 42, patients: 12, start: year, timeZone: 'America/New_York' }
const ipt12 = defineProtocol({
  extends: 'ipt',
  id: 'ipt-12',
  name: 'IPT, 12 sessions',
  version: '1.0.0',
  description: 'IPT contracted for 12 weekly sessions',
  schedule: { sessions: { min: 12, default: 12, max: 12 } },
} as never)

const list = (protocol: Protocol, options: SimulationOptions) => [...simulateCohort(protocol, options)]

/** The plan a simulated course began with: planned again from the options its plan records. */
const firstPlan = (course: Course) =>
  planCourse(course.protocol, {
    start: course.plan?.start ?? '',
    time: course.plan?.time ?? '',
    timeZone: course.plan?.timeZone ?? '',
    ...(course.plan?.months === undefined ? { sessions: course.plan?.sessions } : { months: course.plan.months }),
  })

describe('simulateCohort: determinism', () => {
  it('the same seed gives the same courses; another seed gives others', () => {
    const a = list(protocols['ipt-a'], base)
    expect(JSON.stringify(list(protocols['ipt-a'], base))).toBe(JSON.stringify(a))
    expect(JSON.stringify(list(protocols['ipt-a'], { ...base, seed: 43 }))).not.toBe(JSON.stringify(a))
  })

  it('gives these courses on every machine and in every process TZ (a fixed digest)', () => {
    const digest = list(protocols.ipt, { ...base, patients: 8 }).map(
      (course) =>
        `${course.id} ${course.plan?.start} ${course.phase} held ${course.counts.sessionsHeld} missed ${course.counts.sessionsMissed} cancelled ${course.counts.sessionsCancelled} ${course.events.at(-1)?.at}`,
    )
    expect(digest).toMatchInlineSnapshot(`
      [
        "patient-0 2027-03-28 completed held 16 missed 2 cancelled 2 2027-08-08T10:00:00-04:00",
        "patient-1 2027-12-13 completed held 16 missed 1 cancelled 3 2028-04-24T10:00:00-04:00",
        "patient-2 2027-01-20 completed held 16 missed 2 cancelled 1 2027-05-26T10:00:00-04:00",
        "patient-3 2027-08-21 discontinued held 2 missed 0 cancelled 0 2027-09-04T10:00:00-04:00",
        "patient-4 2027-11-20 completed held 16 missed 2 cancelled 1 2028-03-25T10:00:00-04:00",
        "patient-5 2027-09-06 completed held 16 missed 1 cancelled 2 2028-01-10T10:00:00-05:00",
        "patient-6 2027-08-14 discontinued held 3 missed 2 cancelled 0 2027-09-18T10:00:00-04:00",
        "patient-7 2027-11-02 completed held 16 missed 3 cancelled 1 2028-03-14T10:00:00-04:00",
      ]
    `)
  })

  it('patient i is the same alone, in a batch and in any shard, however far into the cohort', () => {
    const batch = list(protocols.ipt, { ...base, patients: undefined, range: { from: 73_410, to: 73_416 } })
    const alone = list(protocols.ipt, { ...base, patients: undefined, range: { from: 73_412, to: 73_413 } })
    expect(alone).toEqual([batch[2]])
    expect(alone[0]?.id).toBe('patient-73412')
  })
})

describe('simulateCohort: ordinary courses', () => {
  it.each(builtins)('%s: every course parses, replays to itself and ends completed or dropped out', (id) => {
    for (const course of simulateCohort(protocols[id], { ...base, patients: 20 })) {
      expect(parseCourse(JSON.parse(JSON.stringify(course)))).toEqual(course)
      const replayed = replay(course.protocol, course.events, { id: course.id, plan: firstPlan(course) })
      expect(replayed.ok && replayed.course).toEqual(course)
      const last = course.events.at(-1)
      expect(
        course.phase === 'completed' ||
          (last?.type === 'course-discontinued' && last.reason === 'drop-out' && course.phase === 'discontinued'),
      ).toBe(true)
    }
  })

  it('is accepted by assessFidelity, courseToFhir and renderTimeline', () => {
    for (const id of builtins) {
      for (const course of simulateCohort(protocols[id], { ...base, patients: 2 })) {
        expect(assessFidelity(course).protocol.id).toBe(id)
        expect(courseToFhir(course, { patient: { reference: 'Patient/1' } }).resourceType).toBe('Bundle')
        expect(renderTimeline(course)).toMatch(/^<svg/)
      }
    }
  })

  it('a full course runs through the phases at the protocol bounds and records the initial tasks', () => {
    const [course] = list(protocols.ipt, {
      ...base,
      patients: 1,
      attendance: { missed: 0, cancelled: 0, dropOut: [0] },
    })
    const types = course?.events.map((event) => (event.type === 'phase-advanced' ? `to ${event.to}` : event.type))
    expect(types?.filter((type) => type.startsWith('to '))).toEqual(['to middle', 'to termination'])
    const heldBefore = (type: string) => types?.slice(0, types.indexOf(type)).filter((t) => t === 'session-held').length
    expect([heldBefore('to middle'), heldBefore('to termination'), heldBefore('course-completed')]).toEqual([3, 13, 16])
    expect(course?.counts.sessionsHeld).toBe(16)
    expect(course?.phase).toBe('completed')
    expect(assessFidelity(course as Course).indicators.find((i) => i.id === 'middle-phase-preconditions')?.status).toBe(
      'met',
    )
  })

  it('records a researcher’s ratings as measures, raising flags like any other (no built-in outcome model)', () => {
    const courses = list(protocols.ipt, {
      ...base,
      patients: 3,
      measure: ({ session, random }) =>
        session === 1
          ? { instrument: 'phq-9', items: [2, 2, 2, 1, 1, 1, 1, 1, random() < 2 ? 1 : 0] }
          : { instrument: 'phq-9', total: Math.max(0, 16 - session) },
    })
    for (const course of courses) {
      expect(course.measures.length).toBe(course.counts.sessionsHeld)
      expect(course.safety.open.length).toBe(course.counts.sessionsHeld > 0 ? 1 : 0)
    }
    expect(list(protocols.ipt, { ...base, patients: 3 }).every((course) => course.measures.length === 0)).toBe(true)
  })

  it('shows the courses with an open safety flag in the comparison’s table, Markdown and chart (§8a)', () => {
    // Every third patient reports thoughts of self-harm at the first session; nobody reviews it.
    const flagging: SimulationOptions = {
      ...base,
      patients: 6,
      measure: ({ session, index }) =>
        session === 1 && index % 3 === 0
          ? { instrument: 'phq-9', items: [2, 2, 2, 1, 1, 1, 1, 1, 2] }
          : { instrument: 'phq-9', total: 8 },
    }
    const comparison = compareVariants([protocols.ipt, ipt12], flagging)
    const open = comparison.table.arms.map((arm) => arm.fidelity.overall.adherence.withOpenSafetyFlags)
    const expected = [...simulateCohort(protocols.ipt, flagging)].filter((course) => course.safety.open.length).length
    expect(expected).toBeGreaterThan(0)
    expect(open[0]).toBe(expected)
    expect(comparisonToMarkdown(comparison)).toContain(`| Courses with an open safety flag | ${open[0]} | ${open[1]} |`)
    const chart = renderComparisonChart(comparison)
    expect(chart.match(/class="safety"[^>]*>[^<]*open safety flag/g)).toHaveLength(open.filter((n) => n > 0).length)
    // Without flags, the chart says nothing of them.
    expect(renderComparisonChart(compareVariants([protocols.ipt, ipt12], { ...base, patients: 3 }))).not.toContain(
      'class="safety"',
    )
  })

  it('refuses bad options with issues, and bad data from the researcher’s functions with a ProtocolError', () => {
    const codes = (options: unknown) => {
      const result = safeSimulateCohort(protocols.ipt, options as SimulationOptions)
      return result.success ? [] : result.issues.map((issue) => `${issue.code}@${issue.path?.join('.')}`)
    }
    expect(codes({ seed: -1, patients: 2, start: '2027-03-01' })).toEqual(['too-small@options.seed'])
    expect(codes({ seed: 1, start: '2027-03-01' })).toEqual(['invalid-value@options.patients'])
    expect(codes({ seed: 1, patients: 2, start: '2027-03-01', sessions: 40 })).toEqual([
      'out-of-range@options.sessions',
    ])
    expect(codes({ seed: 1, patients: 2, start: '2027-03-01', attendance: { missed: 0.6, cancelled: 0.5 } })).toEqual([
      'invalid-value@options.attendance.cancelled',
    ])
    expect(codes({ seed: 1, patients: 2, start: '2027-03-01', problemAreas: ['grief', 'grief'] })).toEqual([
      'invalid-areas@options.problemAreas',
    ])
    expect(() => list(protocols.ipt, { ...base, start: () => 'soon' })).toThrow(ProtocolError)
    expect(() => list(protocols.ipt, { ...base, measure: () => ({ instrument: 'phq-9', total: 99 }) })).toThrow(
      ProtocolError,
    )
  })
})

describe('simulateCohort: the attendance model', () => {
  it('the default drop-out hazard gives about 20 % over 16 sessions, half of it by the 5th (SCHED-7)', () => {
    const hazard = simulationDefaults.dropOut.value
    const at = (k: number) => hazard[Math.min(k, hazard.length) - 1] ?? 0
    const survival = (n: number) => Array.from({ length: n }, (_, k) => 1 - at(k + 1)).reduce((a, b) => a * b, 1)
    expect(1 - survival(16)).toBeCloseTo(0.208, 3)
    expect((1 - survival(5)) / (1 - survival(16))).toBeCloseTo(0.5, 1)
    expect(simulationDefaults.dropOut.references.join()).toContain('Linardon 2019')
  })

  it('missed, cancelled and phone-missed rates converge to the model (property, n ≈ 4,000 contacts)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 0.4, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.nat(1000),
        (missed, cancelled, phoneMissed, seed) => {
          let sessions = 0
          let missedCount = 0
          let cancelledCount = 0
          let calls = 0
          let callsMissed = 0
          const options = { ...base, seed, patients: 250, attendance: { missed, cancelled, phoneMissed, dropOut: [0] } }
          for (const course of simulateCohort(protocols['ipt-a'], options)) {
            const { sessionsHeld, sessionsMissed, sessionsCancelled } = course.counts
            sessions += sessionsHeld + sessionsMissed + sessionsCancelled
            missedCount += sessionsMissed
            cancelledCount += sessionsCancelled
            for (const event of course.events) {
              if (event.type === 'phone-contact-held' || event.type === 'phone-contact-missed') calls++
              if (event.type === 'phone-contact-missed') callsMissed++
            }
          }
          expect(Math.abs(missedCount / sessions - missed)).toBeLessThan(0.035)
          expect(Math.abs(cancelledCount / sessions - cancelled)).toBeLessThan(0.035)
          expect(Math.abs(callsMissed / calls - phoneMissed)).toBeLessThan(0.05)
        },
      ),
      { numRuns: 4 },
    )
  })

  it('the drop-out share converges to 1 − Π(1 − hazard) (property, n = 1,000)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.06, noNaN: true }), fc.nat(1000), (hazard, seed) => {
        const options = { ...base, seed, patients: 1000, attendance: { missed: 0.2, cancelled: 0, dropOut: [hazard] } }
        let dropped = 0
        for (const course of simulateCohort(protocols.ipt, options)) if (course.phase === 'discontinued') dropped++
        expect(Math.abs(dropped / 1000 - (1 - (1 - hazard) ** 16))).toBeLessThan(0.05)
      }),
      { numRuns: 3 },
    )
  })
})

describe('compareVariants', () => {
  const options = { ...base, patients: 60, replications: 2 }
  const comparison = compareVariants([protocols.ipt, ipt12], options)

  it('IPT 12 vs 16 sessions: fewer sessions, therapist hours and weeks, with the same patients in both arms', () => {
    const [difference] = comparison.table.differences
    expect(difference?.sessionsHeld.mean).toBeLessThan(-2)
    expect(difference?.therapistHours.mean).toBeLessThan(0)
    expect(difference?.weeksToEnd.mean).toBeLessThan(0)
    expect(difference?.sessionsHeld.replications).toHaveLength(2)
    expect(difference?.sessionsHeld.sd).not.toBeNull()
    expect(comparison.table.arms.map((arm) => arm.plannedContacts.median)).toEqual([16, 12])
    // Common random numbers: a patient who drops out before session 3 in one arm does so in the other.
    expect(comparison.runs[0]?.arms[0]?.dropOutAfter['0']).toBe(comparison.runs[0]?.arms[1]?.dropOutAfter['0'])
  })

  it('4 shards merge into exactly the comparison of one run', () => {
    const shards = [
      [30, 45],
      [0, 15],
      [45, 60],
      [15, 30],
    ].map(([from, to]) =>
      compareVariants([protocols.ipt, ipt12], { ...options, patients: undefined, range: { from, to } as never }),
    )
    expect(mergeComparisons(shards)).toEqual(comparison)
    expect(JSON.parse(JSON.stringify(mergeComparisons(shards)))).toEqual(comparison)
    expect(() => mergeComparisons([shards[0], shards[0]] as never)).toThrow(ProtocolError)
  })

  it('as Markdown and as a well-formed SVG chart', () => {
    const markdown = comparisonToMarkdown(comparison)
    expect(markdown).toContain('| | ipt | ipt-12 |'.replace('| |', '|  |'))
    expect(markdown).toContain('Differences from ipt: mean over 2 replications (SD)')
    const svg = renderComparisonChart(comparison, { title: 'IPT <12> & 16' })
    const parser = new SaxesParser()
    const errors: string[] = []
    parser.on('error', (error) => errors.push(error.message))
    parser.write(svg).close()
    expect(errors).toEqual([])
    expect(svg).toContain('IPT &lt;12&gt; &amp; 16')
  })

  it('refuses fewer than two arms and mismatched labels', () => {
    const result = safeCompareVariants([protocols.ipt], { ...options, labels: ['a', 'b'] })
    expect(result.success ? [] : result.issues.map((issue) => issue.code)).toEqual(['arms-count', 'labels-count'])
    expect(() => compareVariants([protocols.ipt, ipt12], { ...options, patients: 6_000_000 })).toThrow(ProtocolError)
  })
})

describe('docs/comparison.svg (the README comparison)', () => {
  it(process.env.UPDATE_DOCS === '1' ? 'is written (UPDATE_DOCS=1)' : 'is committed and fresh', () => {
    const noPhone = defineProtocol({
      extends: 'ipt-a',
      id: 'ipt-a-no-phone',
      name: 'IPT-A without phone contacts',
      version: '1.0.0',
      description: 'IPT-A without the weekly phone contacts of weeks 1–4 (trial arm B).',
      schedule: { extraContacts: [] },
    })
    const comparison = compareVariants([protocols['ipt-a'], noPhone], {
      seed: 2027,
      patients: 200,
      start: { from: '2027-01-04', to: '2027-12-27' },
      timeZone: 'America/New_York',
      replications: 3,
    })
    const svg = renderComparisonChart(comparison, { title: 'IPT-A with and without phone contacts' })
    const svgPath = fileURLToPath(new URL('../docs/comparison.svg', import.meta.url))
    const pngPath = fileURLToPath(new URL('../docs/comparison.png', import.meta.url))
    if (process.env.UPDATE_DOCS === '1') {
      writeFileSync(svgPath, svg)
      writeFileSync(pngPath, new Resvg(svg, { font: { loadSystemFonts: true } }).render().asPng())
    }
    const hint = 'run UPDATE_DOCS=1 npx vitest run test/research-simulate.test.ts and commit docs/comparison.{svg,png}'
    expect(existsSync(pngPath), hint).toBe(true)
    expect(readFileSync(svgPath, 'utf8'), hint).toBe(svg)
  })
})
