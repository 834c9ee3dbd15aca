import { addToDate, YEAR_RANGE, zoneAdvisories } from '../calendar/index.js'
import { type Issue, issuesOf, makeIssue, type SafeResult, safeParseWith, unwrap } from '../issues/index.js'
import { counted, countedWere, rangeText } from '../issues/words.js'
import type { MaintenanceSchedule, Protocol, Schedule } from '../protocol/index.js'
import { PlannableProtocolSchema, taperSessions } from '../protocol/schema.js'
import { checkProtocol } from '../protocol/trusted.js'
import { generateContacts, LIMITS, seriesDates } from './generate.js'
import { CoursePlanSchema, type PlanBasis, type PlanChange, PlanChangeSchema, PlanOptionsSchema } from './schema.js'
import type { CoursePlan, PlanOptions } from './types.js'

function outOfRange(name: string, value: number, range: { min: number; max: number }, rule: string): Issue {
  return makeIssue(
    'out-of-range',
    `${name} must be ${rangeText(range.min, range.max)} for this protocol, got ${value}`,
    {
      path: [name],
      params: { value, min: range.min, max: range.max },
      rule,
    },
  )
}

function notApplicable(name: string, type: Schedule['type']): Issue {
  return makeIssue('option-not-applicable', `${name} does not apply to this protocol's ${type} schedule`, {
    path: [name],
    params: { schedule: type },
  })
}

/** The number of maintenance slots in `months` months from `anchor` (MAINT-1: 36 months monthly give 36). */
function maintenanceCount(schedule: MaintenanceSchedule, anchor: string, months: number): number {
  // Monthly slots fall in distinct months, so the count needs no dates.
  if (schedule.frequency.unit === 'month') return Math.ceil(months / schedule.frequency.every)
  const end = addToDate(anchor, months, 'month')
  let count = 0
  for (const date of seriesDates(anchor, schedule.frequency)) {
    if (date >= end || count >= LIMITS.slotsPerSeries) break
    count++
  }
  return count
}

/**
 * The plan of `basis` with its contacts, or an issue when a contact would fall outside the years every schema of
 * the library accepts (1900–2999 in UTC): a plan that planning returns is one that every function taking a plan
 * accepts.
 */
function withContacts(basis: PlanBasis): SafeResult<CoursePlan> {
  const generated = generateContacts(basis)
  if (!generated.success) return generated
  const { contacts, advisories } = generated.data
  const first = contacts[0]?.start.slice(0, 10)
  const weeks = basis.delayAdvisoryWeeks ?? 8
  if (first && first > addToDate(basis.start, weeks * 7, 'day')) {
    // A design choice: a blackout that pushes the course this far is more often a typing slip than a plan.
    advisories.push(
      makeIssue(
        'start-delayed',
        `Blackouts move the first contact over ${counted(weeks, 'week')}, to ${first}: check them`,
        {
          path: ['blackouts'],
          params: { start: basis.start, first, weeks },
        },
      ),
    )
  }
  for (const contact of [contacts[0], contacts.at(-1)]) {
    const year = contact && new Date(contact.start).getUTCFullYear()
    if (year !== undefined && (year < YEAR_RANGE.min || year > YEAR_RANGE.max)) {
      return {
        success: false,
        issues: [
          makeIssue(
            'date-out-of-range',
            `The contact ${contact?.id} would fall outside the years ${YEAR_RANGE.min} to ${YEAR_RANGE.max}`,
            {
              path: ['start'],
              params: { contact: contact?.start, ...YEAR_RANGE },
            },
          ),
        ],
      }
    }
  }
  generated.data.advisories.unshift(...zoneAdvisories(basis.timeZone, Number(basis.start.slice(0, 4))))
  return { success: true, data: { ...basis, ...generated.data } }
}

/**
 * Plans a course like {@link planCourse}, returning `{ success, data | issues }` instead of throwing.
 *
 * @example
 * ```ts
 * const result = safePlanCourse(protocols.ipt, { start: '2027-02-30', time: '10:00', timeZone: 'UTC' })
 * if (!result.success) console.log(result.issues[0]?.code) // 'invalid-date'
 * ```
 */
