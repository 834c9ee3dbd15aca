/**
 * assessFidelity: a course's structural fidelity, read from its event log, its protocol snapshot, its plan and its
 * safety record. Every threshold comes from the protocol's data or from a documented option.
 */
import * as z from 'zod/mini'
import { addToDate, daysFrom } from '../calendar/arithmetic.js'
import { TimeZoneSchema } from '../calendar/index.js'
import type { Course, CourseEvent, OpenFlag } from '../course/schema.js'
import { issuesOf, type SafeResult, safeParseWith, unwrap } from '../issues/index.js'
import type { Frequency, InitialTask, Participant } from '../protocol/index.js'
import type { PlannedContact } from '../schedule/index.js'
import { definitionOf, type FidelityDomain, type IndicatorId, type IndicatorStatus } from './indicators.js'
import { checkCourse } from './validate.js'
import { daysBetween, localDate } from './zone.js'

/**
 * Options of {@link assessFidelity}; every one has a default, and each default that no source decides is a design
 * choice:
 *
 * - `timeZone`: the zone whose calendar dates count, when the course has no plan (a plan's zone comes first); without
 *   either, each instant's own offset (the date it is written with).
 * - `windowDays` (default 2, design): how many days an interval between sessions, or a calendar span, may differ
 *   from what the protocol's frequency or the plan gives (SCHED-5).
 * - `maxGapDays` (default twice the protocol's period, a month counted as 31 days; design): the longest gap between
 *   two held sessions.
 * - `renegotiationsAllowed` (default 0, design): SCHED-3 fixes the contract at the start, so any renegotiation is a
 *   change from it; a study that accepts some sets how many.
 * - `missedInARow` and `missedInAll` (defaults 2 and 3, SCHED-7's design thresholds): as many missed sessions in a row,
 *   or in all, call for an engagement check and do not meet `attendance`.
 * - `reviewWithinDays` (default 1, design): the most calendar days from a safety flag to its review (MEAS-2, MEAS-6).
 *
 * @example
 * ```ts
 * FidelityOptionsSchema.parse({ windowDays: 1, renegotiationsAllowed: 1 })
 * ```
 */
export const FidelityOptionsSchema = /* @__PURE__ */ (() => {
  const count = (max: number) => z.optional(z.int().check(z.gte(0)).check(z.lte(max)))
  return z.strictObject({
    timeZone: z.optional(TimeZoneSchema),
    windowDays: count(31),
    maxGapDays: z.optional(z.int().check(z.gte(1)).check(z.lte(3660))),
    renegotiationsAllowed: count(1000),
    missedInARow: z.optional(z.int().check(z.gte(1)).check(z.lte(1000))),
    missedInAll: z.optional(z.int().check(z.gte(1)).check(z.lte(1000))),
    reviewWithinDays: count(365),
  })
})()

/**
 * Options of {@link assessFidelity} (see {@link FidelityOptionsSchema} for what each means and its default).
 *
 * @example
 * ```ts
 * const options: FidelityOptions = { timeZone: 'Europe/Berlin', windowDays: 1 }
 * ```
 */
export interface FidelityOptions {
  /** The zone whose calendar dates count when the course has no plan (IANA). */
  timeZone?: string | undefined
  /** Days an interval or span may differ from the protocol's or plan's (default 2). */
  windowDays?: number | undefined
  /** The longest gap between held sessions, in days (default twice the protocol's period). */
  maxGapDays?: number | undefined
  /** How many renegotiations still meet `renegotiations` (default 0). */
  renegotiationsAllowed?: number | undefined
  /** Missed sessions in a row that fail `attendance` (default 2, SCHED-7). */
  missedInARow?: number | undefined
  /** Missed sessions in all that fail `attendance` (default 3, SCHED-7). */
  missedInAll?: number | undefined
  /** The most calendar days from a safety flag to its review (default 1). */
  reviewWithinDays?: number | undefined
}

/**
 * One indicator of a {@link FidelityReport}: what it checks (`id`, `rule`, `domain`), what the record shows
 * (`value`), what the protocol or the options expect (`expected`), its `status`, and the indices of the course's
 * events that decided it (`events`, into `course.events`).
 *
 * @example
 * ```ts
 * const indicator: FidelityIndicator = {
 *   id: 'initial-phase-length', rule: 'PHASE-1', domain: 'delivery', status: 'met',
 *   value: 3, expected: { max: 3 }, events: [7, 9, 12, 13],
 * }
 * ```
 */
export interface FidelityIndicator {
  /** The indicator (see {@link fidelityIndicators}). */
  id: IndicatorId
  /** The rule it checks, from the protocol's data where they name one; `null` where nothing names one. */
  rule: string | null
  /** The BCC fidelity domain it informs. */
  domain: FidelityDomain
  /** Met, not met, not applicable, or unknown (the record cannot decide yet). */
  status: IndicatorStatus
  /** What the record shows: a number, or an object of counts and dates (JSON). */
  value: unknown
  /** What the protocol's data or the options expect (JSON). */
  expected: unknown
  /** Indices into `course.events` of the events that decided the status. */
  events: number[]
}

