/**
 * ipt-protocol/research over many courses: summarizeFidelity (streaming, by group, mergeable exactly), the dose
 * items of a trial report as JSON and Markdown, the SVG chart (rendered with resvg, parsed as strict XML), and the
 * summary as a FHIR R4 MeasureReport validated by Medplum's validator. Property tests: a course replayed gives the
 * same report; adding a held session never lowers the dose indicators; merging the summaries of any split gives the
 * summary of the whole.
 */
import { Resvg } from '@resvg/resvg-js'
import fc from 'fast-check'
import {
  applyEvent,
  type Course,
  type CourseEvent,
  createCourse,
  ProtocolError,
  parseCourse,
  protocols,
} from 'ipt-protocol'
import { fidelitySummaryToMeasureReport, safeFidelitySummaryToMeasureReport } from 'ipt-protocol/fhir'
import {
  assessFidelity,
  FidelitySummarySchema,
  type IndicatorStatus,
  indicatorIds,
  mergeFidelitySummaries,
  renderFidelityChart,
  reportDose,
  reportDoseAsMarkdown,
  safeRenderFidelityChart,
  safeSummarizeFidelity,
  summarizeFidelity,
} from 'ipt-protocol/research'
import { SaxesParser } from 'saxes'
import { describe, expect, it } from 'vitest'
import { bindingErrors, expectValid } from './support/fhir.js'
import { deliver, later } from './support/fidelity.js'

const builtins = ['ipt', 'ipt-a', 'ipt-group', 'ipt-b', 'ipt-m', 'ipt-late-life'] as const
const flagItems = [2, 2, 1, 1, 1, 1, 1, 1, 1]

/** A small cohort: each built-in delivered as planned, one drop-out, one with an open safety flag. */
function cohort(): Course[] {
  const planned = builtins.map((id) => deliver(protocols[id]))
  const dropOut = deliver(protocols.ipt, {
    drop: (_, index) => index > 12,
    ending: { type: 'course-discontinued', at: '2027-04-01T09:00:00-04:00', reason: 'drop-out' },
  })
  const flagged = deliver(protocols['ipt-a'], {
    after: {
      0: [{ type: 'measure-recorded', at: '2027-03-01T10:50:00-05:00', instrument: 'phq-9', items: flagItems }],
    },
  })
  return [...planned, { ...dropOut, id: 'dropped' }, { ...flagged, id: 'flagged' }]
}

const byProtocol = (course: Course) => course.protocol.id