export function safePlanCourse(protocol: Protocol, options: PlanOptions): SafeResult<CoursePlan> {
  const checkedProtocol = checkProtocol(PlannableProtocolSchema, protocol)
  const checkedOptions = safeParseWith(PlanOptionsSchema, options)
  if (!checkedProtocol.success || !checkedOptions.success) {
    return { success: false, issues: issuesOf(checkedProtocol, checkedOptions) }
  }
  const { schedule, id, version } = checkedProtocol.data
  const { start, time, timeZone, blackouts = [], followUp, delayAdvisoryWeeks } = checkedOptions.data
  const issues: Issue[] = []
  const sessionMinutes = checkedOptions.data.sessionMinutes ?? schedule.sessionMinutes.default
  if (sessionMinutes < schedule.sessionMinutes.min || sessionMinutes > schedule.sessionMinutes.max) {
    // The length is fixed in the contract within the protocol's own range (SCHED-3; SCHED-2's 45–60 for some).
    issues.push(outOfRange('sessionMinutes', sessionMinutes, schedule.sessionMinutes, 'SCHED-3'))
  }
  let sessions: number
  let months: number | undefined
  const given = checkedOptions.data
  if (schedule.type === 'acute') {
    sessions = given.sessions ?? schedule.sessions.default
    if (sessions < schedule.sessions.min || sessions > schedule.sessions.max) {
      // The count is fixed in the contract within the protocol's own range (SCHED-3): 12–16 for standard IPT
      // (SCHED-1), 8–10 for group IPT, 8 for brief IPT.
      issues.push(outOfRange('sessions', sessions, schedule.sessions, 'SCHED-3'))
    }
  } else if (schedule.type === 'continuation') {
    // The taper fixes the count (MAINT-6): a variant changes it, a plan does not.
    sessions = taperSessions(schedule.taper)
  } else {
    months = given.months ?? schedule.months.default
    if (months < schedule.months.min || months > schedule.months.max) {
      issues.push(outOfRange('months', months, schedule.months, 'MAINT-1'))
    }
    sessions = maintenanceCount(schedule, start, months)
  }
  if (schedule.type !== 'acute' && given.sessions !== undefined) issues.push(notApplicable('sessions', schedule.type))
  if (schedule.type !== 'maintenance' && given.months !== undefined) issues.push(notApplicable('months', schedule.type))
  if (issues.length) return { success: false, issues }
  const basis: PlanBasis = {
    schemaVersion: 1,
    protocolId: id,
    protocolVersion: version,
    schedule,
    start,
    time,
    timeZone,
    sessions,
    ...(months === undefined ? {} : { months }),
    sessionMinutes,
    blackouts,
    ...(followUp ? { followUp } : {}),
    skipped: [],
    ...(delayAdvisoryWeeks === undefined ? {} : { delayAdvisoryWeeks }),
  }
  return withContacts(basis)
}

/**
 * Plans a course of a protocol: every contact with its kind, number, phase, local start instant, duration and
 * participants, in time order. Weekly contacts keep their weekday and local time across daylight-saving changes;
 * sessions are labelled initial, middle or termination by the protocol's phase bounds (PHASE-1, PHASE-5);
 * monthly maintenance sessions keep the day of month, clamped to the month's end (MAINT-1); no contact falls in a
 * blackout, it moves to the next free slot of its series and the contracted count is kept (SCHED-6). Throws
 * {@link ProtocolError} with every issue for invalid input.
 *
 * @example
 * ```ts
 * const plan = planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' })
 * plan.contacts[0] // { id: 'session-2027-03-01', kind: 'session', number: 1, phase: 'initial',
 *                  //   start: '2027-03-01T16:00:00-05:00', participants: ['patient', 'parent'], … }
 * ```
 */
export function planCourse(protocol: Protocol, options: PlanOptions): CoursePlan {
  return unwrap(safePlanCourse(protocol, options))
}

/**
 * Applies a change to a plan like {@link reschedulePlan}, returning `{ success, data | issues }` instead of
 * throwing.
 *
 * @example
 * ```ts
 * const result = safeReschedulePlan(plan, { type: 'missed', contactId: 'session-1999-01-01' })
 * if (!result.success) console.log(result.issues[0]?.code) // 'unknown-contact'
 * ```
 */