/**
 * The overall adherence of a course: `adherent` only when every indicator that applies is met and no safety flag
 * is open (ipt-reference §8a: a course with an open flag is never reported as fully adherent, whatever else it
 * met); `not-adherent` when an indicator is not met or a flag is open; else `undetermined`.
 *
 * @example
 * ```ts
 * const adherence: Adherence = { status: 'undetermined', met: 9, notMet: 0, unknown: 4, notApplicable: 8, openSafetyFlags: 0 }
 * ```
 */
export interface Adherence {
  /** `adherent`, `not-adherent` or `undetermined`. */
  status: 'adherent' | 'not-adherent' | 'undetermined'
  /** Indicators met. */
  met: number
  /** Indicators not met. */
  notMet: number
  /** Indicators the record cannot decide. */
  unknown: number
  /** Indicators that do not apply. */
  notApplicable: number
  /** Safety flags open in the course (MEAS-2, MEAS-6): any makes the course `not-adherent`. */
  openSafetyFlags: number
}

/**
 * What {@link assessFidelity} returns: the course and protocol it read, whether the course has ended, the zone its
 * dates were counted in, every indicator in the order of {@link fidelityIndicators}, and the overall adherence.
 *
 * @example
 * ```ts
 * const report: FidelityReport = assessFidelity(course)
 * report.adherence.status // 'undetermined'
 * ```
 */
export interface FidelityReport {
  /** The course's id. */
  courseId: string
  /** The protocol it ran under. */
  protocol: {
    /** Its id. */
    id: string
    /** Its version. */
    version: string
  }
  /** The course's phase: `completed` or `discontinued` once it has ended. */
  phase: Course['phase']
  /** The zone whose calendar the dates were counted in (`null`: each instant's own offset). */
  timeZone: string | null
  /** Every indicator, in report order. */
  indicators: FidelityIndicator[]
  /** The overall adherence. */
  adherence: Adherence
  /** The dose as delivered, for trial reporting (see {@link DoseDelivered}). */
  dose: DoseDelivered
}

/**
 * The dose a course delivered, as a trial paper reports it: contracted and held sessions, missed and cancelled ones,
 * phone contacts, the calendar span from the first to the last held session and the intervals between held
 * sessions, in calendar days of the course's zone; and the first and last event, for the period of a summary.
 *
 * @example
 * ```ts
 * const dose: DoseDelivered = assessFidelity(course).dose
 * dose.sessionsHeld // 0
 * ```
 */
export interface DoseDelivered {
  /** The contracted sessions (the contract, else the plan's, else the protocol's default); `null` for none. */
  contracted: number | null
  /** Sessions held. */
  sessionsHeld: number
  /** Sessions missed. */
  sessionsMissed: number
  /** Sessions cancelled. */
  sessionsCancelled: number
  /** Phone contacts held. */
  phoneContactsHeld: number
  /** Calendar days from the first to the last held session; `null` before a session was held. */
  spanDays: number | null
  /** Calendar days between consecutive held sessions. */
  intervalDays: number[]
  /** The first event's instant; `null` for an empty log. */
  firstEvent: string | null
  /** The last event's instant; `null` for an empty log. */
  lastEvent: string | null
}

/** A session as the log holds it. */
interface Held {
  index: number
  at: string
  date: string
  number: number
  participants: readonly Participant[] | undefined
}

/** What one pass over the event log finds. */
interface Facts {
  held: Held[]
  missed: number[]
  cancelled: number[]
  /** Phone contacts by the number of sessions held before them. */
  phone: { index: number; afterSession: number }[]
  contracts: { index: number; sessions: number }[]
  renegotiations: { index: number; sessions: boolean; areas: boolean }[]
  /** The first record of each initial task, and of a measure (as `baseline-measure`). */
  tasks: Map<InitialTask, number>
  areasAgreed: number | undefined
  /** The event that left the initial phase, with the sessions held before it. */
  leftInitial: { index: number; held: number } | undefined
  /** The event that entered the termination phase, with the sessions held and contracted then. */
  termination: { index: number; held: number; contracted: number | undefined } | undefined
  /** Session events held in the initial phase. */
  initialHeld: number[]
  measures: number[]
  /** The first session held after MEAS-7's interval without a rating, and the longest run without one. */
  ratingLate: number | undefined
  longestUnrated: number
  ending: { index: number; type: 'completed' | 'discontinued' | 'recurrence'; reason?: string } | undefined
}

function contractedOf(course: Course, contract: number | undefined): number | undefined {
  const { schedule } = course.protocol
  return contract ?? course.plan?.sessions ?? (schedule.type === 'acute' ? schedule.sessions.default : undefined)
}

