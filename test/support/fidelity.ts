/**
 * Courses for the fidelity tests: a course of any protocol delivered as its plan says (every indicator that applies
 * met), built event by event through the public API, and the means to change one thing in it.
 */
import {
  applyEvent,
  type Course,
  type CourseEvent,
  type CoursePlan,
  createCourse,
  type PlannedContact,
  type Protocol,
  planCourse,
} from 'ipt-protocol'

/** `instant` (ISO with offset) moved by `minutes`, written with the same offset. */
export function later(instant: string, minutes: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(.*)$/.exec(instant)
  if (!match) throw new Error(`not an instant: ${instant}`)
  const [, y, mo, d, h, mi, s, offset] = match
  const wall = new Date(
    Date.UTC(
      +(y as string),
      +(mo as string) - 1,
      +(d as string),
      +(h as string),
      +(mi as string) + minutes,
      +(s as string),
    ),
  )
  return `${wall.toISOString().slice(0, 19)}${offset}`
}

/** `instant` moved by whole days on its own wall clock. */
export function daysLater(instant: string, days: number): string {
  return later(instant, days * 1440)
}

export interface Delivery {
  /** The plan's options (start 1 March 2027, 10:00, New York: across the DST change of 14 March). */
  plan?: Partial<{ start: string; time: string; timeZone: string; sessions: number }>
  /** The contract (default the plan's sessions). */
  contract?: number
  /** Events to leave out, by a predicate on the event. */
  drop?: (event: CourseEvent, index: number) => boolean
  /** Changes to an event before it is applied. */
  change?: (event: CourseEvent, index: number) => CourseEvent
  /** Events to add after the event at an index (of the unchanged list). */
  after?: Record<number, CourseEvent[]>
  /** Stop before the ending (an ongoing course). */
  ongoing?: boolean
  /** End with this event instead of course-completed. */
  ending?: CourseEvent
  /** Sessions held before the middle phase (default the protocol's initial maximum). */
  initialSessions?: number
  /** Sessions left when termination begins (default the protocol's termination sessions). */
  terminationLeft?: number
  /** Changes to the plan before the course is created. */
  replan?: (plan: CoursePlan) => CoursePlan
}

/** The events of a course delivered as planned: sessions at their planned times, tasks, ratings, phases. */
export function plannedEvents(
  protocol: Protocol,
  plan: CoursePlan,
  contract: number,
  shape: Pick<Delivery, 'initialSessions' | 'terminationLeft'> = {},
): CourseEvent[] {
  const events: CourseEvent[] = []
  const sessions = plan.contacts.filter((c) => c.kind === 'session' || c.kind === 'maintenance-session')
  const phones = plan.contacts.filter((c) => c.kind === 'phone-contact')
  const acute = protocol.schedule.type === 'acute'
  const initialMax =
    shape.initialSessions ?? (protocol.schedule.type === 'acute' ? protocol.schedule.phases.initialMaxSessions : 0)
  const termination =
    shape.terminationLeft ?? (protocol.schedule.type === 'acute' ? protocol.schedule.phases.terminationSessions : 0)
  const every = protocol.monitoring.ratingEverySessions ?? 4
  const participantsFor = (number: number) => {
    const entry = protocol.schedule.participantsBySession.find(
      (e) =>
        e.session === number ||
        (e.session === 'first' && number === 1) ||
        (e.session === 'last' && number === contract),
    )
    return entry?.participants ?? protocol.schedule.participants
  }
  const checks = protocol.monitoring.eachContact
  sessions.slice(0, contract).forEach((contact: PlannedContact, index) => {
    const number = index + 1
    const t = contact.start
    events.push({
      type: 'session-held',
      at: later(t, 50),
      participants: participantsFor(number),
      ...(checks.length ? { checks: [...checks] } : {}),
    })
    if ((number - 1) % every === 0) {
      events.push({
        type: 'measure-recorded',
        at: later(t, 51),
        instrument: 'phq-9',
        items: [2, 2, 1, 1, 1, 1, 1, 1, 0],
      })
    }
    if (acute && number === 1) {
      for (const [minute, task] of [
        [52, 'diagnosis'],
        [53, 'psychoeducation'],
        [54, 'sick-role'],
        [55, 'medication-evaluation'],
      ] as const) {
        events.push({ type: 'task-completed', at: later(t, minute), task })
      }
    }
    if (acute && number === initialMax) {
      events.push({ type: 'inventory-completed', at: later(t, 56) })
      events.push({ type: 'task-completed', at: later(t, 57), task: 'formulation' })
      events.push({ type: 'problem-areas-agreed', at: later(t, 58), areas: ['role-transition'] })
      events.push({ type: 'contract-agreed', at: later(t, 59), sessions: contract })
      events.push({ type: 'phase-advanced', at: later(t, 60), to: 'middle' })
    }
    if (acute && number === contract - termination && termination > 0) {
      events.push({ type: 'phase-advanced', at: later(t, 61), to: 'termination' })
    }
    const phone = phones.find(
      (p) =>
        p.start > t && (sessions[index + 1] === undefined || p.start < (sessions[index + 1] as PlannedContact).start),
    )
    if (phone)
      events.push({
        type: 'phone-contact-held',
        at: later(phone.start, 15),
        ...(checks.length ? { checks: [...checks] } : {}),
      })
  })
  return events
}

/** A course of `protocol` delivered as planned, with the changes `delivery` asks for; every event must be accepted. */
export function deliver(protocol: Protocol, delivery: Delivery = {}): Course {
  const planned0 = planCourse(protocol, {
    start: '2027-03-01',
    time: '10:00',
    timeZone: 'America/New_York',
    ...delivery.plan,
  })
  const plan = delivery.replan ? delivery.replan(planned0) : planned0
  const contract = delivery.contract ?? planned0.sessions
  const planned = plannedEvents(protocol, planned0, contract, delivery)
  const events: CourseEvent[] = []
  planned.forEach((event, index) => {
    if (!delivery.drop?.(event, index)) events.push(delivery.change ? delivery.change(event, index) : event)
    events.push(...(delivery.after?.[index] ?? []))
  })
  if (!delivery.ongoing) {
    const last = events.at(-1)?.at ?? '2027-03-01T10:00:00-05:00'
    events.push(delivery.ending ?? { type: 'course-completed', at: later(last, 5) })
  }
  let course = createCourse(protocol, { id: `course-${protocol.id}`, plan })
  for (const event of events) {
    const result = applyEvent(course, event)
    if (!result.ok) throw new Error(`${event.type} at ${event.at} refused: ${JSON.stringify(result.issues)}`)
    course = result.course
  }
  return course
}