describe('summarizeFidelity', () => {
  const courses = cohort()
  const summary = summarizeFidelity(courses, { groupBy: byProtocol })

  it('counts each indicator per group and overall, with the share met among the courses decided', () => {
    expect(summary.overall.courses).toBe(8)
    expect(Object.keys(summary.groups)).toEqual(['ipt', 'ipt-a', 'ipt-b', 'ipt-group', 'ipt-late-life', 'ipt-m'])
    expect(summary.groups.ipt?.courses).toBe(2)
    expect(summary.overall.indicators['planned-ending']).toEqual({
      met: 7,
      notMet: 1,
      unknown: 0,
      notApplicable: 0,
      shareMet: 7 / 8,
    })
    // The flagged course met every other indicator, and is still not adherent (§8a).
    expect(summary.overall.adherence).toEqual({ adherent: 6, notAdherent: 2, undetermined: 0, withOpenSafetyFlags: 1 })
    expect(summary.overall.endings).toEqual({ completed: 7, discontinued: 1, recurrence: 0, ongoing: 0 })
    for (const id of indicatorIds) {
      const tally = summary.overall.indicators[id]
      expect(tally.met + tally.notMet + tally.unknown + tally.notApplicable).toBe(8)
    }
    expect(FidelitySummarySchema.safeParse(JSON.parse(JSON.stringify(summary))).success).toBe(true)
  })

  it('takes any iterable, one course at a time', () => {
    function* stream() {
      for (const course of courses) yield JSON.parse(JSON.stringify(course)) as Course
    }
    expect(summarizeFidelity(stream(), { groupBy: byProtocol })).toEqual(summary)
    expect(summarizeFidelity(new Set(courses)).groups).toEqual({})
  })

  it('merges summaries exactly: the summaries of any split give the summary of the whole (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: courses.length, maxLength: courses.length }),
        (shard) => {
          const parts = [0, 1, 2].map((part) =>
            summarizeFidelity(
              courses.filter((_, index) => shard[index] === part),
              { groupBy: byProtocol },
            ),
          )
          expect(mergeFidelitySummaries(parts)).toEqual(summary)
        },
      ),
      { numRuns: 25 },
    )
    expect(mergeFidelitySummaries([]).overall.courses).toBe(0)
  })

  it('stops at the first invalid course with its index, and checks the group name', () => {
    const result = safeSummarizeFidelity([courses[0] as Course, { id: 'broken' } as never])
    expect(result.success).toBe(false)
    if (!result.success)
      expect(result.issues.every((issue) => issue.path?.[0] === 'courses' && issue.path[1] === 1)).toBe(true)
    expect(() => summarizeFidelity(courses, { groupBy: () => '' })).toThrow(ProtocolError)
    expect(safeSummarizeFidelity(courses, { groupBy: (() => 7) as never })).toMatchObject({
      success: false,
      issues: [{ code: 'invalid-group', path: ['courses', 0] }],
    })
    expect(safeSummarizeFidelity(5 as never)).toMatchObject({ success: false, issues: [{ code: 'not-iterable' }] })
    expect(() => mergeFidelitySummaries([{}] as never)).toThrow(ProtocolError)
  })

  it('keeps a group named like an Object.prototype key as data', () => {
    const named = summarizeFidelity(courses.slice(0, 2), { groupBy: () => '__proto__' })
    expect(Object.keys(named.groups)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).courses).toBeUndefined()
  })
})

describe('reportDose: the dose items of a trial report', () => {
  const summary = summarizeFidelity(cohort(), { groupBy: byProtocol })

  it('gives number, length, frequency and span as planned and as delivered', () => {
    const report = reportDose(protocols.ipt, summary, { group: 'ipt' })
    expect(report.planned).toMatchObject({
      sessions: { min: 12, default: 16, max: 16 },
      sessionMinutes: { min: 45, default: 50, max: 60 },
      frequency: { every: 1, unit: 'week', text: 'weekly' },
      spanDays: 105,
      contracted: { n: 2, mean: 16, sd: 0, min: 16, max: 16 },
    })
    expect(report.delivered.sessionsHeld).toEqual({ n: 2, mean: 9.5, sd: 6.5, min: 3, max: 16 })
    expect(report.delivered.intervalDays).toMatchObject({ mean: 7, min: 7, max: 7 })
    expect(report.delivered.sessionMinutes).toBeNull()
    expect(report.delivered.endings).toEqual({ completed: 1, discontinued: 1, recurrence: 0, ongoing: 0 })
    const maintenance = reportDose(protocols['ipt-m'], summary, { group: 'ipt-m' })
    expect(maintenance.planned).toMatchObject({
      sessions: null,
      months: { default: 36 },
      frequency: { text: 'monthly' },
    })
    expect(reportDose(protocols['ipt-a'], summary).planned.extraContacts).toEqual([
      { kind: 'phone-contact', count: 4, durationMinutes: 15 },
    ])
  })

  it('as a Markdown table', () => {
    const markdown = reportDoseAsMarkdown(protocols.ipt, summary, { group: 'ipt' })
    expect(markdown).toContain('| Dose item | As planned | As delivered |')
    expect(markdown).toContain('| Sessions per course | 12–16 sessions (default 16) | 9.5 (SD 6.5; 3–16; n = 2) |')
    expect(markdown).toContain('| Frequency | weekly | days between sessions: 7 (SD 0; 7; n = 17) |')
    expect(markdown.split('\n').filter((line) => line.startsWith('|')).length).toBe(11)
  })

  it('refuses an unknown group and invalid input', () => {
    expect(() => reportDose(protocols.ipt, summary, { group: 'nobody' })).toThrow(ProtocolError)
    expect(() => reportDose(null as never, summary)).toThrow(ProtocolError)
    expect(() => reportDoseAsMarkdown(protocols.ipt, {} as never)).toThrow(ProtocolError)
  })
})