function gatherFacts(course: Course, timeZone: string | undefined): Facts {
  const facts: Facts = {
    held: [],
    missed: [],
    cancelled: [],
    phone: [],
    contracts: [],
    renegotiations: [],
    tasks: new Map(),
    areasAgreed: undefined,
    leftInitial: undefined,
    termination: undefined,
    initialHeld: [],
    measures: [],
    ratingLate: undefined,
    longestUnrated: 0,
    ending: undefined,
  }
  const every = course.protocol.monitoring.ratingEverySessions
  let phase: string = course.protocol.schedule.type === 'maintenance' ? 'maintenance' : 'initial'
  let contract: number | undefined
  let unrated = 0
  const first = (task: InitialTask, index: number) => {
    if (!facts.tasks.has(task)) facts.tasks.set(task, index)
  }
  const leave = (index: number) => {
    if (phase === 'initial' && !facts.leftInitial) facts.leftInitial = { index, held: facts.held.length }
  }
  const events: readonly CourseEvent[] = course.events
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as CourseEvent
    switch (event.type) {
      case 'session-held': {
        const number = facts.held.length + 1
        facts.held.push({
          index,
          at: event.at,
          date: localDate(event.at, timeZone),
          number,
          participants: event.participants,
        })
        if (phase === 'initial') facts.initialHeld.push(index)
        unrated++
        if (unrated > facts.longestUnrated) facts.longestUnrated = unrated
        if (every !== undefined && unrated > every && facts.ratingLate === undefined) facts.ratingLate = index
        break
      }
      case 'session-missed':
        facts.missed.push(index)
        break
      case 'session-cancelled':
        facts.cancelled.push(index)
        break
      case 'phone-contact-held':
        facts.phone.push({ index, afterSession: facts.held.length })
        break
      case 'inventory-completed':
        first('inventory', index)
        break
      case 'task-completed':
        first(event.task, index)
        break
      case 'problem-areas-agreed':
        facts.areasAgreed ??= index
        break
      case 'contract-agreed':
        contract = event.sessions
        facts.contracts.push({ index, sessions: event.sessions })
        break
      case 'contract-renegotiated':
        if (event.sessions !== undefined) {
          contract = event.sessions
          facts.contracts.push({ index, sessions: event.sessions })
        }
        facts.renegotiations.push({ index, sessions: event.sessions !== undefined, areas: event.areas !== undefined })
        break
      case 'measure-recorded':
        facts.measures.push(index)
        first('baseline-measure', index)
        unrated = 0
        break
      case 'phase-advanced':
        if (event.to !== 'initial') leave(index)
        if (event.to === 'termination' && !facts.termination) {
          facts.termination = { index, held: facts.held.length, contracted: contractedOf(course, contract) }
        }
        phase = event.to
        break
      case 'course-completed':
        leave(index)
        facts.ending = { index, type: 'completed' }
        phase = 'completed'
        break
      case 'course-discontinued':
        leave(index)
        facts.ending = { index, type: 'discontinued', reason: event.reason }
        phase = 'discontinued'
        break
      case 'recurrence-detected':
        leave(index)
        facts.ending = { index, type: 'recurrence' }
        phase = 'discontinued'
        break
      case 'safety-reviewed':
        break
    }
  }
  return facts
}

/** Everything an indicator reads: the course, the facts of its log, the resolved options. */
interface Context {
  course: Course
  facts: Facts
  timeZone: string | undefined
  ended: boolean
  acute: boolean
  contracted: number | undefined
  options: {
    windowDays: number
    maxGapDays: number | undefined
    renegotiationsAllowed: number
    missedInARow: number
    missedInAll: number
    reviewWithinDays: number
  }
}

type Result = Pick<FidelityIndicator, 'status' | 'value' | 'expected' | 'events'> & { rule?: string | null }

const notApplicable = (value: unknown = null, expected: unknown = null): Result => ({
  status: 'not-applicable',
  value,
  expected,
  events: [],
})

const indicesOf = (held: readonly Held[]) => held.map((session) => session.index)

/** The days a frequency expects from one session to the next on `date` (a month counted on the calendar). */
function expectedDays(frequency: Frequency, date: string): number {
  if (frequency.unit === 'month') return daysFrom(date, addToDate(date, frequency.every, 'month'))
  const days = frequency.unit === 'week' ? 7 * frequency.every : frequency.every
  return days / (frequency.times ?? 1)
}

/** The period of a frequency in days, a month counted as 31 (for the default longest gap). */
function periodDays(frequency: Frequency): number {
  const unit = frequency.unit === 'month' ? 31 : frequency.unit === 'week' ? 7 : 1
  return (unit * frequency.every) / (frequency.times ?? 1)
}

// ---- dose (design, receipt) ----

function contractInRange({ course, facts, ended }: Context): Result {
  const { schedule } = course.protocol
  if (schedule.type !== 'acute') return notApplicable()
  const { min, max } = schedule.sessions
  const expected = { min, max }
  const events = facts.contracts.map((contract) => contract.index)
  const outside = facts.contracts.filter((contract) => contract.sessions < min || contract.sessions > max)
  const value = facts.contracts.at(-1)?.sessions ?? null
  if (outside.length) return { status: 'not-met', value, expected, events: outside.map((entry) => entry.index) }
  if (value !== null) return { status: 'met', value, expected, events }
  // No contract: SCHED-3 wants one at the start; a course that left the initial phase or ended without one fails.
  const decided = ended || facts.leftInitial !== undefined
  return { status: decided ? 'not-met' : 'unknown', value, expected, events: [] }
}

