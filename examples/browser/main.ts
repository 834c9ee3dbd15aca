/**
 * The library in a browser: plan an IPT-A course, record a few contacts, and draw its timeline. Bundled by
 * test/browser.test.ts with esbuild for the browser platform (which proves no Node API is needed) and checked in
 * headless Chromium. `ipt-protocol` and `ipt-protocol/timeline` resolve to src/ through tsconfig.json's paths.
 */
import { applyEvent, type Course, type CourseEvent, createCourse, planCourse, protocols } from 'ipt-protocol'
import { renderTimeline } from 'ipt-protocol/timeline'

/** The little of the DOM this page uses (the project's tsconfig has no DOM library, on purpose: src/ is pure). */
interface PageElement {
  textContent: string | null
  innerHTML: string
  hidden: boolean
}
declare const document: { getElementById(id: string): PageElement | null }

function show(id: string, text: string): void {
  const element = document.getElementById(id)
  if (!element) throw new Error(`#${id} is missing from the page`)
  element.textContent = text
}

try {
  const protocol = protocols['ipt-a']
  const plan = planCourse(protocol, { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' })
  const events: CourseEvent[] = [
    { type: 'session-held', at: '2027-03-01T16:50:00-05:00', participants: ['patient', 'parent'] },
    { type: 'phone-contact-held', at: '2027-03-04T16:15:00-05:00' },
    { type: 'session-held', at: '2027-03-08T16:45:00-05:00' },
    { type: 'session-missed', at: '2027-03-15T16:45:00-04:00' },
  ]
  let course: Course = createCourse(protocol, { id: 'browser-demo', plan })
  for (const event of events) {
    const result = applyEvent(course, event)
    if (!result.ok) throw new Error(`${event.type}: ${result.issues.map((issue) => issue.message).join('; ')}`)
    course = result.course
  }

  const sessions = plan.contacts.filter((contact) => contact.kind === 'session' && contact.status === 'planned')
  const phoneContacts = plan.contacts.filter((contact) => contact.kind === 'phone-contact')
  show('sessions', String(sessions.length))
  show('phone-contacts', String(phoneContacts.length))
  show('first', plan.contacts[0]?.start ?? '—')

  const svg = renderTimeline(course, { now: '2027-03-17T12:00:00-04:00', title: 'IPT-A course (browser demo)' })
  const timeline = document.getElementById('timeline')
  if (timeline) timeline.innerHTML = svg
  show('svg-source', svg)
  show('status', 'ready')
} catch (error) {
  const element = document.getElementById('error')
  if (element) {
    element.hidden = false
    element.textContent = String(error)
  }
  show('status', 'failed')
  throw error
}
