/**
 * The SVG timeline: rendered to PNG with a real SVG renderer (resvg), checked at the level of its markup (one mark
 * per contact, legend, "today" line, escaping, well-formedness, determinism in any process zone), the rule that
 * matches a course's events to its plan, and the committed picture docs/timeline.png (with docs/timeline.svg).
 *
 * UPDATE_DOCS=1 npx vitest run test/timeline.test.ts   rewrites docs/timeline.{svg,png}.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'
import {
  type Course,
  type CourseEvent,
  type CoursePlan,
  createCourse,
  ProtocolError,
  planCourse,
  protocols,
  reschedulePlan,
} from 'ipt-protocol'
import {
  defaultTimelineLabels,
  renderTimeline,
  safeRenderTimeline,
  TIMELINE_SIZE,
  TimelineOptionsSchema,
} from 'ipt-protocol/timeline'
import { describe, expect, it } from 'vitest'
import { walk } from './support/course.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const docsPng = join(root, 'docs', 'timeline.png')
const docsSvg = join(root, 'docs', 'timeline.svg')

const demoOptions = { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' } as const
/** The "today" of the committed picture: a Thursday morning in week 5, after session 5. */
const demoNow = '2027-04-01T12:00:00Z'
const demoTitle = 'IPT-A course, spring 2027 (demo)'

/** Applies events that must be accepted (see support/course.ts). */
const apply = (course: Course, events: CourseEvent[]): Course => walk(course, events).course

/** The demo course: IPT-A in New York from 1 March 2027; sessions 1–3 and 5 held, 4 missed, 3 phone contacts. */
function demoCourse(plan: CoursePlan = planCourse(protocols['ipt-a'], demoOptions)): Course {
  return apply(createCourse(protocols['ipt-a'], { id: 'demo', plan }), [
    { type: 'session-held', at: '2027-03-01T16:50:00-05:00', participants: ['patient', 'parent'] },
    { type: 'phone-contact-held', at: '2027-03-04T16:15:00-05:00' },
    { type: 'session-held', at: '2027-03-08T16:45:00-05:00' },
    { type: 'phone-contact-held', at: '2027-03-11T16:15:00-05:00' },
    { type: 'session-held', at: '2027-03-15T16:45:00-04:00' },
    { type: 'phone-contact-held', at: '2027-03-18T16:15:00-04:00' },
    { type: 'session-missed', at: '2027-03-22T16:45:00-04:00' },
    { type: 'session-held', at: '2027-03-29T16:45:00-04:00' },
  ])
}

function demoSvg(): string {
  return renderTimeline(demoCourse(), { now: demoNow, title: demoTitle })
}

/** Renders with resvg; system fonts (the picture in docs was made with DejaVu Sans). */
function rasterise(svg: string) {
  return new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  }).render()
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  expect([...png.subarray(0, 8)]).toEqual(signature)
  expect(Buffer.from(png.subarray(12, 16)).toString('latin1')).toBe('IHDR')
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

/** The `<g class="mark" …>` elements' attributes, in document order. */
function marks(svg: string): Array<Record<string, string>> {
  return [...svg.matchAll(/<g class="mark"([^>]*)>/g)].map((match) =>
    Object.fromEntries([...(match[1] ?? '').matchAll(/ data-([a-z]+)="([^"]*)"/g)].map((m) => [m[1], m[2]])),
  )
}

/**
 * A small XML well-formedness check (no XML parser among the dev dependencies; resvg, below, parses strictly too):
 * tags balance, attributes are quoted, and text holds no raw `<` or stray `&`.
 */
function expectWellFormed(svg: string): void {
  const stack: string[] = []
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y
  let index = 0
  while (index < svg.length) {
    const lt = svg.indexOf('<', index)
    const text = svg.slice(index, lt === -1 ? svg.length : lt)
    expect(text, 'text outside tags').not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/)
    if (lt === -1) break
    tag.lastIndex = lt
    const match = tag.exec(svg)
    expect(match, `malformed tag at ${svg.slice(lt, lt + 60)}`).not.toBeNull()
    if (!match) return
    const [, closing, name, , selfClosing] = match
    if (closing) expect(stack.pop()).toBe(name)
    else if (!selfClosing) stack.push(name as string)
    index = tag.lastIndex
  }
  expect(stack).toEqual([])
}