function renegotiations({ facts, options }: Context): Result {
  const list = facts.renegotiations
  const value = {
    count: list.length,
    sessions: list.filter((entry) => entry.sessions).length,
    areas: list.filter((entry) => entry.areas).length,
  }
  const expected = { max: options.renegotiationsAllowed }
  const status = list.length <= options.renegotiationsAllowed ? 'met' : 'not-met'
  return { status, value, expected, events: list.map((entry) => entry.index) }
}

function sessionsDelivered({ facts, contracted, ended }: Context): Result {
  const held = facts.held.length
  const value = { held, contracted: contracted ?? null }
  const expected = { atLeast: contracted ?? null }
  const events = indicesOf(facts.held)
  if (contracted !== undefined && held >= contracted) return { status: 'met', value, expected, events }
  if (!ended || contracted === undefined) return { status: 'unknown', value, expected, events }
  return { status: 'not-met', value, expected, events: [...events, ...(facts.ending ? [facts.ending.index] : [])] }
}

function attendance({ course, facts, options }: Context): Result {
  let run = 0
  let longest = 0
  for (const event of course.events) {
    if (event.type === 'session-missed') longest = Math.max(longest, ++run)
    else if (event.type === 'session-held') run = 0
  }
  const value = {
    held: facts.held.length,
    missed: facts.missed.length,
    cancelled: facts.cancelled.length,
    longestMissedRun: longest,
  }
  const expected = { missedInARowBelow: options.missedInARow, missedInAllBelow: options.missedInAll }
  const met = longest < options.missedInARow && facts.missed.length < options.missedInAll
  return { status: met ? 'met' : 'not-met', value, expected, events: facts.missed }
}

function plannedEnding({ facts }: Context): Result {
  const { ending } = facts
  const expected = 'completed'
  if (!ending) return { status: 'unknown', value: null, expected, events: [] }
  const value = ending.reason ? { ending: ending.type, reason: ending.reason } : { ending: ending.type }
  // A recurrence that ends a maintenance course is a study endpoint (MAINT-4), neither planned nor unilateral.
  if (ending.type === 'recurrence') return { ...notApplicable(value, expected), events: [ending.index] }
  return { status: ending.type === 'completed' ? 'met' : 'not-met', value, expected, events: [ending.index] }
}

// ---- timing (delivery) ----

/** The frequency that applies to the interval ending at session `number` (SCHED-5's early frequency first). */
function frequencyAt(course: Course, number: number): Frequency {
  const { schedule } = course.protocol
  const early = schedule.type === 'acute' ? schedule.earlyFrequency : undefined
  return early && number <= early.sessions ? early.frequency : schedule.frequency
}

function sessionIntervals({ course, facts, options, acute }: Context): Result {
  if (!acute) return notApplicable()
  const { held } = facts
  const expected = { frequency: course.protocol.schedule.frequency, windowDays: options.windowDays }
  if (held.length < 2) return { status: 'unknown', value: { intervals: 0, outside: 0 }, expected, events: [] }
  const outside: Held[] = []
  for (let index = 1; index < held.length; index++) {
    const previous = held[index - 1] as Held
    const session = held[index] as Held
    const days = daysFrom(previous.date, session.date)
    const wanted = expectedDays(frequencyAt(course, session.number), previous.date)
    if (Math.abs(days - wanted) > options.windowDays) outside.push(session)
  }
  const value = { intervals: held.length - 1, outside: outside.length }
  return outside.length
    ? { status: 'not-met', value, expected, events: indicesOf(outside) }
    : { status: 'met', value, expected, events: indicesOf(held) }
}

/** The longest gap between held sessions, with the later session of it. */
function longestGapOf(held: readonly Held[]): { days: number; session: Held | undefined } {
  let longest: { days: number; session: Held | undefined } = { days: 0, session: undefined }
  for (let index = 1; index < held.length; index++) {
    const session = held[index] as Held
    const days = daysFrom((held[index - 1] as Held).date, session.date)
    if (days > longest.days) longest = { days, session }
  }
  return longest
}

function longestGap({ course, facts, options }: Context): Result {
  const maxDays = options.maxGapDays ?? Math.ceil(2 * periodDays(course.protocol.schedule.frequency))
  const expected = { maxDays }
  if (facts.held.length < 2) return { status: 'unknown', value: null, expected, events: [] }
  const { days, session } = longestGapOf(facts.held)
  const previous = session && facts.held[session.number - 2]
  const events = previous && session ? [previous.index, session.index] : []
  return { status: days <= maxDays ? 'met' : 'not-met', value: days, expected, events }
}

/** The plan's sessions (its main series), in time order. */
function plannedSessions(course: Course): PlannedContact[] {
  return (course.plan?.contacts ?? []).filter(
    (contact) => contact.kind === 'session' || contact.kind === 'maintenance-session',
  )
}

