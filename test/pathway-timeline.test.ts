/**
 * docs/pathway.{svg,png}: a timeline picture of a whole care pathway (issue 15), acute → continuation →
 * maintenance → recurrence → a new acute course, drawn by `renderTimeline` from the plans of its courses.
 *
 * UPDATE_DOCS=1 npx vitest run test/pathway-timeline.test.ts   rewrites docs/pathway.{svg,png}.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Resvg } from '@resvg/resvg-js'
import { type CoursePlan, CoursePlanSchema, planCourse, protocols } from 'ipt-protocol'
import { renderTimeline } from 'ipt-protocol/timeline'
import { describe, expect, it } from 'vitest'

const docs = (name: string) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url))
const timeZone = 'America/New_York'

/**
 * The plans of one patient's pathway, one after the other: 16 weekly acute sessions from 4 January 2027, 8
 * continuation sessions every two weeks (MAINT-6), the first 10 monthly maintenance sessions (MAINT-1) until a
 * recurrence (MAINT-4), and the first 4 sessions of the new acute course.
 */
function pathwayPlans(): CoursePlan[] {
  const time = '10:00'
  const acute = planCourse(protocols.ipt, { start: '2027-01-04', time, timeZone })
  const continuation = planCourse(protocols['ipt-continuation'], { start: '2027-05-03', time, timeZone })
  const maintenance = planCourse(protocols['ipt-m'], { start: '2027-09-06', time, timeZone })
  const again = planCourse(protocols.ipt, { start: '2028-07-10', time, timeZone })
  return [
    acute,
    continuation,
    { ...maintenance, contacts: maintenance.contacts.slice(0, 10) },
    { ...again, contacts: again.contacts.slice(0, 4) },
  ]
}

/** The pathway as one plan for the picture: the first plan's basis with every course's contacts, in time order. */
function pathwayPicture(): string {
  const plans = pathwayPlans()
  const [first] = plans as [CoursePlan, ...CoursePlan[]]
  const merged = CoursePlanSchema.parse({ ...first, contacts: plans.flatMap((plan) => plan.contacts) })
  return renderTimeline(merged, {
    title: 'A care pathway: acute → continuation → maintenance → recurrence → acute (demo)',
    subtitle: `ipt · ipt-continuation (every 2 weeks) · ipt-m (monthly) · ipt again after a recurrence · ${timeZone}`,
  })
}

describe('docs/pathway.png: a whole pathway', () => {
  it('shows each course of the pathway in its own phase colours, in time order', () => {
    const svg = pathwayPicture()
    const phases = [...svg.matchAll(/<g class="mark"[^>]* data-phase="([a-z-]+)"/g)].map((match) => match[1])
    const runs = phases.filter((phase, index) => phase !== phases[index - 1])
    expect(runs).toEqual(['initial', 'middle', 'termination', 'continuation', 'maintenance', 'initial', 'middle'])
    expect(phases).toHaveLength(16 + 8 + 10 + 4)
  })

  it(process.env.UPDATE_DOCS === '1' ? 'is written (UPDATE_DOCS=1)' : 'is committed and fresh', () => {
    const svg = pathwayPicture()
    if (process.env.UPDATE_DOCS === '1') {
      writeFileSync(docs('pathway.svg'), svg)
      const png = new Resvg(svg, {
        font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
      })
        .render()
        .asPng()
      writeFileSync(docs('pathway.png'), png)
    }
    const hint = 'run UPDATE_DOCS=1 npx vitest run test/pathway-timeline.test.ts and commit docs/pathway.{svg,png}'
    expect(existsSync(docs('pathway.png')), hint).toBe(true)
    expect(readFileSync(docs('pathway.svg'), 'utf8'), hint).toBe(svg)
  })
})
