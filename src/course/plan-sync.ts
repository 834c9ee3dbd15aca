import { daysFrom, inTimeZone } from '../calendar/index.js'
import type { Issue } from '../issues/index.js'
import { counted } from '../issues/words.js'
import type { CoursePlan, PlanChange, PlannedContact } from '../schedule/index.js'
import { changePlan, isMain } from '../schedule/plan.js'
import { checkIssue } from './rules.js'
import type { Course, CourseEvent } from './schema.js'

/**
 * Options of {@link applyEvent} and {@link replay}: `toleranceDays`, how many calendar days (in the plan's zone) a
 * held contact may lie from its planned date before it is reported (`contact-off-plan`, SCHED-6). A design
 * default of 3, a parameter: no source fixes it.
 *
 * @example
 * ```ts
 * const options: EventOptions = { toleranceDays: 1 }
 * ```
 */
export interface EventOptions {
  /** Calendar days a held contact may lie from its planned date without an advisory; 0–28, default 3. */
  toleranceDays?: number | undefined
}

/** The events that fill a planned contact, with the status they give it and the kinds they may fill. */
const contactEvents = {
  'session-held': { status: 'held', phone: false },
  'session-missed': { status: 'missed', phone: false },
  'session-cancelled': { status: 'cancelled', phone: false },
  'phone-contact-held': { status: 'held', phone: true },
  'phone-contact-missed': { status: 'missed', phone: true },
} as const

type ContactEvent = Extract<CourseEvent, { type: keyof typeof contactEvents }>

/** What an event does to the course's plan: the next plan, the event as logged, and what it advises or refuses. */
export interface PlanStep {
  plan: CoursePlan | undefined
  event: CourseEvent
  issues: Issue[]
  advisories: Issue[]
}

const kindName = (phone: boolean) => (phone ? 'phone contact' : 'session')

/**
 * The contact an event fills: the one it names, else the next due (the first still planned) of its kind. Refuses
 * a named contact that the plan lacks, that is of another kind or that is no longer planned.
 */
function contactFor(plan: CoursePlan, event: ContactEvent, step: PlanStep): PlannedContact | undefined {
  const { phone } = contactEvents[event.type]
  const fits = (contact: PlannedContact) => (phone ? contact.kind === 'phone-contact' : isMain(contact.kind))
  if (event.contactId === undefined)
    return plan.contacts.find((contact) => fits(contact) && contact.status === 'planned')
  const contact = plan.contacts.find((candidate) => candidate.id === event.contactId)
  const extra = { path: ['contactId'], params: { contactId: event.contactId } }
  if (!contact) step.issues.push(checkIssue('unknown-contact', `The plan has no contact ${event.contactId}`, extra))
  else if (!fits(contact)) {
    step.issues.push(
      checkIssue('contact-kind-mismatch', `${event.contactId} is not the kind of contact ${event.type} fills`, extra),
    )
  } else if (contact.status !== 'planned') {
    step.issues.push(checkIssue('contact-not-planned', `${event.contactId} is already ${contact.status}`, extra))
  } else return contact
  return undefined
}

/** A held contact more than the tolerance from its planned date (calendar days in the plan's zone) is reported. */
function offPlan(plan: CoursePlan, contact: PlannedContact, at: string, toleranceDays: number, step: PlanStep) {
  const planned = contact.start.slice(0, 10)
  const held = inTimeZone(Date.parse(at), plan.timeZone).iso.slice(0, 10)
  const days = daysFrom(planned, held)
  if (Math.abs(days) <= toleranceDays) return
  step.advisories.push(
    checkIssue(
      'contact-off-plan',
      `${contact.id} was planned for ${planned} and held on ${held}, ${counted(Math.abs(days), 'day')} ${days < 0 ? 'early' : 'late'}: check that it is the contact meant`,
      { params: { contactId: contact.id, planned, held, days, toleranceDays } },
    ),
  )
}

/** The change a contact event makes to the plan, with the id of the contact it filled recorded in the event. */
function contactChange(plan: CoursePlan, event: ContactEvent, toleranceDays: number, step: PlanStep) {
  const contact = contactFor(plan, event, step)
  if (step.issues.length) return undefined
  const { status, phone } = contactEvents[event.type]
  if (!contact) {
    step.advisories.push(
      checkIssue(
        'contact-unplanned',
        `The plan has no ${kindName(phone)} left to match this ${event.type} (${event.at}): it is recorded in the log only`,
        { params: { type: event.type, at: event.at } },
      ),
    )
    return undefined
  }
  step.event = { ...event, contactId: contact.id }
  if (status !== 'held') return { type: status, contactId: contact.id } as const
  offPlan(plan, contact, event.at, toleranceDays, step)
  return { type: 'held', contactId: contact.id, at: event.at } as const
}

/**
 * What an event does to its course's plan (SCHED-6), after the event's own checks passed: a held, missed or
 * cancelled contact is recorded (a missed or cancelled session moves what follows), a closure moves the contacts
 * in it, and a contract for another number of sessions resizes an acute plan, exactly as {@link reschedulePlan}
 * does with the same change. `course` is the course with the event's own changes (its new contract). A course
 * without a plan keeps none; an event naming a contact there is refused.
 */
export function planStep(course: Course, event: CourseEvent, options: EventOptions): PlanStep {
  const { plan } = course
  const step: PlanStep = { plan, event, issues: [], advisories: [] }
  if (!plan) {
    if ('contactId' in event && event.contactId !== undefined) {
      step.issues.push(
        checkIssue('unknown-contact', `The course has no plan, so no contact ${event.contactId}`, {
          path: ['contactId'],
          params: { contactId: event.contactId },
        }),
      )
    }
    return step
  }
  let change: PlanChange | undefined
  if (event.type in contactEvents) {
    change = contactChange(plan, event as ContactEvent, options.toleranceDays ?? 3, step)
  } else if (event.type === 'closure-recorded') {
    change = { type: 'blackout', from: event.from, to: event.to }
  } else if (
    (event.type === 'contract-agreed' || event.type === 'contract-renegotiated') &&
    plan.schedule.type === 'acute' &&
    course.contract &&
    course.contract.sessions !== plan.sessions
  ) {
    change = { type: 'sessions', sessions: course.contract.sessions }
  }
  if (!change) return step
  const changed = changePlan(plan, change)
  if (!changed.success) {
    // The plan's own refusal (a closure that ends before it starts, no free slot left), at the event's fields.
    for (const issue of changed.issues) step.issues.push({ ...issue, path: (issue.path ?? []).slice(1) })
    return step
  }
  step.plan = changed.data
  if (change.type === 'sessions') {
    const last = changed.data.contacts.findLast(
      (contact) => isMain(contact.kind) && (contact.status === 'planned' || contact.status === 'held'),
    )
    step.advisories.push(
      checkIssue(
        'plan-resized',
        `The contract is for ${counted(change.sessions, 'session')} and the plan had ${plan.sessions}: the plan now has ${change.sessions}, the last on ${last?.start.slice(0, 10)}`,
        { params: { sessions: change.sessions, planned: plan.sessions, last: last?.start } },
      ),
    )
  }
  return step
}