function calendarSpan({ course, facts, options, ended }: Context): Result {
  const sessions = plannedSessions(course)
  const first = sessions[0]
  const last = sessions.at(-1)
  if (!first || !last) return notApplicable()
  const plannedDays = daysFrom(first.start.slice(0, 10), last.start.slice(0, 10))
  const expected = { days: plannedDays, windowDays: options.windowDays }
  const held = facts.held
  const start = held[0]
  const end = held.at(-1)
  const days = start && end ? daysFrom(start.date, end.date) : null
  const events = start && end ? [start.index, end.index] : []
  const value = { days, first: start?.date ?? null, last: end?.date ?? null }
  if (days !== null && days > plannedDays + options.windowDays) return { status: 'not-met', value, expected, events }
  if (!ended) return { status: 'unknown', value, expected, events }
  // A course that ended early has no whole span to compare.
  if (facts.ending?.type !== 'completed' || days === null) return { ...notApplicable(value, expected), events }
  const status = Math.abs(days - plannedDays) <= options.windowDays ? 'met' : 'not-met'
  return { status, value, expected, events }
}

/**
 * The planned session each held session stands for: the n-th held session is the n-th planned session, passing
 * over those the plan records as missed or cancelled (as the timeline matches them). This is the one place that
 * pairs the log with the plan: once a plan contact records its own outcome (`status: 'held'`, a time held, or a
 * `session-held` naming its `contactId`), that is read here first.
 */
export function plannedContactsOfHeld(plan: readonly PlannedContact[], held: number): (PlannedContact | undefined)[] {
  const open = plan.filter((contact) => contact.status === 'planned' || (contact.status as string) === 'held')
  return Array.from({ length: held }, (_, index) => open[index])
}

function plannedDates({ course, facts }: Context): Result {
  if (!course.plan) return notApplicable()
  const contacts = plannedContactsOfHeld(plannedSessions(course), facts.held.length)
  const off: Held[] = []
  let unplanned = 0
  for (const [index, session] of facts.held.entries()) {
    const contact = contacts[index]
    if (!contact) unplanned++
    if (!contact || contact.start.slice(0, 10) !== session.date) off.push(session)
  }
  const value = { held: facts.held.length, onDate: facts.held.length - off.length, unplanned }
  const expected = { onDate: facts.held.length }
  if (!facts.held.length) return { status: 'unknown', value, expected, events: [] }
  return off.length
    ? { status: 'not-met', value, expected, events: indicesOf(off) }
    : { status: 'met', value, expected, events: indicesOf(facts.held) }
}

// ---- phases (delivery) ----

function initialPhaseLength({ course, facts, ended }: Context): Result {
  const { schedule } = course.protocol
  if (schedule.type !== 'acute') return notApplicable()
  const max = schedule.phases.initialMaxSessions
  const count = facts.initialHeld.length
  const events = [...facts.initialHeld, ...(facts.leftInitial ? [facts.leftInitial.index] : [])]
  const expected = { max }
  if (count > max) return { status: 'not-met', value: count, expected, events: facts.initialHeld.slice(max) }
  return { status: facts.leftInitial || ended ? 'met' : 'unknown', value: count, expected, events }
}

function middlePreconditions({ facts, acute }: Context): Result {
  if (!acute) return notApplicable()
  const expected = ['inventory', 'problem-areas', 'contract']
  const left = facts.leftInitial
  if (!left) return { status: 'unknown', value: null, expected, events: [] }
  const before = (index: number | undefined) => index !== undefined && index < left.index
  const recorded: [string, number | undefined][] = [
    ['inventory', facts.tasks.get('inventory')],
    ['problem-areas', facts.areasAgreed],
    ['contract', facts.contracts[0]?.index],
  ]
  const missing = recorded.filter(([, index]) => !before(index)).map(([name]) => name)
  const events = [...recorded.flatMap(([, index]) => (before(index) ? [index as number] : [])), left.index]
  return { status: missing.length ? 'not-met' : 'met', value: { missing }, expected, events }
}

function initialTasks({ course, facts, ended, acute }: Context): Result {
  const { required, advised } = course.protocol.initialTasks
  const tasks = [...new Set([...required, ...advised])]
  if (!acute || !tasks.length) return notApplicable()
  const end = facts.leftInitial?.index ?? (ended ? course.events.length : undefined)
  const recorded = tasks.filter((task) => {
    const index = facts.tasks.get(task)
    return index !== undefined && (end === undefined || index < end)
  })
  const missing = tasks.filter((task) => !recorded.includes(task))
  const value = { recorded, missing }
  const events = recorded.map((task) => facts.tasks.get(task) as number)
  if (facts.leftInitial) events.push(facts.leftInitial.index)
  if (!missing.length) return { status: 'met', value, expected: tasks, events }
  return { status: end === undefined ? 'unknown' : 'not-met', value, expected: tasks, events }
}

