import { inTimeZone } from '../calendar/index.js'
import type { Course } from '../course/index.js'
import type { ContactKind } from '../protocol/index.js'
import type { ContactPhase, CoursePlan, PlannedContact } from '../schedule/index.js'

/** How a mark is drawn: a plan's own status, or the outcome a course's events give its contact. */
export type MarkStatus = 'planned' | 'held' | 'missed' | 'cancelled' | 'unplanned'

/** A local wall-clock moment in the plan's zone: the calendar date and the minutes since local midnight. */
export interface LocalMoment {
  date: string
  minutes: number
}

/** One mark of the timeline: a planned contact, or a course event that matched none. */
export interface Mark {
  id: string
  kind: ContactKind
  number?: number
  phase?: ContactPhase
  status: MarkStatus
  at: LocalMoment
}

/** The main series of a plan: the sessions course events count (acute or maintenance). */
const mainKinds: readonly ContactKind[] = ['session', 'maintenance-session']

/**
 * The local date and time an ISO string shows on its own wall clock. Plans write every contact with the zone's
 * offset (`'2027-03-15T16:00:00-04:00'`), so its wall clock is the clinic's; the process zone plays no part.
 */
export function wallClock(iso: string): LocalMoment {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(iso)
  if (!match) return { date: iso.slice(0, 10), minutes: 0 }
  return { date: match[1] as string, minutes: Number(match[2]) * 60 + Number(match[3]) }
}

/** The local date and time of an instant (any offset, or `Z`) in `timeZone`. */
export function inZone(iso: string, timeZone: string): LocalMoment {
  return wallClock(inTimeZone(Date.parse(iso), timeZone).iso)
}

function contactMark(contact: PlannedContact, status: MarkStatus): Mark {
  return {
    id: contact.id,
    kind: contact.kind,
    number: contact.number,
    phase: contact.phase,
    status,
    at: wallClock(contact.start),
  }
}

/** A plan's contacts as marks, each with its own status. */
export function planMarks(plan: CoursePlan): Mark[] {
  return plan.contacts.map((contact) => contactMark(contact, contact.status))
}

/**
 * A course's contacts as marks, with the outcome its events give them. The rule, in the order of the event log:
 *
 * - Session events (`session-held`, `session-missed`, `session-cancelled`) fill the plan's main series (its
 *   `session` or `maintenance-session` contacts, in time order) one by one: the n-th session event goes to the
 *   n-th session. A `session-missed` or `session-cancelled` event takes the next session whatever it is; a
 *   `session-held` event passes over sessions the plan already records as missed or cancelled (by
 *   `reschedulePlan`, which kept the contracted count by adding a later session), so a log and a rescheduled
 *   plan line up whether or not the host recorded the miss in both.
 * - `phone-contact-held` events fill the plan's phone contacts the same way, passing over those the plan records
 *   as missed or cancelled.
 * - A contact no event reached keeps the plan's status (`planned`, `missed` or `cancelled`).
 * - An event left over when its series is full (more sessions held than planned, or a course without a plan) is
 *   drawn as an extra mark without a phase at its own time in the plan's zone: `unplanned` when held, else
 *   `missed` or `cancelled`.
 */
export function courseMarks(course: Course): Mark[] {
  const plan = course.plan
  const contacts = plan?.contacts ?? []
  const timeZone = plan?.timeZone
  const status = new Map<string, MarkStatus>(contacts.map((contact) => [contact.id, contact.status]))
  const queue = (kinds: readonly ContactKind[]) => contacts.filter((contact) => kinds.includes(contact.kind))
  const series = { sessions: queue(mainKinds), phone: queue(['phone-contact']) }
  const next = { sessions: 0, phone: 0 }
  const extras: Mark[] = []

  const take = (which: 'sessions' | 'phone', outcome: MarkStatus, passOverSkipped: boolean): boolean => {
    const list = series[which]
    while (next[which] < list.length) {
      const contact = list[next[which]++] as PlannedContact
      if (passOverSkipped && contact.status !== 'planned') continue
      status.set(contact.id, outcome)
      return true
    }
    return false
  }

  const sessionKind: ContactKind = course.protocol.schedule.type === 'maintenance' ? 'maintenance-session' : 'session'
  for (const event of course.events) {
    let found: { kind: ContactKind; outcome: MarkStatus; taken: boolean } | undefined
    if (event.type === 'session-held') {
      found = { kind: sessionKind, outcome: 'held', taken: take('sessions', 'held', true) }
    } else if (event.type === 'session-missed' || event.type === 'session-cancelled') {
      const outcome = event.type === 'session-missed' ? 'missed' : 'cancelled'
      found = { kind: sessionKind, outcome, taken: take('sessions', outcome, false) }
    } else if (event.type === 'phone-contact-held') {
      found = { kind: 'phone-contact', outcome: 'held', taken: take('phone', 'held', true) }
    }
    if (found && !found.taken) {
      extras.push({
        id: `${event.type}-${extras.length + 1}`,
        kind: found.kind,
        status: found.outcome === 'held' ? 'unplanned' : found.outcome,
        at: timeZone === undefined ? wallClock(event.at) : inZone(event.at, timeZone),
      })
    }
  }
  const marks = contacts.map((contact) => contactMark(contact, status.get(contact.id) ?? contact.status))
  return [...marks, ...extras]
}