describe('renderTimeline: the demo course', () => {
  const course = demoCourse()
  const contacts = course.plan?.contacts ?? []
  const svg = demoSvg()

  it('is a standalone SVG document of the documented, fixed size', () => {
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="960" height="400" viewBox="0 0 960 400" /,
    )
    expect(TIMELINE_SIZE).toEqual({ width: 960, height: 400 })
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
    expectWellFormed(svg)
  })

  it('renders to a non-empty PNG of 960 × 400 with resvg, in the phase colours', () => {
    const image = rasterise(svg)
    const png = image.asPng()
    expect(png.length).toBeGreaterThan(10_000)
    expect(pngSize(png)).toEqual({ width: 960, height: 400 })
    expect([image.width, image.height]).toEqual([960, 400])
    const pixels = image.pixels
    const count = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16))
      let found = 0
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) found++
      }
      return found
    }
    // Phase colours (initial blue, middle green, termination vermillion) and the red "today" line are drawn.
    for (const colour of ['#0072B2', '#009E73', '#D55E00', '#DC2626']) expect(count(colour), colour).toBeGreaterThan(20)
    // Text was drawn: dark pixels (title, labels) beyond the marks' outlines.
    expect(count('#111827') + count('#1F2937')).toBeGreaterThan(200)
  })

  it('draws one mark per planned contact, in plan order, with its kind and phase', () => {
    const found = marks(svg)
    // 12 sessions and 4 phone contacts, and the missed session 4 that the plan keeps while it moved the rest (SCHED-6).
    expect(contacts).toHaveLength(17)
    expect(found.map((mark) => mark.id)).toEqual(contacts.map((contact) => contact.id))
    expect(found.map((mark) => mark.kind)).toEqual(contacts.map((contact) => contact.kind))
    expect(found.map((mark) => mark.phase)).toEqual(contacts.map((contact) => contact.phase))
    // Sessions are circles, phone contacts diamonds (paths), each mark with a tooltip.
    expect(svg.match(/<g class="mark"[^>]*data-kind="session"[^>]*><title>[^<]+<\/title><circle /g)).toHaveLength(13)
    expect(svg.match(/<g class="mark"[^>]*data-kind="phone-contact"[^>]*><title>[^<]+<\/title><path /g)).toHaveLength(4)
  })

  it('tells held, missed and planned contacts apart', () => {
    const status = Object.fromEntries(marks(svg).map((mark) => [mark.id, mark.status]))
    expect(status).toMatchObject({
      'session-2027-03-01': 'held',
      'session-2027-03-08': 'held',
      'session-2027-03-15': 'held',
      'session-2027-03-22': 'missed',
      'session-2027-03-29': 'held',
      'session-2027-04-05': 'planned',
      'phone-contact-2027-03-04': 'held',
      'phone-contact-2027-03-18': 'held',
      // The fourth phone contact follows the fourth session, which the missed one moved to 29 March.
      'phone-contact-2027-04-01': 'planned',
      'session-2027-05-24': 'planned',
    })
    const counts: Record<string, number> = {}
    for (const value of Object.values(status)) counts[value as string] = (counts[value as string] ?? 0) + 1
    expect(counts).toEqual({ held: 7, missed: 1, planned: 9 })
    // Held: filled with the phase colour; planned: hollow; missed: hollow with a red cross.
    const markOf = (id: string) => svg.slice(svg.indexOf(`data-id="${id}"`)).split('</g>')[0] ?? ''
    expect(markOf('session-2027-03-01')).toContain('fill="#0072B2"')
    expect(markOf('session-2027-04-05')).toMatch(/fill="#FFFFFF" stroke="#009E73"/)
    expect(markOf('session-2027-03-22')).toMatch(/<line [^>]*stroke="#B91C1C"/)
    expect(markOf('session-2027-03-22')).toContain('<title>Session 4 · Initial · 22 Mar 2027 16:00 · Missed</title>')
  })

  it('has a legend of the phases, kinds and statuses present', () => {
    const legend = svg.slice(svg.indexOf('<g class="legend">'))
    for (const label of ['Phase', 'Initial', 'Middle', 'Termination', 'Contact', 'Session', 'Phone contact']) {
      expect(legend).toContain(`>${label}</text>`)
    }
    for (const label of ['Status', 'Held', 'Planned', 'Missed']) expect(legend).toContain(`>${label}</text>`)
    expect(legend).not.toContain('>Maintenance</text>')
    expect(legend).not.toContain('>Cancelled</text>')
  })

  it('labels 13 weeks from the first contact (the missed session moved the last one a week on), with local dates', () => {
    const weeks = [...svg.matchAll(/<g class="week" data-week="(\d+)" data-date="([\d-]+)">/g)]
    expect(weeks.map((week) => week[1])).toEqual(Array.from({ length: 13 }, (_, index) => String(index + 1)))
    expect(weeks[0]?.[2]).toBe('2027-03-01')
    expect(weeks[12]?.[2]).toBe('2027-05-24')
    expect(svg).toContain('>Weeks (week 1 begins 1 Mar 2027)</text>')
    expect(svg).toContain('>15 Mar</text>')
  })

  it('draws the "today" line only when now is given, in the plan zone', () => {
    expect(svg.match(/<g class="now"/g)).toHaveLength(1)
    expect(svg).toContain(`data-now="${demoNow}"`)
    expect(renderTimeline(course)).not.toContain('class="now"')
    // 12:00Z on 1 April is 08:00 in New York: the line lies between session 5 (29 Mar 16:00) and session 6.
    const lineX = Number(/<g class="now"[^>]*><line x1="([\d.]+)"/.exec(svg)?.[1])
    const markX = (id: string) =>
      Number(new RegExp(`data-id="${id}"[^>]*><title>[^<]*</title><circle cx="([\\d.]+)"`).exec(svg)?.[1])
    expect(lineX).toBeGreaterThan(markX('session-2027-03-29'))
    expect(lineX).toBeLessThan(markX('session-2027-04-05'))
    expect(lineX).toBeCloseTo(markX('session-2027-03-29') + (2 + 16 / 24) * (770 / 91), 1)
  })

  it('XML-escapes the title and every text', () => {
    const tricky = renderTimeline(course, {
      title: 'Sam <b>&</b> "Jo" \'s plan',
      labels: { lanes: { sessions: 'A < B & C' } },
    })
    expect(tricky).toContain('<title>Sam &lt;b&gt;&amp;&lt;/b&gt; &quot;Jo&quot; &apos;s plan</title>')
    expect(tricky).toContain('>Sam &lt;b&gt;&amp;&lt;/b&gt; &quot;Jo&quot; &apos;s plan</text>')
    expect(tricky).toContain('>A &lt; B &amp; C</text>')
    expect(tricky).not.toContain('<b>')
    expectWellFormed(tricky)
    expect(pngSize(rasterise(tricky).asPng())).toEqual({ width: 960, height: 400 })
  })

  it('is deterministic, whatever the process time zone', () => {
    const original = process.env.TZ
    try {
      const outputs = ['UTC', 'Asia/Kolkata', 'Pacific/Kiritimati', 'America/Los_Angeles'].map((zone) => {
        process.env.TZ = zone
        return demoSvg()
      })
      for (const output of outputs) expect(output).toBe(svg)
    } finally {
      if (original === undefined) delete process.env.TZ
      else process.env.TZ = original
    }
  })
})