function terminationTiming({ course, facts, ended, contracted }: Context): Result {
  const { schedule } = course.protocol
  if (schedule.type !== 'acute') return notApplicable()
  const sessions = schedule.phases.terminationSessions
  const expected = { sessionsLeftAtLeast: sessions }
  const entry = facts.termination
  if (entry) {
    const left = entry.contracted === undefined ? null : entry.contracted - entry.held
    const value = { sessionsLeft: left, atSession: entry.held }
    if (left === null) return { status: 'unknown', value, expected, events: [entry.index] }
    return { status: left >= sessions ? 'met' : 'not-met', value, expected, events: [entry.index] }
  }
  const value = { sessionsLeft: null, atSession: null }
  if (facts.ending?.type === 'completed') return { status: 'not-met', value, expected, events: [facts.ending.index] }
  if (ended) return notApplicable(value, expected)
  const late = contracted !== undefined && contracted - facts.held.length < sessions
  return late
    ? { status: 'not-met', value, expected, events: indicesOf(facts.held.slice(-1)) }
    : { status: 'unknown', value, expected, events: [] }
}

// ---- measurement (delivery) ----

function baselineRating({ course, facts, ended, acute }: Context): Result {
  if (!acute) return notApplicable()
  const first = facts.measures[0]
  const before = facts.leftInitial?.index ?? (ended ? course.events.length : undefined)
  const expected = 'a rating before the middle phase'
  if (first !== undefined && (before === undefined || first < before)) {
    return { status: 'met', value: course.events[first]?.at ?? null, expected, events: [first] }
  }
  if (before === undefined) return { status: 'unknown', value: null, expected, events: [] }
  return { status: 'not-met', value: null, expected, events: facts.leftInitial ? [facts.leftInitial.index] : [] }
}

function ratingInterval({ course, facts }: Context): Result {
  const every = course.protocol.monitoring.ratingEverySessions
  if (every === undefined) return notApplicable()
  const value = { ratings: facts.measures.length, longestRunWithoutRating: facts.longestUnrated }
  const expected = { everySessions: every }
  if (facts.ratingLate !== undefined) return { status: 'not-met', value, expected, events: [facts.ratingLate] }
  if (!facts.held.length) return { status: 'unknown', value, expected, events: [] }
  return { status: 'met', value, expected, events: facts.measures }
}

/** The reviews of flags from one instrument (MEAS-2: PHQ-9, MEAS-6: HAM-D-17), with their events. */
function flagsReviewed(instrument: OpenFlag['instrument']) {
  return ({ course, timeZone, options }: Context): Result => {
    const of = (flags: readonly OpenFlag[]) => flags.filter((flag) => flag.instrument === instrument)
    const open = of(course.safety.open)
    const reviewed = course.safety.reviews.flatMap((review) => of(review.closed).map((flag) => ({ flag, review })))
    if (!open.length && !reviewed.length) return notApplicable()
    const eventAt = new Map<string, number>()
    for (const [index, event] of course.events.entries()) {
      if (event.type === 'measure-recorded' || event.type === 'safety-reviewed')
        eventAt.set(`${event.type}@${event.at}`, index)
    }
    const events = new Set<number>()
    const note = (type: string, at: string) => {
      const index = eventAt.get(`${type}@${at}`)
      if (index !== undefined) events.add(index)
    }
    const days: number[] = []
    const outcomes: Record<string, number> = {}
    let late = 0
    let unrecorded = 0
    for (const { flag, review } of reviewed) {
      const elapsed = daysBetween(flag.at, review.at, timeZone)
      days.push(elapsed)
      outcomes[review.outcome] = (outcomes[review.outcome] ?? 0) + 1
      if (review.outcome === 'not-recorded') unrecorded++
      if (elapsed > options.reviewWithinDays) late++
      if (elapsed > options.reviewWithinDays || review.outcome === 'not-recorded') {
        note('measure-recorded', flag.at)
        note('safety-reviewed', review.at)
      }
    }
    for (const flag of open) note('measure-recorded', flag.at)
    const met = !open.length && !late && !unrecorded
    if (met) {
      for (const { flag, review } of reviewed) {
        note('measure-recorded', flag.at)
        note('safety-reviewed', review.at)
      }
    }
    const value = {
      flags: open.length + reviewed.length,
      reviewed: reviewed.length,
      open: open.length,
      outcomes,
      daysToReview: days,
      maxDaysToReview: days.length ? Math.max(...days) : null,
    }
    const expected = { open: 0, withinDays: options.reviewWithinDays, outcomeRecorded: true }
    return { status: met ? 'met' : 'not-met', value, expected, events: [...events].sort((a, b) => a - b) }
  }
}

// ---- variant-specific, from the protocol's data ----

function phoneContacts({ course, facts, ended }: Context): Result {
  const extra = course.protocol.schedule.extraContacts.find(
    (contact) => contact.kind === 'phone-contact' && contact.placement.type === 'after-sessions',
  )
  if (extra?.placement.type !== 'after-sessions') return notApplicable()
  const { fromSession, toSession } = extra.placement
  const expected = { afterSessions: { from: fromSession, to: toSession } }
  const held = facts.held.length
  const missing: number[] = []
  const pending: number[] = []
  const events: number[] = []
  for (let session = fromSession; session <= toSession; session++) {
    const call = facts.phone.find((contact) => contact.afterSession === session)
    if (call) events.push(call.index)
    // A slot is due once the next session is held, or when the course ended after its session.
    else if (held > session || (ended && held >= session)) missing.push(session)
    else if (!ended) pending.push(session)
  }
  const value = { held: events.length, missingAfterSessions: missing }
  const rule = extra.rule ?? null
  if (missing.length) {
    const late = missing.flatMap((session) => {
      const next = facts.held[session]
      return next ? [next.index] : []
    })
    return { status: 'not-met', value, expected, events: late, rule }
  }
  if (pending.length) return { status: 'unknown', value, expected, events, rule }
  return { status: events.length || held >= fromSession ? 'met' : 'not-applicable', value, expected, events, rule }
}