/** The errors a strict XML parser reports. */
function xmlErrors(xml: string): string[] {
  const parser = new SaxesParser()
  const errors: string[] = []
  parser.on('error', (error) => errors.push(error.message))
  parser.write(xml).close()
  return errors
}

describe('renderFidelityChart', () => {
  const summary = summarizeFidelity(cohort(), { groupBy: byProtocol })

  it('renders with a real SVG renderer, a cell per indicator decided and column', () => {
    const svg = renderFidelityChart(summary, { title: 'Fidelity by protocol' })
    expect(xmlErrors(svg)).toEqual([])
    const cells = [...svg.matchAll(/<g class="cell" data-indicator="([^"]+)" data-column="([^"]+)"/g)]
    const decided = indicatorIds.filter((id) => {
      const tally = summary.overall.indicators[id]
      return tally.met + tally.notMet > 0
    })
    expect(cells).toHaveLength(decided.length * 7)
    const image = new Resvg(svg, {
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    }).render()
    const width = Number(/width="(\d+)"/.exec(svg)?.[1])
    expect(image.width).toBe(width)
    // Bars are drawn: pixels of the bar colour (#0072B2) are there.
    const pixels = image.pixels
    let blue = 0
    for (let index = 0; index < pixels.length; index += 4) {
      if (pixels[index] === 0x00 && pixels[index + 1] === 0x72 && pixels[index + 2] === 0xb2) blue++
    }
    expect(blue).toBeGreaterThan(500)
  })

  it('shows the courses with an open safety flag above each column (§8a)', () => {
    const svg = renderFidelityChart(summary)
    expect(svg).toContain('<g class="safety" data-open="1">')
    expect(svg).toContain('1 with open safety flag<')
  })

  it('is well-formed XML whatever the group names, and checks its input', () => {
    const odd = summarizeFidelity(cohort().slice(0, 2), { groupBy: (course) => `<${course.id}> & "\u0001"` })
    expect(xmlErrors(renderFidelityChart(odd))).toEqual([])
    expect(safeRenderFidelityChart(summary, { groups: [''] })).toMatchObject({ success: false })
    expect(() => renderFidelityChart({} as never)).toThrow(ProtocolError)
  })
})

describe('fidelitySummaryToMeasureReport', () => {
  const summary = summarizeFidelity(cohort(), { groupBy: byProtocol })

  it('is a valid FHIR R4 MeasureReport (Medplum), a group per indicator with coded populations', () => {
    const report = fidelitySummaryToMeasureReport(summary, {
      date: '2027-07-01T09:00:00Z',
      reporter: { reference: 'Organization/clinic' },
    })
    expectValid(report)
    expect(bindingErrors(report, 'MeasureReport')).toEqual([])
    expect(report.group).toHaveLength(indicatorIds.length + 2)
    const ending = report.group?.find((group) => group.id === 'planned-ending')
    expect(ending?.population?.map((population) => [population.code?.coding?.[0]?.code, population.count])).toEqual([
      ['initial-population', 8],
      ['denominator', 8],
      ['numerator', 7],
      ['denominator-exclusion', 0],
      ['denominator-exception', 0],
    ])
    expect(ending?.measureScore?.value).toBe(7 / 8)
    expect(ending?.stratifier?.[0]?.stratum?.map((stratum) => stratum.value?.text)).toEqual(Object.keys(summary.groups))
    const flags = report.group?.find((group) => group.id === 'open-safety-flags')
    expect(flags?.population?.[2]?.count).toBe(1)
    expect(report.period?.start).toBe('2027-03-01T15:50:00.000Z')
  })

  it('without groups, and validated input', () => {
    const plain = fidelitySummaryToMeasureReport(summarizeFidelity(cohort()))
    expectValid(plain)
    expect(plain.group?.[0]?.stratifier).toBeUndefined()
    expect(safeFidelitySummaryToMeasureReport(summarizeFidelity([]))).toMatchObject({
      success: false,
      issues: [{ code: 'period-required' }],
    })
    expectValid(
      fidelitySummaryToMeasureReport(summarizeFidelity([]), {
        period: { start: '2027-01-01T00:00:00Z', end: '2027-12-31T23:59:59Z' },
      }),
    )
    expect(safeFidelitySummaryToMeasureReport({} as never)).toMatchObject({ success: false })
  })
})