describe('renderTimeline: plans, matching and options', () => {
  it('draws a plan alone filled, without a status legend until the plan records a miss', () => {
    const plan = planCourse(protocols['ipt-a'], demoOptions)
    const svg = renderTimeline(plan)
    expect(marks(svg).every((mark) => mark.status === 'planned')).toBe(true)
    expect(svg).toContain('fill="#0072B2" stroke="#1F2937"')
    expect(svg).not.toContain('>Status</text>')
    expect(svg).toContain(`<desc>ipt-a ${protocols['ipt-a'].version} · America/New_York</desc>`)
    const missed = renderTimeline(reschedulePlan(plan, { type: 'missed', contactId: 'session-2027-03-22' }))
    expect(missed).toContain('>Status</text>')
    expect(missed).toContain('>Missed</text>')
    expect(marks(missed)).toHaveLength(17)
    expectWellFormed(missed)
  })

  it('matches events to a rescheduled plan: a held session passes over a contact the plan records as missed', () => {
    const plan = reschedulePlan(planCourse(protocols['ipt-a'], demoOptions), {
      type: 'missed',
      contactId: 'session-2027-03-22',
    })
    const course = apply(createCourse(protocols['ipt-a'], { id: 'r', plan }), [
      { type: 'session-held', at: '2027-03-01T16:50:00-05:00' },
      { type: 'session-held', at: '2027-03-08T16:50:00-05:00' },
      { type: 'session-held', at: '2027-03-15T16:50:00-04:00' },
      { type: 'session-held', at: '2027-03-29T16:50:00-04:00' },
    ])
    const status = Object.fromEntries(marks(renderTimeline(course)).map((mark) => [mark.id, mark.status]))
    expect(status['session-2027-03-22']).toBe('missed')
    expect(status['session-2027-03-29']).toBe('held')
    expect(status['session-2027-04-05']).toBe('planned')
  })

  it('draws events beyond the plan as extra marks without a phase', () => {
    // IPT-A plans four phone contacts; a fifth fills no planned contact (contact-unplanned) and is drawn apart.
    const plan = planCourse(protocols['ipt-a'], demoOptions)
    const calls: CourseEvent[] = Array.from({ length: 5 }, (_, index) => ({
      type: 'phone-contact-held' as const,
      at: new Date(Date.UTC(2027, 2, 4 + 7 * index, 22)).toISOString(),
    }))
    const course = apply(createCourse(protocols['ipt-a'], { id: 'x', plan }), calls)
    const found = marks(renderTimeline(course))
    expect(found).toHaveLength(plan.contacts.length + 1)
    expect(found.filter((mark) => mark.status === 'held')).toHaveLength(4)
    expect(found.at(-1)).toEqual({ id: 'phone-contact-held-1', kind: 'phone-contact', status: 'unplanned' })
    expect(renderTimeline(course)).toContain('>Not in plan</text>')
  })

  it('says so when there is nothing to draw', () => {
    const svg = renderTimeline(createCourse(protocols.ipt, { id: 'no-plan' }))
    expect(svg).toContain(`>${defaultTimelineLabels.empty}</text>`)
    expect(marks(svg)).toHaveLength(0)
    expectWellFormed(svg)
  })

  it('reads local dates from the wall clock, in a zone 14 hours ahead of UTC', () => {
    const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '06:00', timeZone: 'Pacific/Kiritimati' })
    const svg = renderTimeline(plan)
    expect(/<g class="week" data-week="1" data-date="([\d-]+)">/.exec(svg)?.[1]).toBe('2027-03-01')
    expect(svg).toContain('<title>Session 1 · Initial · 1 Mar 2027 06:00 · Planned</title>')
  })

  it('spaces week labels on a three-year maintenance plan and marks maintenance sessions with squares', () => {
    const plan = planCourse(protocols['ipt-m'], { start: '2027-03-01', time: '10:00', timeZone: 'Europe/Berlin' })
    const svg = renderTimeline(plan, { now: '2027-09-01T10:00:00+02:00' })
    expect(marks(svg)).toHaveLength(plan.contacts.length)
    expect(svg.match(/data-kind="maintenance-session"[^>]*><title>[^<]+<\/title><rect /g)).toHaveLength(
      plan.contacts.length,
    )
    const xs = [...svg.matchAll(/<g class="week"[^>]*><text x="([\d.]+)"/g)].map((match) => Number(match[1]))
    expect(xs.length).toBeGreaterThan(5)
    for (let index = 1; index < xs.length; index++) {
      expect((xs[index] ?? 0) - (xs[index - 1] ?? 0)).toBeGreaterThanOrEqual(52)
    }
    expect(svg).toContain('>Maintenance</text>')
    expectWellFormed(svg)
  })

  it('puts a dashed "today" line at the edge when now lies outside the timeline', () => {
    const plan = planCourse(protocols['ipt-a'], demoOptions)
    const after = renderTimeline(plan, { now: '2030-01-01T00:00:00Z' })
    expect(after).toMatch(/<g class="now"[^>]*><line x1="930" [^>]*stroke-dasharray="4 3"/)
    expect(after).toContain('>Today ▶</text>')
    const before = renderTimeline(plan, { now: '2026-01-01T00:00:00Z' })
    expect(before).toMatch(/<g class="now"[^>]*><line x1="160" /)
    expect(before).toContain('>◀ Today</text>')
  })

  it('takes translated labels and a title', () => {
    const months = ['Jan', 'Feb', 'Mär', 'Apr', 'Mai', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dez']
    const svg = renderTimeline(demoCourse(), {
      now: demoNow,
      title: 'Behandlungsverlauf',
      subtitle: '',
      labels: {
        today: 'Heute',
        axis: 'Wochen (Woche 1 beginnt am {date})',
        phases: { initial: 'Anfangsphase' },
        statuses: { held: 'Durchgeführt' },
        months,
      },
    })
    for (const text of ['Behandlungsverlauf', 'Heute', 'Wochen (Woche 1 beginnt am 1 Mär 2027)', 'Anfangsphase']) {
      expect(svg).toContain(`>${text}</text>`)
    }
    expect(svg).toContain('>Durchgeführt</text>')
    expect(svg).toContain('>Middle</text>')
    expect(svg).not.toContain('class="subtitle"')
    expect(svg).not.toContain('<desc>')
  })

  it('refuses invalid options and input with issues', () => {
    const plan = planCourse(protocols['ipt-a'], demoOptions)
    const result = safeRenderTimeline(plan, { now: 'yesterday' })
    expect(result.success).toBe(false)
    if (!result.success) expect(result.issues[0]?.path).toEqual(['options', 'now'])
    expect(() => renderTimeline(plan, { labels: { months: ['Jan'] } })).toThrow(ProtocolError)
    expect(() => renderTimeline({ ...plan, contacts: [{ id: 'x' }] } as unknown as CoursePlan)).toThrow(ProtocolError)
    expect(TimelineOptionsSchema.safeParse({ now: '2027-03-01T10:00:00Z', colour: 'red' }).success).toBe(false)
  })
})

describe('docs/timeline.png', () => {
  it(process.env.UPDATE_DOCS === '1' ? 'is written (UPDATE_DOCS=1)' : 'is committed and fresh', () => {
    const svg = demoSvg()
    const png = rasterise(svg).asPng()
    if (process.env.UPDATE_DOCS === '1') {
      writeFileSync(docsSvg, svg)
      writeFileSync(docsPng, png)
    }
    const hint = 'run UPDATE_DOCS=1 npx vitest run test/timeline.test.ts and commit docs/timeline.{svg,png}'
    expect(existsSync(docsPng), `docs/timeline.png is missing: ${hint}`).toBe(true)
    expect(existsSync(docsSvg), `docs/timeline.svg is missing: ${hint}`).toBe(true)
    // The SVG is deterministic and compared as text; PNG bytes depend on the machine's fonts, so only its size.
    expect(readFileSync(docsSvg, 'utf8'), `docs/timeline.svg is stale: ${hint}`).toBe(svg)
    expect(pngSize(readFileSync(docsPng)), hint).toEqual(pngSize(png))
  })
})