function sessionParticipants({ course, facts, contracted, ended }: Context): Result {
  const entries = course.protocol.schedule.participantsBySession
  if (!entries.length) return notApplicable()
  const rule = entries.find((entry) => entry.rule)?.rule ?? null
  const expected = entries.map((entry) => ({ session: entry.session, participants: entry.participants }))
  const states: IndicatorStatus[] = []
  const absent: { session: number; absent: Participant[] }[] = []
  const events: number[] = []
  const last = ended ? facts.held.length : contracted
  for (const entry of entries) {
    const number = entry.session === 'first' ? 1 : entry.session === 'last' ? last : entry.session
    const session = number === undefined ? undefined : facts.held[number - 1]
    if (!session) {
      states.push(ended ? 'not-applicable' : 'unknown')
      continue
    }
    events.push(session.index)
    if (!session.participants) {
      states.push('unknown')
      continue
    }
    const missing = entry.participants.filter((participant) => !session.participants?.includes(participant))
    if (missing.length) absent.push({ session: session.number, absent: missing })
    states.push(missing.length ? 'not-met' : 'met')
  }
  const value = { checked: states.filter((state) => state === 'met' || state === 'not-met').length, absent }
  const status: IndicatorStatus = states.includes('not-met')
    ? 'not-met'
    : states.includes('unknown')
      ? 'unknown'
      : states.includes('met')
        ? 'met'
        : 'not-applicable'
  return { status, value, expected, events, rule }
}

/**
 * What the plan says of a contact the log cannot record (a pre-group or engagement session): `held` when the plan
 * records it held (a plan that keeps its contacts' outcomes); `missed` or `cancelled` as the plan records them;
 * else, until plans record outcomes, `held` once a session was held after its date without the plan recording it
 * missed or cancelled (a design choice), and `pending` before.
 */
function outcomeOfPlanned(contact: PlannedContact, facts: Facts): 'held' | 'missed' | 'cancelled' | 'pending' {
  const status = contact.status as string
  if (status === 'held' || status === 'missed' || status === 'cancelled') return status
  const after = facts.held.some((session) => Date.parse(session.at) > Date.parse(contact.start))
  return after ? 'held' : 'pending'
}

function preSessionContacts({ course, facts, ended }: Context): Result {
  const extras = course.protocol.schedule.extraContacts.filter(
    (contact) => contact.placement.type === 'before-first-session',
  )
  if (!extras.length) return notApplicable()
  const rule = extras.find((extra) => extra.rule)?.rule ?? null
  const expected = extras.map((extra) => extra.kind)
  if (!course.plan) return { status: 'unknown', value: null, expected, events: [], rule }
  const outcomes = extras.map((extra) => {
    const contact = course.plan?.contacts.find((candidate) => candidate.kind === extra.kind)
    return { kind: extra.kind, outcome: contact ? outcomeOfPlanned(contact, facts) : ('not-planned' as const) }
  })
  const value = outcomes
  const events = indicesOf(facts.held.slice(0, 1))
  if (outcomes.some((entry) => entry.outcome !== 'held' && entry.outcome !== 'pending')) {
    return { status: 'not-met', value, expected, events, rule }
  }
  if (outcomes.some((entry) => entry.outcome === 'pending')) {
    return { status: ended ? 'not-met' : 'unknown', value, expected, events, rule }
  }
  return { status: 'met', value, expected, events, rule }
}

function maintenanceGaps({ course, facts, options }: Context): Result {
  const { schedule } = course.protocol
  if (schedule.type !== 'maintenance') return notApplicable()
  const expected = { frequency: schedule.frequency, windowDays: options.windowDays }
  const held = facts.held
  if (held.length < 2) return { status: 'unknown', value: null, expected, events: [] }
  const late: Held[] = []
  for (let index = 1; index < held.length; index++) {
    const previous = held[index - 1] as Held
    const session = held[index] as Held
    const wanted = expectedDays(schedule.frequency, previous.date)
    if (daysFrom(previous.date, session.date) > wanted + options.windowDays) late.push(session)
  }
  const value = { gaps: held.length - 1, longer: late.length, longestDays: longestGapOf(held).days }
  return late.length
    ? { status: 'not-met', value, expected, events: indicesOf(late) }
    : { status: 'met', value, expected, events: indicesOf(held) }
}