const rank: Record<IndicatorStatus, number> = { 'not-met': 0, unknown: 1, met: 2, 'not-applicable': 3 }
const doseIndicators = ['contract-in-range', 'renegotiations', 'sessions-delivered', 'attendance', 'planned-ending']

/** A course of `protocol` with the events of its planned delivery applied where accepted, cut at `cut`. */
function tolerant(course: Course, events: readonly CourseEvent[]): Course {
  let current = course
  for (const event of events) {
    const result = applyEvent(current, event)
    if (result.ok) current = result.course
  }
  return current
}

describe('properties', () => {
  const arbitraryCourse = fc
    .record({
      id: fc.constantFrom(...builtins),
      cut: fc.integer({ min: 0, max: 80 }),
      drop: fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 8 }),
      missed: fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 4 }),
    })
    .map(({ id, cut, drop, missed }) => {
      const planned = deliver(protocols[id])
      const events = planned.events.slice(0, cut).flatMap((event, index): CourseEvent[] => {
        if (drop.includes(index) && event.type !== 'inventory-completed') return []
        return missed.includes(index) ? [event, { type: 'session-missed', at: event.at }] : [event]
      })
      const start = createCourse(planned.protocol, planned.plan ? { id: 'p', plan: planned.plan } : { id: 'p' })
      return tolerant(start, events)
    })

  it('a course replayed from its log, or restored from JSON, gives the same report', () => {
    fc.assert(
      fc.property(arbitraryCourse, fc.integer({ min: 0, max: 5 }), (course, windowDays) => {
        const replayed = tolerant(
          createCourse(course.protocol, course.plan ? { id: course.id, plan: course.plan } : { id: course.id }),
          course.events,
        )
        expect(replayed.events).toEqual(course.events)
        const report = assessFidelity(course, { windowDays })
        expect(assessFidelity(replayed, { windowDays })).toEqual(report)
        expect(assessFidelity(parseCourse(JSON.stringify(course)), { windowDays })).toEqual(report)
      }),
      { numRuns: 40 },
    )
  })

  it('adding a held session never lowers the dose indicators', () => {
    fc.assert(
      fc.property(arbitraryCourse, (course) => {
        const at = later(course.events.at(-1)?.at ?? '2027-03-01T10:00:00-05:00', 7 * 1440)
        const next = applyEvent(course, { type: 'session-held', at })
        if (!next.ok) return
        const before = assessFidelity(course)
        const after = assessFidelity(next.course)
        for (const id of doseIndicators) {
          const a = before.indicators.find((indicator) => indicator.id === id)
          const b = after.indicators.find((indicator) => indicator.id === id)
          expect(rank[b?.status ?? 'not-met'], id).toBeGreaterThanOrEqual(rank[a?.status ?? 'not-met'])
        }
        expect(after.dose.sessionsHeld).toBe(before.dose.sessionsHeld + 1)
      }),
      { numRuns: 40 },
    )
  })
})