export function safeReschedulePlan(plan: CoursePlan, change: PlanChange): SafeResult<CoursePlan> {
  const checkedPlan = safeParseWith(CoursePlanSchema, plan, ['plan'])
  const checkedChange = safeParseWith(PlanChangeSchema, change, ['change'])
  if (!checkedPlan.success || !checkedChange.success) {
    return { success: false, issues: issuesOf(checkedPlan, checkedChange) }
  }
  return changePlan(checkedPlan.data, checkedChange.data)
}

const refused = (
  code: string,
  message: string,
  path: string,
  params: Record<string, unknown>,
): { success: false; issues: Issue[] } => ({
  success: false,
  issues: [makeIssue(code, message, { path: ['change', path], ...(Object.keys(params).length ? { params } : {}) })],
})

/**
 * Applies a change to a valid plan (no validation here): the shared step of {@link reschedulePlan} and of a
 * course's events (SCHED-6), so that both give the same plan.
 */
export function changePlan(plan: CoursePlan, change: PlanChange): SafeResult<CoursePlan> {
  const { contacts, advisories: _advisories, ...before } = plan
  const basis = { ...before, revision: revisionOf(plan) + 1 }
  if (change.type === 'blackout') {
    if (change.from > change.to) {
      return refused('invalid-range', `The blackout ends (${change.to}) before it starts (${change.from})`, 'to', {})
    }
    return withContacts({ ...basis, blackouts: [...basis.blackouts, { from: change.from, to: change.to }] })
  }
  if (change.type === 'sessions') {
    const held = contacts.filter((contact) => contact.status === 'held' && isMain(contact.kind)).length
    if (plan.schedule.type !== 'acute')
      return { success: false, issues: [notApplicable('sessions', plan.schedule.type)] }
    if (change.sessions < held) {
      return refused('contract-below-held', `${countedWere(held, 'session')} already held`, 'sessions', {
        sessions: change.sessions,
        held,
      })
    }
    return withContacts({ ...basis, sessions: change.sessions })
  }
  const contact = contacts.find((candidate) => candidate.id === change.contactId)
  if (contact?.status !== 'planned') {
    const code = contact ? 'contact-not-planned' : 'unknown-contact'
    const message = contact
      ? `${change.contactId} is already ${contact.status}`
      : `The plan has no contact ${change.contactId}`
    return refused(code, message, 'contactId', { contactId: change.contactId })
  }
  if (change.type === 'held') {
    const held = [...(basis.held ?? []), { contactId: change.contactId, at: change.at }]
    // A held contact stays where it was and counts as it did while planned (SCHED-6): no contact moves, so the
    // contacts are kept with this one marked, which is what generating them again gives, without the cost.
    const marked = contacts.map((item) =>
      item === contact ? { ...item, status: 'held' as const, heldAt: change.at } : item,
    )
    return { success: true, data: { ...basis, held, contacts: marked, advisories: plan.advisories } }
  }
  return withContacts({ ...basis, skipped: [...basis.skipped, { contactId: change.contactId, type: change.type }] })
}

/**
 * How many changes a plan has had: its `revision`, or for a plan stored before it counted them, its recorded
 * contacts and blackouts (each change added one).
 */
export const revisionOf = (plan: CoursePlan) => plan.revision ?? plan.skipped.length + plan.blackouts.length

/** The kinds of a plan's main series, which `sessions` counts (acute or maintenance sessions). */
export const isMain = (kind: string) => kind === 'session' || kind === 'maintenance-session'

/**
 * Records a held, missed or cancelled contact, adds a blackout, or changes the contracted number of sessions, and
 * moves what follows (SCHED-6): contacts already held, missed or cancelled stay as they are, the contracted number
 * of sessions is still delivered, and later contacts move to the next free slots of their series (a missed weekly
 * session pushes the last session one week later). A missed phone or pre-group contact is recorded but not
 * replaced. A course with a plan makes these changes itself as its events are applied. Returns a new plan; throws
 * {@link ProtocolError} with issues for an unknown contact or invalid input.
 *
 * @example
 * ```ts
 * const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'Europe/London' })
 * const moved = reschedulePlan(plan, { type: 'missed', contactId: 'session-2027-03-15' })
 * moved.contacts.filter((c) => c.kind === 'session' && c.status === 'planned').length // still 16
 * ```
 */
export function reschedulePlan(plan: CoursePlan, change: PlanChange): CoursePlan {
  return unwrap(safeReschedulePlan(plan, change))
}