const checks: Record<IndicatorId, (context: Context) => Result> = {
  'contract-in-range': contractInRange,
  renegotiations,
  'sessions-delivered': sessionsDelivered,
  attendance,
  'planned-ending': plannedEnding,
  'session-intervals': sessionIntervals,
  'longest-gap': longestGap,
  'calendar-span': calendarSpan,
  'planned-dates': plannedDates,
  'initial-phase-length': initialPhaseLength,
  'middle-phase-preconditions': middlePreconditions,
  'initial-tasks': initialTasks,
  'termination-timing': terminationTiming,
  'baseline-rating': baselineRating,
  'rating-interval': ratingInterval,
  'phq9-flags-reviewed': flagsReviewed('phq-9'),
  'hamd17-flags-reviewed': flagsReviewed('hamd-17'),
  'phone-contacts': phoneContacts,
  'session-participants': sessionParticipants,
  'pre-session-contacts': preSessionContacts,
  'maintenance-gaps': maintenanceGaps,
}

/** The report of a validated course with validated options. */
export function reportOf(course: Course, options: FidelityOptions): FidelityReport {
  const timeZone = course.plan?.timeZone ?? options.timeZone
  const facts = gatherFacts(course, timeZone)
  const context: Context = {
    course,
    facts,
    timeZone,
    ended: course.phase === 'completed' || course.phase === 'discontinued',
    acute: course.protocol.schedule.type === 'acute',
    contracted: contractedOf(course, facts.contracts.at(-1)?.sessions),
    options: {
      windowDays: options.windowDays ?? 2,
      maxGapDays: options.maxGapDays,
      renegotiationsAllowed: options.renegotiationsAllowed ?? 0,
      missedInARow: options.missedInARow ?? 2,
      missedInAll: options.missedInAll ?? 3,
      reviewWithinDays: options.reviewWithinDays ?? 1,
    },
  }
  const indicators = (Object.keys(checks) as IndicatorId[]).map((id): FidelityIndicator => {
    const { rule, ...result } = checks[id](context)
    const definition = definitionOf(id)
    return {
      id,
      rule: rule === undefined || rule === null ? definition.rule : rule,
      domain: definition.domain,
      ...result,
    }
  })
  const { held } = facts
  const intervalDays: number[] = []
  for (let index = 1; index < held.length; index++) {
    intervalDays.push(daysFrom((held[index - 1] as Held).date, (held[index] as Held).date))
  }
  const first = held[0]
  const last = held.at(-1)
  const dose: DoseDelivered = {
    contracted: context.contracted ?? null,
    sessionsHeld: held.length,
    sessionsMissed: facts.missed.length,
    sessionsCancelled: facts.cancelled.length,
    phoneContactsHeld: facts.phone.length,
    spanDays: first && last ? daysFrom(first.date, last.date) : null,
    intervalDays,
    firstEvent: course.events[0]?.at ?? null,
    lastEvent: course.events.at(-1)?.at ?? null,
  }
  const count = (status: IndicatorStatus) => indicators.filter((indicator) => indicator.status === status).length
  const openSafetyFlags = course.safety.open.length
  const notMet = count('not-met')
  const unknown = count('unknown')
  return {
    courseId: course.id,
    protocol: { id: course.protocol.id, version: course.protocol.version },
    phase: course.phase,
    timeZone: timeZone ?? null,
    indicators,
    adherence: {
      status: notMet || openSafetyFlags ? 'not-adherent' : unknown ? 'undetermined' : 'adherent',
      met: count('met'),
      notMet,
      unknown,
      notApplicable: count('not-applicable'),
      openSafetyFlags,
    },
    dose,
  }
}

/**
 * A course's structural fidelity, read from its record (ipt-reference; the BCC fidelity framework): one indicator
 * per check, each with its rule, its BCC domain, what the record shows, what the protocol's data or the options
 * expect, its status and the indices of the events that decided it, and an overall adherence that is never
 * `adherent` while a safety flag is open (§8a). Calendar dates count in the plan's zone (else `options.timeZone`,
 * else each instant's own offset). An ongoing course is judged on its record so far; an indicator only its end can
 * decide (sessions delivered, the ending, the span, termination) is `unknown` until then. Pure; the course is not
 * changed. Throws {@link ProtocolError} (from `ipt-protocol`) for an invalid course or options;
 * {@link safeAssessFidelity} returns them.
 *
 * @example
 * ```ts
 * const report = assessFidelity(course)
 * report.indicators.find((indicator) => indicator.id === 'initial-phase-length')?.status // 'met'
 * ```
 */
export function assessFidelity(course: Course, options: FidelityOptions = {}): FidelityReport {
  return unwrap(safeAssessFidelity(course, options))
}

/**
 * {@link assessFidelity} returning `{ success, data | issues }` instead of throwing; issue paths start with
 * `'course'` or `'options'`.
 *
 * @example
 * ```ts
 * safeAssessFidelity({} as never).success // false
 * ```
 */
export function safeAssessFidelity(course: Course, options: FidelityOptions = {}): SafeResult<FidelityReport> {
  const checkedCourse = checkCourse(course, ['course'])
  const checkedOptions = safeParseWith(FidelityOptionsSchema, options ?? {}, ['options'])
  if (!checkedCourse.success || !checkedOptions.success) {
    return { success: false, issues: issuesOf(checkedCourse, checkedOptions) }
  }
  return { success: true, data: reportOf(checkedCourse.data, checkedOptions.data) }
}
