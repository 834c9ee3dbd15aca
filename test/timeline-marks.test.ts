/**
 * ipt-protocol/timeline, mark by mark: how each status and kind is drawn, how a course's events reach its plan's
 * contacts, the lanes, the week axis of long timelines, the "today" line at and near the edges, and the issues of
 * an invalid input. Every plan here has its own zone, so nothing depends on the process time zone.
 */
import {
  type Course,
  type CourseEvent,
  type CoursePlan,
  createCourse,
  planCourse,
  protocols,
  reschedulePlan,
} from 'ipt-protocol'
import { renderTimeline, safeRenderTimeline } from 'ipt-protocol/timeline'
import { describe, expect, it } from 'vitest'
import { walk } from './support/course.js'

const newYork = { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' } as const

/** Applies events that must be accepted (see support/course.ts). */
const apply = (course: Course, events: CourseEvent[]): Course => walk(course, events).course

/** The `<g class="mark" …>` elements' data attributes, in document order. */
function marks(svg: string): Array<Record<string, string>> {
  return [...svg.matchAll(/<g class="mark"([^>]*)>/g)].map((match) =>
    Object.fromEntries([...(match[1] ?? '').matchAll(/ data-([a-z]+)="([^"]*)"/g)].map((m) => [m[1], m[2]])),
  )
}

function statusById(svg: string): Record<string, string | undefined> {
  return Object.fromEntries(marks(svg).map((mark) => [mark.id, mark.status]))
}

/** The markup of one mark: its tooltip and its shape. */
function markOf(svg: string, id: string): string {
  const start = svg.indexOf(`<g class="mark" data-id="${id}"`)
  if (start === -1) throw new Error(`no mark ${id}`)
  return svg.slice(start, svg.indexOf('</g>', start))
}

function tooltipOf(svg: string, id: string): string | undefined {
  return /<title>([^<]*)<\/title>/.exec(markOf(svg, id))?.[1]
}

/** The attributes of the first `<name …>` element in `markup`, numbers as numbers. */
function attributes(markup: string, name: string): Record<string, string> {
  const tag = new RegExp(`<${name}((?: [\\w-]+="[^"]*")*)/?>`).exec(markup)?.[1] ?? ''
  return Object.fromEntries([...tag.matchAll(/ ([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
}

/** The corners of a triangle or diamond path `M x y L x y … Z`. */
function corners(d: string | undefined): Array<[number, number]> {
  return [...(d ?? '').matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])])
}

/** The `<text>` contents of the "today" group and its line. */
function nowOf(svg: string): { line: Record<string, string>; text: Record<string, string>; label: string } {
  const group = /<g class="now"[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? ''
  return {
    line: attributes(group, 'line'),
    text: attributes(group, 'text'),
    label: />([^<]*)<\/text>/.exec(group)?.[1] ?? '',
  }
}

describe('renderTimeline: how each status is painted', () => {
  it('fills a plan’s planned contacts with the phase colour, solid, with no overlay', () => {
    const svg = renderTimeline(planCourse(protocols['ipt-a'], newYork))
    const first = markOf(svg, 'session-2027-03-01')
    expect(attributes(first, 'circle')).toMatchObject({
      r: '8',
      fill: '#0072B2',
      stroke: '#1F2937',
      'stroke-width': '1',
    })
    expect(first).not.toContain('stroke-dasharray')
    expect(first).not.toContain('<line')
  })

  it('draws a cancelled contact hollow and dashed, struck through by one dark line', () => {
    const plan = reschedulePlan(planCourse(protocols['ipt-a'], newYork), {
      type: 'cancelled',
      contactId: 'session-2027-03-08',
    })
    const svg = renderTimeline(plan)
    expect(statusById(svg)['session-2027-03-08']).toBe('cancelled')
    const cancelled = markOf(svg, 'session-2027-03-08')
    const circle = attributes(cancelled, 'circle')
    expect(circle).toMatchObject({ fill: '#FFFFFF', stroke: '#0072B2', 'stroke-width': '2', 'stroke-dasharray': '3 2' })
    const strikes = [...cancelled.matchAll(/<line [^>]*\/>/g)].map((match) => attributes(match[0], 'line'))
    expect(strikes).toHaveLength(1)
    const [cx, cy] = [Number(circle.cx), Number(circle.cy)]
    // From the lower left to the upper right of the mark, 0.8 of its radius out.
    expect(strikes[0]).toMatchObject({ stroke: '#1F2937', 'stroke-width': '2' })
    expect(Number(strikes[0]?.x1)).toBeCloseTo(cx - 6.4, 1)
    expect(Number(strikes[0]?.y1)).toBeCloseTo(cy + 6.4, 1)
    expect(Number(strikes[0]?.x2)).toBeCloseTo(cx + 6.4, 1)
    expect(Number(strikes[0]?.y2)).toBeCloseTo(cy - 6.4, 1)
    const legend = svg.slice(svg.indexOf('<g class="legend">'))
    expect(legend).toContain('>Cancelled</text>')
    expect(legend).toContain('>Status</text>')
  })

  it('draws an event beyond the plan grey and dashed, with a tooltip in the plan’s zone without number or phase', () => {
    // IPT-A plans four phone contacts: the fifth call fills none (contact-unplanned).
    const plan = planCourse(protocols['ipt-a'], newYork)
    const calls: CourseEvent[] = Array.from({ length: 5 }, (_, index) => ({
      type: 'phone-contact-held' as const,
      at: new Date(Date.UTC(2027, 2, 4 + 7 * index, 21, 45)).toISOString(),
    }))
    const svg = renderTimeline(apply(createCourse(protocols['ipt-a'], { id: 'x', plan }), calls))
    const extra = markOf(svg, 'phone-contact-held-1')
    expect(attributes(extra, 'path')).toMatchObject({
      fill: '#D1D5DB',
      stroke: '#1F2937',
      'stroke-width': '1',
      'stroke-dasharray': '3 2',
    })
    // 21:45Z on 1 April is 17:45 in New York (daylight saving time).
    expect(tooltipOf(svg, 'phone-contact-held-1')).toBe('Phone contact · 1 Apr 2027 17:45 · Not in plan')
    expect(tooltipOf(svg, 'phone-contact-2027-03-04')).toBe('Phone contact 1 · Initial · 4 Mar 2027 16:00 · Held')
  })
})

describe('renderTimeline: shapes and lanes', () => {
  it('puts sessions, phone contacts and follow-ups in three lanes of alternating shade', () => {
    const plan = planCourse(protocols['ipt-a'], { ...newYork, followUp: { everyMonths: 3, count: 1 } })
    const svg = renderTimeline(plan)
    const lanes = /<g class="lanes">(.*?)<\/g>/s.exec(svg)?.[1] ?? ''
    const rects = [...lanes.matchAll(/<rect [^>]*\/>/g)].map((match) => attributes(match[0], 'rect'))
    expect(rects.map((rect) => [rect.y, rect.fill])).toEqual([
      ['84', '#F3F4F6'],
      ['130.67', '#FFFFFF'],
      ['177.33', '#F3F4F6'],
    ])
    expect([...lanes.matchAll(/>([^<]+)<\/text>/g)].map((match) => match[1])).toEqual([
      'Sessions',
      'Phone contacts',
      'Other contacts',
    ])
    // A follow-up is a triangle pointing down, in the third lane (centred at 84 + 2.5 × 140 / 3).
    const followUp = plan.contacts.find((contact) => contact.kind === 'follow-up')
    expect(followUp).toBeDefined()
    const [apex, right, left] = corners(attributes(markOf(svg, followUp?.id ?? ''), 'path').d)
    expect(apex?.[1]).toBeCloseTo(200.67 + 7, 1)
    expect(right?.[1]).toBeCloseTo(200.67 - 5.6, 1)
    expect(left?.[1]).toBeCloseTo(200.67 - 5.6, 1)
    expect((right?.[0] ?? 0) - (apex?.[0] ?? 0)).toBeCloseTo(7, 1)
    expect((apex?.[0] ?? 0) - (left?.[0] ?? 0)).toBeCloseTo(7, 1)
    expect(svg).toContain('>Follow-up</text>')
    // A phone contact is a small diamond in the second lane (centred at 84 + 1.5 × 140 / 3).
    const diamond = corners(attributes(markOf(svg, 'phone-contact-2027-03-04'), 'path').d)
    expect(diamond.map(([, y]) => y)).toEqual([148, 154, 160, 154])
  })

  it('draws a pre-group session as a triangle pointing up, in a lane of its own below the sessions', () => {
    const plan = planCourse(protocols['ipt-group'], { ...newYork, time: '18:00', sessions: 10 })
    const svg = renderTimeline(plan)
    const lanes = /<g class="lanes">(.*?)<\/g>/s.exec(svg)?.[1] ?? ''
    expect([...lanes.matchAll(/>([^<]+)<\/text>/g)].map((match) => match[1])).toEqual(['Sessions', 'Other contacts'])
    const preGroup = plan.contacts.find((contact) => contact.kind === 'pre-group-session')
    const [apex, right, left] = corners(attributes(markOf(svg, preGroup?.id ?? ''), 'path').d)
    // The second of two 70-pixel lanes is centred at 189.
    // 11 weeks of 10 pixels a day; the pre-group session is the first contact, at 18:00.
    expect(apex).toEqual([160 + (18 / 24) * 10, 189 - 7])
    expect(right).toEqual([167.5 + 7, 189 + 5.6])
    expect(left).toEqual([167.5 - 7, 189 + 5.6])
    expect(attributes(markOf(svg, 'session-2027-03-08'), 'circle')).toMatchObject({ cy: '119', r: '8' })
  })

  it('draws maintenance sessions as squares of 14 pixels, centred in the only lane, named Sessions', () => {
    const plan = planCourse(protocols['ipt-m'], { start: '2027-03-01', time: '10:00', timeZone: 'Europe/Berlin' })
    const svg = renderTimeline(plan)
    const lanes = /<g class="lanes">(.*?)<\/g>/s.exec(svg)?.[1] ?? ''
    expect([...lanes.matchAll(/>([^<]+)<\/text>/g)].map((match) => match[1])).toEqual(['Sessions'])
    const firstMark = plan.contacts[0]
    const square = attributes(markOf(svg, firstMark?.id ?? ''), 'rect')
    expect([square.width, square.height, square.rx]).toEqual(['14', '14', '2'])
    expect(Number(square.y) + 7).toBe(154)
    // The first contact is at 10:00 on the first day, and a day is under a pixel wide on a three-year timeline.
    expect(Number(square.x) + 7).toBeGreaterThan(160)
    expect(Number(square.x) + 7).toBeLessThan(161)
    // The legend draws the same square at the first entry of the contact row, under the phase row's circle.
    const legend = svg.slice(svg.indexOf('<g class="legend">'))
    const legendSquare = attributes(legend, 'rect')
    const legendCircle = attributes(legend, 'circle')
    expect(Number(legendSquare.x) + Number(legendSquare.width) / 2).toBe(Number(legendCircle.cx))
    expect(Number(legendSquare.y) + Number(legendSquare.height) / 2).toBe(352)
    expect([legendSquare.width, legendSquare.height]).toEqual(['14', '14'])
  })

  it('centres the empty message in the lanes’ area', () => {
    const svg = renderTimeline(createCourse(protocols.ipt, { id: 'no-plan' }))
    expect(attributes(svg.slice(svg.indexOf('No contacts planned') - 120), 'text')).toMatchObject({
      x: '480',
      y: '154',
      'text-anchor': 'middle',
      'font-size': '14',
    })
    expect(svg.split('\n').every((line) => line === '' || line.startsWith('<'))).toBe(true)
  })
  it('writes nothing for an empty subtitle: every line of the document is markup', () => {
    const svg = renderTimeline(planCourse(protocols['ipt-a'], newYork), { subtitle: '' })
    expect(svg).not.toContain('<desc>')
    expect(svg.split('\n').filter((line) => line !== '' && !line.startsWith('<'))).toEqual([])
    expect(svg.split('\n').slice(0, 3)).toEqual([
      expect.stringMatching(/^<svg /),
      '<title>Course timeline</title>',
      '<rect class="background" width="960" height="400" fill="#FFFFFF"/>',
    ])
  })
})

describe('renderTimeline: matching a course’s events to its plan', () => {
  it('marks the session a cancelled event reaches as cancelled, not missed', () => {
    const plan = planCourse(protocols['ipt-a'], newYork)
    const course = apply(createCourse(protocols['ipt-a'], { id: 'c', plan }), [
      { type: 'session-held', at: '2027-03-01T16:50:00-05:00' },
      { type: 'session-cancelled', at: '2027-03-05T09:00:00-05:00' },
      { type: 'session-held', at: '2027-03-15T16:50:00-04:00' },
    ])
    const svg = renderTimeline(course)
    expect(statusById(svg)).toMatchObject({
      'session-2027-03-01': 'held',
      'session-2027-03-08': 'cancelled',
      'session-2027-03-15': 'held',
      'session-2027-03-22': 'planned',
    })
    expect(markOf(svg, 'session-2027-03-08')).toContain('stroke-dasharray="3 2"')
  })

  it('gives a missed event the next due session: a contact the host already rescheduled by hand stays as it is', () => {
    const plan = reschedulePlan(planCourse(protocols['ipt-a'], newYork), {
      type: 'missed',
      contactId: 'session-2027-03-08',
    })
    const course = apply(createCourse(protocols['ipt-a'], { id: 'm', plan }), [
      { type: 'session-held', at: '2027-03-01T16:50:00-05:00' },
      { type: 'session-missed', at: '2027-03-15T16:50:00-04:00' },
    ])
    expect(statusById(renderTimeline(course))).toMatchObject({
      'session-2027-03-01': 'held',
      'session-2027-03-08': 'missed',
      'session-2027-03-15': 'missed',
      'session-2027-03-22': 'planned',
    })
  })

  it('passes a held phone contact over one the plan records as cancelled, and counts no other event as one', () => {
    const plan = reschedulePlan(planCourse(protocols['ipt-a'], newYork), {
      type: 'cancelled',
      contactId: 'phone-contact-2027-03-11',
    })
    const course = apply(createCourse(protocols['ipt-a'], { id: 'p', plan }), [
      { type: 'measure-recorded', at: '2027-03-01T15:50:00-05:00', instrument: 'phq-9', total: 12 },
      { type: 'safety-reviewed', at: '2027-03-01T15:55:00-05:00', outcome: 'no-current-risk' },
      { type: 'session-held', at: '2027-03-01T16:50:00-05:00' },
      { type: 'phone-contact-held', at: '2027-03-04T16:15:00-05:00' },
      { type: 'phone-contact-held', at: '2027-03-18T16:15:00-04:00' },
    ])
    const svg = renderTimeline(course)
    expect(statusById(svg)).toMatchObject({
      'phone-contact-2027-03-04': 'held',
      'phone-contact-2027-03-11': 'cancelled',
      'phone-contact-2027-03-18': 'held',
      'phone-contact-2027-03-25': 'planned',
    })
    expect(marks(svg)).toHaveLength(plan.contacts.length)
  })

  it('draws the events of a course without a plan at their own wall-clock time, missed ones as missed', () => {
    const course = apply(createCourse(protocols.ipt, { id: 'no-plan' }), [
      { type: 'session-held', at: '2027-03-01T16:50:00-05:00' },
      { type: 'measure-recorded', at: '2027-03-01T16:55:00-05:00', instrument: 'phq-9', total: 12 },
      { type: 'session-missed', at: '2027-03-08T16:50:00-05:00' },
      { type: 'session-cancelled', at: '2027-03-10T09:05:00-05:00' },
    ])
    const svg = renderTimeline(course)
    expect(marks(svg)).toEqual([
      { id: 'session-held-1', kind: 'session', status: 'unplanned' },
      { id: 'session-missed-2', kind: 'session', status: 'missed' },
      { id: 'session-cancelled-3', kind: 'session', status: 'cancelled' },
    ])
    expect(tooltipOf(svg, 'session-held-1')).toBe('Session · 1 Mar 2027 16:50 · Not in plan')
    expect(tooltipOf(svg, 'session-missed-2')).toBe('Session · 8 Mar 2027 16:50 · Missed')
    expect(tooltipOf(svg, 'session-cancelled-3')).toBe('Session · 10 Mar 2027 09:05 · Cancelled')
    expect(markOf(svg, 'session-missed-2')).toContain('stroke="#B91C1C"')
    expect(svg).toContain(`<desc>ipt ${protocols.ipt.version}</desc>`)
  })

  it('draws a maintenance course’s sessions beyond its plan as maintenance sessions', () => {
    const course = apply(createCourse(protocols['ipt-m'], { id: 'm-no-plan' }), [
      { type: 'session-held', at: '2027-03-01T10:50:00+01:00' },
    ])
    expect(marks(renderTimeline(course))).toEqual([
      { id: 'session-held-1', kind: 'maintenance-session', status: 'unplanned' },
    ])
  })

  it('starts the weeks at the earliest mark, even an event beyond a plan that starts later', () => {
    const plan = planCourse(protocols['ipt-a'], { ...newYork, start: '2027-06-07' })
    const calls: CourseEvent[] = Array.from({ length: 5 }, (_, index) => ({
      type: 'phone-contact-held' as const,
      at: new Date(Date.UTC(2027, 2, 1 + 7 * index, 21)).toISOString(),
    }))
    const svg = renderTimeline(apply(createCourse(protocols['ipt-a'], { id: 'early', plan }), calls))
    // The first four calls fill the four planned phone contacts (off plan); the fifth (29 March) fills none and is
    // the earliest mark.
    expect(marks(svg).at(-1)).toMatchObject({ id: 'phone-contact-held-1', status: 'unplanned' })
    expect(/<g class="week" data-week="1" data-date="([\d-]+)">/.exec(svg)?.[1]).toBe('2027-03-29')
    expect(svg).toContain('>Weeks (week 1 begins 29 Mar 2027)</text>')
  })
})

describe('renderTimeline: the week axis of long timelines', () => {
  /** A course without a plan whose two held sessions lie `weeks` − 1 weeks apart (plus two days). */
  function spanning(weeks: number): string {
    const first = Date.UTC(2027, 2, 1, 15)
    return renderTimeline(
      apply(createCourse(protocols['ipt-m'], { id: 'long' }), [
        { type: 'session-held', at: new Date(first).toISOString() },
        { type: 'session-held', at: new Date(first + ((weeks - 1) * 7 + 2) * 86_400_000).toISOString() },
      ]),
    )
  }
  const labelled = (svg: string) => [...svg.matchAll(/<g class="week" data-week="(\d+)"/g)].map((m) => Number(m[1]))
  const gridLines = (svg: string) => (svg.match(/<line [^>]*y1="84" [^>]*y2="236"/g) ?? []).length

  it('labels every 26th week when 26 weeks are exactly 52 pixels wide', () => {
    const svg = spanning(385)
    expect(labelled(svg).slice(0, 3)).toEqual([1, 27, 53])
    expect(gridLines(svg)).toBe(Math.floor(385 / 26) + 1)
  })

  it('labels every 52nd week, then every 104th, as the weeks narrow below 2 and 1 pixels', () => {
    expect(labelled(spanning(770)).slice(0, 3)).toEqual([1, 53, 105])
    expect(labelled(spanning(800)).slice(0, 3)).toEqual([1, 105, 209])
    expect(gridLines(spanning(800))).toBe(Math.floor(800 / 104) + 1)
  })

  it('draws a grid line at every week of a 16-week plan, though only every other week is labelled', () => {
    const svg = renderTimeline(planCourse(protocols.ipt, newYork))
    expect(labelled(svg)).toEqual([1, 3, 5, 7, 9, 11, 13, 15])
    expect(gridLines(svg)).toBe(17)
  })

  it('draws grid lines only at labelled weeks on a three-year plan', () => {
    const plan = planCourse(protocols['ipt-m'], { start: '2027-03-01', time: '10:00', timeZone: 'Europe/Berlin' })
    const svg = renderTimeline(plan)
    const weeks = labelled(svg)
    expect((weeks[1] ?? 0) - (weeks[0] ?? 0)).toBe(13)
    const day = (contact: CoursePlan['contacts'][number] | undefined) => Date.parse(contact?.start.slice(0, 10) ?? '')
    const span = Math.floor((day(plan.contacts.at(-1)) - day(plan.contacts[0])) / (7 * 86_400_000)) + 1
    expect(span).toBeGreaterThan(128)
    expect(gridLines(svg)).toBe(Math.floor(span / 13) + 1)
  })
})

describe('renderTimeline: the "today" line at and near the edges', () => {
  // Group IPT with 10 sessions in Berlin: the pre-group session on 1 March, then 11 weeks of 10 pixels a day.
  const group = planCourse(protocols['ipt-group'], {
    start: '2027-03-01',
    time: '18:00',
    timeZone: 'Europe/Berlin',
    sessions: 10,
  })

  it('is solid at the very start and end of the timeline, and dashed with an arrow only beyond them', () => {
    expect(/data-week="1" data-date="([\d-]+)"/.exec(renderTimeline(group))?.[1]).toBe('2027-03-01')
    const atStart = nowOf(renderTimeline(group, { now: '2027-03-01T00:00:00+01:00' }))
    expect(atStart.line.x1).toBe('160')
    expect(atStart.line['stroke-dasharray']).toBeUndefined()
    expect(atStart.label).toBe('Today')
    expect(atStart.text['text-anchor']).toBe('start')
    const weeks = [...renderTimeline(group).matchAll(/data-week="(\d+)"/g)].map((match) => match[1])
    expect(weeks.at(-1)).toBe('11')
    const atEnd = nowOf(renderTimeline(group, { now: '2027-05-17T00:00:00+02:00' }))
    expect(atEnd.line.x1).toBe('930')
    expect(atEnd.line['stroke-dasharray']).toBeUndefined()
    expect(atEnd.label).toBe('Today')
    expect(atEnd.text['text-anchor']).toBe('end')
    const after = nowOf(renderTimeline(group, { now: '2027-05-17T00:01:00+02:00' }))
    expect([after.line.x1, after.line['stroke-dasharray'], after.label]).toEqual(['930', '4 3', 'Today ▶'])
    expect(after.text['text-anchor']).toBe('end')
    const before = nowOf(renderTimeline(group, { now: '2027-02-28T23:59:00+01:00' }))
    expect([before.line.x1, before.line['stroke-dasharray'], before.label]).toEqual(['160', '4 3', '◀ Today'])
    expect(before.text['text-anchor']).toBe('start')
  })

  it('anchors its label at the middle from 40 pixels inside either edge', () => {
    const at = (now: string) => nowOf(renderTimeline(group, { now }))
    expect(at('2027-03-05T00:00:00+01:00').line.x1).toBe('200')
    expect(at('2027-03-05T00:00:00+01:00').text['text-anchor']).toBe('middle')
    expect(at('2027-03-04T23:00:00+01:00').text['text-anchor']).toBe('start')
    expect(at('2027-05-13T00:00:00+02:00').line.x1).toBe('890')
    expect(at('2027-05-13T00:00:00+02:00').text['text-anchor']).toBe('middle')
    expect(at('2027-05-13T01:00:00+02:00').text['text-anchor']).toBe('end')
    expect(at('2027-04-01T12:00:00+02:00').text['text-anchor']).toBe('middle')
  })
})

describe('safeRenderTimeline: issues', () => {
  const plan = planCourse(protocols['ipt-a'], newYork)

  it('refuses what is neither a plan nor a course with issues, without throwing', () => {
    for (const input of [null, 'plan', 42]) {
      const result = safeRenderTimeline(input as unknown as CoursePlan)
      expect(result.success).toBe(false)
      if (!result.success) {
        expect(result.issues.length).toBeGreaterThan(0)
        for (const issue of result.issues) expect(issue.path?.[0]).toBe('plan')
      }
    }
  })

  it('refuses a now outside the years 1900–2999, which no time zone could show as a four-digit year', () => {
    for (const now of ['9999-12-31T23:00:00Z', '0000-01-01T00:00:00+01:00', '1899-12-31T23:59:59Z']) {
      const result = safeRenderTimeline(plan, { now })
      expect(result.success).toBe(false)
      if (!result.success) {
        expect(result.issues.map(({ code, path }) => ({ code, path }))).toEqual([
          { code: 'date-out-of-range', path: ['options', 'now'] },
        ])
      }
    }
    expect(safeRenderTimeline(plan, { now: '2999-12-31T23:59:59Z' }).success).toBe(true)
  })

  it('places the issues of an invalid plan under plan, and of an invalid course under course', () => {
    const badPlan = safeRenderTimeline({ ...plan, timeZone: 42 } as unknown as CoursePlan, { title: 'ok' })
    expect(badPlan.success).toBe(false)
    if (!badPlan.success) {
      expect(badPlan.issues.map((issue) => issue.path)).toEqual([['plan', 'timeZone']])
      expect(badPlan.issues.every((issue) => typeof issue === 'object' && issue.message.length > 0)).toBe(true)
    }
    const course = createCourse(protocols['ipt-a'], { id: 'c', plan })
    const badCourse = safeRenderTimeline({ ...course, events: [{ type: 'nonsense' }] } as unknown as Course)
    expect(badCourse.success).toBe(false)
    if (!badCourse.success) {
      expect(badCourse.issues.length).toBeGreaterThan(0)
      for (const issue of badCourse.issues) expect(issue.path?.slice(0, 2)).toEqual(['course', 'events'])
    }
  })
})
