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

/** The contact events and the status each gives, with the kind of contact it is. */
const contactEvents: Partial<Record<string, { outcome: MarkStatus; phone: boolean }>> = {
  'session-held': { outcome: 'held', phone: false },
  'session-missed': { outcome: 'missed', phone: false },
  'session-cancelled': { outcome: 'cancelled', phone: false },
  'phone-contact-held': { outcome: 'held', phone: true },
  'phone-contact-missed': { outcome: 'missed', phone: true },
}

/**
 * A course's contacts as marks. A course keeps its plan in step with its events (SCHED-6): each planned contact
 * is drawn with the status the plan records (held, missed, cancelled or still planned). A contact event that
 * filled no planned contact (more sessions held than planned, or a course without a plan) is drawn as an extra
 * mark without a phase at its own time in the plan's zone: `unplanned` when held, else `missed` or `cancelled`.
 */
export function courseMarks(course: Course): Mark[] {
  const plan = course.plan
  const extras: Mark[] = []
  const sessionKind: ContactKind = course.protocol.schedule.type === 'maintenance' ? 'maintenance-session' : 'session'
  for (const event of course.events) {
    const found = contactEvents[event.type]
    if (!found || (plan && 'contactId' in event && event.contactId !== undefined)) continue
    extras.push({
      id: `${event.type}-${extras.length + 1}`,
      kind: found.phone ? 'phone-contact' : sessionKind,
      status: found.outcome === 'held' ? 'unplanned' : found.outcome,
      at: plan ? inZone(event.at, plan.timeZone) : wallClock(event.at),
    })
  }
  return [...(plan ? planMarks(plan) : []), ...extras]
}
