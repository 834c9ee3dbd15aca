import * as z from 'zod/mini'
import { eventAdvice } from '../advice/index.js'
import { type Issue, issuesOf, ProtocolError, safeParseWith } from '../issues/index.js'
import { counted, countedRange, countedWere, numbered, rangeText } from '../issues/words.js'
import {
  assessProgress,
  type Instrument,
  instruments,
  type Rating,
  type SafetyFlag,
  safeScoreHamd17,
  safeScorePhq9,
  suicideFlag,
} from '../measures/index.js'
import { type InitialTask, type ProblemArea, type Protocol, ProtocolSchema } from '../protocol/index.js'
import { checkProtocol } from '../protocol/trusted.js'
import { type CoursePlan, CoursePlanSchema } from '../schedule/index.js'
import { type EventOptions, planStep } from './plan-sync.js'
import { type CheckCode, checkIssue, phaseTransitions, ruleOfTransition } from './rules.js'
import { type Course, type CourseEvent, type CoursePhase, type OpenFlag, OpenFlagSchema } from './schema.js'

/**
 * The result of {@link applyEvent}: the next course and its advisories, or the issues that refused the event
 * (with the advisories that must not be lost even then: an open safety flag, MEAS-2).
 *
 * @example
 * ```ts
 * const result: ApplyResult = applyEvent(course, { type: 'inventory-completed', at: '2027-03-08T10:50:00-05:00' })
 * if (result.ok) course = result.course
 * ```
 */
export type ApplyResult =
  | { ok: true; course: Course; advisories: Issue[] }
  | { ok: false; issues: Issue[]; advisories: Issue[] }

const terminal: readonly CoursePhase[] = ['completed', 'discontinued']

const CreateOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.string().check(z.minLength(1)).check(z.maxLength(200)),
    plan: z.optional(CoursePlanSchema),
  }))()

/**
 * Starts a course of a protocol: a plain JSON record in the protocol's first phase (`initial`, or `maintenance`
 * for a maintenance protocol), with a snapshot of the protocol and, optionally, its plan. A built-in protocol is
 * its own snapshot (it is deeply frozen); any other is validated and copied. Throws {@link ProtocolError} for an
 * invalid protocol, id or plan.
 *
 * @example
 * ```ts
 * const course = createCourse(protocols.ipt, { id: 'course-1' })
 * course.phase // 'initial'
 * ```
 */
export function createCourse(protocol: Protocol, options: { id: string; plan?: CoursePlan }): Course {
  const checkedProtocol = checkProtocol(ProtocolSchema, protocol)
  const checkedOptions = safeParseWith(CreateOptionsSchema, options)
  if (!checkedProtocol.success || !checkedOptions.success)
    throw new ProtocolError(issuesOf(checkedProtocol, checkedOptions))
  const { id, plan } = checkedOptions.data
  const protocolData = checkedProtocol.data
  if (plan && (plan.protocolId !== protocolData.id || plan.protocolVersion !== protocolData.version)) {
    throw new ProtocolError([
      checkIssue(
        'plan-protocol-mismatch',
        `The plan is for ${plan.protocolId} ${plan.protocolVersion}, the course for ${protocolData.id} ${protocolData.version}: plan the course with the course's protocol`,
        {
          path: ['plan', plan.protocolId === protocolData.id ? 'protocolVersion' : 'protocolId'],
          params: {
            plan: { id: plan.protocolId, version: plan.protocolVersion },
            protocol: { id: protocolData.id, version: protocolData.version },
          },
        },
      ),
    ])
  }
  const course: Course = {
    schemaVersion: 4,
    id,
    protocol: checkedProtocol.data,
    ...(plan ? { plan } : {}),
    phase: checkedProtocol.data.schedule.type === 'acute' ? 'initial' : checkedProtocol.data.schedule.type,
    problemAreas: [],
    initialTasks: {},
    counts: { sessionsHeld: 0, sessionsMissed: 0, sessionsCancelled: 0, phoneContactsHeld: 0, sessionsSinceRating: 0 },
    measures: [],
    safety: { open: [], reviews: [] },
    events: [],
  }
  return course
}

/** Refusals of a list of areas against the protocol (AREA-3). */
function areaIssues(protocol: Protocol, areas: readonly ProblemArea[], field: string): Issue[] {
  const issues: Issue[] = []
  const { allowed, max } = protocol.problemAreas
  for (const [index, area] of areas.entries()) {
    if (!allowed.includes(area)) {
      issues.push(
        checkIssue('area-not-allowed', `${protocol.id} does not list the problem area ${area}`, {
          path: [field, index],
          params: { area, allowed },
        }),
      )
    } else if (areas.indexOf(area) !== index) {
      issues.push(checkIssue('duplicate-area', `${area} is listed twice`, { path: [field, index], params: { area } }))
    }
  }
  if (areas.length > max) {
    issues.push(
      checkIssue('too-many-areas', `At most ${counted(max, 'problem area')}, got ${areas.length}`, {
        path: [field],
        params: { max, count: areas.length },
      }),
    )
  }
  return issues
}

function sessionRange(protocol: Protocol): { min: number; default: number; max: number } | undefined {
  return protocol.schedule.type === 'acute' ? protocol.schedule.sessions : undefined
}

/** How an initial task reads in a message. */
const taskName: Record<InitialTask, string> = {
  diagnosis: 'the diagnosis',
  psychoeducation: 'psychoeducation',
  'sick-role': 'the sick role',
  'medication-evaluation': 'the medication evaluation',
  inventory: 'the interpersonal inventory completed',
  formulation: 'the interpersonal formulation',
  'baseline-measure': 'a baseline measure (MEAS-7)',
}

/**
 * Whether an initial task is done (PHASE-2): recorded by `task-completed` (the inventory also by
 * `inventory-completed`), or for the baseline measure, a rating recorded before the middle phase (MEAS-7).
 */
function taskDone(course: Course, task: InitialTask): boolean {
  return task === 'baseline-measure' ? course.measures.length > 0 : course.initialTasks[task] !== undefined
}

/** What is still missing before the middle phase may start (PHASE-3): the required tasks, the areas, the contract. */
function missingForMiddle(course: Course): string[] {
  const missing: string[] = course.protocol.initialTasks.required.filter((task) => !taskDone(course, task))
  const count = course.problemAreas.length
  if (count < 1 || count > course.protocol.problemAreas.max) missing.push('problem-areas')
  if (!course.contract) missing.push('contract')
  return missing
}

/** `owned`: the course's lists belong to the caller (replay), so they grow in place instead of being copied. */
type Step = { course: Course; issues: Issue[]; advisories: Issue[]; owned: boolean }

/** `list` with `item` at the end: pushed in place when the step owns its lists, else a copy. */
function append<T>(step: Step, list: T[], item: T): T[] {
  if (!step.owned) return [...list, item]
  list.push(item)
  return list
}

function refuse(step: Step, code: CheckCode, message: string, extra?: Parameters<typeof checkIssue>[2]): void {
  step.issues.push(checkIssue(code, message, extra))
}

function advise(step: Step, code: CheckCode, message: string, extra?: Parameters<typeof checkIssue>[2]): void {
  step.advisories.push(checkIssue(code, message, extra))
}

function sessionHeld(step: Step, event: Extract<CourseEvent, { type: 'session-held' }>) {
  const { course } = step
  const { protocol, counts, contract, plan } = course
  const limit = contract?.sessions ?? (plan?.schedule.type === 'acute' ? plan.sessions : sessionRange(protocol)?.max)
  if (limit !== undefined && counts.sessionsHeld >= limit) {
    // Each refusal names the one event that lifts it: a contract is renegotiated, else one is agreed (SCHED-3).
    const are = limit === 1 ? 'is' : 'are'
    const all = limit === 1 ? 'it was' : 'all were'
    const why = contract
      ? `${are} contracted and ${all} held: renegotiate the contract (contract-renegotiated) for more`
      : `${are} ${plan ? 'planned' : `${protocol.id}'s maximum`} and ${all} held, with no contract: agree one (contract-agreed)`
    return refuse(step, 'beyond-contract', `${counted(limit, 'session')} ${why}`, {
      params: { limit, held: counts.sessionsHeld, contracted: contract !== undefined },
    })
  }
  const number = counts.sessionsHeld + 1
  course.counts = { ...counts, sessionsHeld: number, sessionsSinceRating: counts.sessionsSinceRating + 1 }
  monitoringChecks(step, 'session', event.checks)
  reviewPoint(step)
  ratingDue(step)
  // The initial phase's overrun and termination being due are advised once, when they begin (../advice).
  const { schedule } = protocol
  if (schedule.type === 'acute' && !contract && number === schedule.phases.initialMaxSessions) {
    advise(
      step,
      'contract-missing',
      `${countedWere(number, 'session')} held, the initial phase's maximum, and there is no treatment contract yet: agree one (contract-agreed) before the middle phase`,
      { params: { session: number, initialMaxSessions: number } },
    )
  }
  const contracted = contractedSessions(course)
  for (const entry of schedule.participantsBySession) {
    const at = entry.session === 'first' ? 1 : entry.session === 'last' ? contracted : entry.session
    if (at !== number) continue
    const expected = entry.participants
    if (!event.participants) {
      advise(
        step,
        'participants-unrecorded',
        `Session ${number} expects ${expected.join(', ')}; no participants were recorded`,
        {
          params: { session: number, expected },
          rule: entry.rule,
        },
      )
    } else {
      const absent = expected.filter((participant) => !event.participants?.includes(participant))
      if (absent.length) {
        advise(step, 'participant-missing', `Session ${number} expects ${absent.join(', ')} to take part`, {
          params: { session: number, absent },
          rule: entry.rule,
        })
      }
    }
  }
}

/** The checks the protocol requires at every contact (IPT-A: suicidality and school attendance, IPTA-3). */
function monitoringChecks(step: Step, kind: string, done: readonly string[] | undefined) {
  const { eachContact, rule } = step.course.protocol.monitoring
  const absent = eachContact.filter((check) => !done?.includes(check))
  if (absent.length) {
    advise(step, 'monitoring-missing', `A ${kind} without the required checks: ${absent.join(', ')}`, {
      params: { absent },
      rule,
    })
  }
}

/** The course's ratings of one instrument, as a progress series. */
export function ratingsOf(course: Course): Rating[] {
  return course.measures.map((measure) => ({
    at: measure.at.slice(0, 10),
    instrument: measure.instrument,
    total: measure.total,
  }))
}

/** The sessions the course is contracted for: its contract, else its plan, else the protocol's default. */
function contractedSessions(course: Course): number | undefined {
  return course.contract?.sessions ?? course.plan?.sessions ?? sessionRange(course.protocol)?.default
}

/**
 * The session at which no response means reviewing the plan (MEAS-5): the protocol's share of the contracted
 * sessions, rounded up, and at least its minimum (design default half and at least 4: an 8-session course at 4, a
 * 16-session one at 8). None for a maintenance course or a protocol without a review point.
 */
function reviewAt(course: Course): number | undefined {
  const { review } = course.protocol.monitoring
  const contracted = contractedSessions(course)
  if (!review || course.protocol.schedule.type !== 'acute' || contracted === undefined) return undefined
  return Math.max(review.minSessions, Math.ceil(review.share * contracted))
}

/** No response by the protocol's review point gives an advisory to review the plan (MEAS-5). */
function reviewPoint(step: Step) {
  const { course } = step
  const point = reviewAt(course)
  if (point === undefined || course.counts.sessionsHeld !== point) return
  const progress = assessProgress(
    ratingsOf(course),
    course.measures[0] ? { instrument: course.measures[0].instrument } : {},
  )
  if (progress.response) return
  const how =
    progress.ratings < 2
      ? 'there are not enough ratings to show a response'
      : `symptoms changed by ${progress.changePercent ?? 0} %`
  advise(
    step,
    'no-response-review',
    `${counted(course.counts.sessionsHeld, 'session')} held and ${how}: review the plan (a reason to review, not a verdict)`,
    {
      params: {
        sessions: course.counts.sessionsHeld,
        contracted: contractedSessions(course),
        ratings: progress.ratings,
        changePercent: progress.changePercent,
      },
    },
  )
}

/**
 * A course without a rating for the protocol's interval (MEAS-7, default 4 sessions) is advised to rate, once when
 * the gap reaches it and again at each further interval: a fidelity gap, never a refusal.
 */
function ratingDue(step: Step) {
  const { course } = step
  const every = course.protocol.monitoring.ratingEverySessions
  const gap = course.counts.sessionsSinceRating
  if (every === undefined || gap % every !== 0) return
  advise(
    step,
    'rating-due',
    `${counted(gap, 'session')} without a rating: record one (measurement-based care rates at least every ${every === 1 ? 'session' : `${every} sessions`})`,
    { params: { sessionsWithoutRating: gap, every } },
  )
}

const formName = { 'phq-9': 'PHQ-9', 'hamd-17': 'HAM-D-17' } as const

function measureRecorded(step: Step, event: Extract<CourseEvent, { type: 'measure-recorded' }>) {
  const { course } = step
  const instrument: Instrument = event.instrument
  let total = event.total
  if (event.items) {
    const scored = instrument === 'phq-9' ? safeScorePhq9(event.items) : safeScoreHamd17(event.items)
    if (!scored.success) {
      for (const issue of scored.issues) {
        refuse(step, 'invalid-item', issue.message, {
          path: ['items', ...(issue.path ?? []).slice(1)],
          params: issue.params ?? {},
          rule: instruments[instrument].rule,
        })
      }
      return
    }
    if (total !== undefined && total !== scored.data.total) {
      return refuse(step, 'total-mismatch', `The items add up to ${scored.data.total}, not ${total}`, {
        path: ['total'],
        params: { total, sum: scored.data.total },
      })
    }
    total = scored.data.total
  } else {
    const { item, rule, text } = instruments[instrument].suicideItem
    advise(
      step,
      'suicidality-not-recorded',
      `${formName[instrument]} recorded as a total only: item ${item} (${text}) could not be checked`,
      { params: { instrument, item }, rule },
    )
  }
  const { itemMax, rule, suicideItem } = instruments[instrument]
  const maxTotal = itemMax.reduce((sum: number, max: number) => sum + max, 0)
  if (total !== undefined && total > maxTotal) {
    return refuse(step, 'invalid-item', `A ${instrument} total is at most ${maxTotal}, got ${total}`, {
      path: ['total'],
      params: { total, max: maxTotal },
      rule,
    })
  }
  const item = event.items?.[suicideItem.item - 1]
  course.counts = { ...course.counts, sessionsSinceRating: 0 }
  course.measures = append(step, course.measures, {
    at: event.at,
    instrument,
    total: total ?? 0,
    ...(item === undefined ? {} : instrument === 'phq-9' ? { item9: item } : { item3: item }),
  })
  const flag = event.items && suicideFlag(instrument, event.items)
  if (flag) {
    const { instrument, item, value, highRisk, rule } = flag
    course.safety = {
      ...course.safety,
      open: append(step, course.safety.open, { at: event.at, instrument, item, value, highRisk, rule }),
    }
  }
}

/** How a flag reads in a message: `PHQ-9 item 9 (thoughts of death or self-harm) = 3, nearly every day, high risk`. */
function describeFlag(flag: Pick<OpenFlag, 'instrument' | 'item' | 'value' | 'highRisk'>): string {
  const { text, anchors } = instruments[flag.instrument].suicideItem
  const anchor = anchors[flag.value] ?? ''
  return `${formName[flag.instrument]} item ${flag.item} (${text}) = ${flag.value}, ${anchor}${flag.highRisk ? ', high risk' : ''}`
}

/**
 * The advisory of a flag raised by a measure (MEAS-2, MEAS-6). `stored` is false when the measure was refused: the
 * clinician hears of the flag all the same, the moment it is entered (ipt-reference §8a).
 */
function flagRaised(flag: SafetyFlag, at: unknown, stored: boolean): Issue {
  const { instrument, item, value, highRisk, rule, loinc } = flag
  return checkIssue(
    'suicidality-flag',
    `${describeFlag(flag)}: review safety now${stored ? '' : '. The measure was refused, so this flag is not stored in the course'}`,
    {
      params: {
        instrument,
        item,
        value,
        highRisk,
        stored,
        ...(typeof at === 'string' ? { at } : {}),
        ...(loinc ? { loinc } : {}),
      },
      rule,
    },
  )
}

/**
 * The flag a `measure-recorded` event carries, read from the event as given (it may have failed validation): its
 * suicide item when present and in range, whatever else is wrong with it (ipt-reference §8a).
 */
export function flagOfEvent(event: unknown): SafetyFlag | undefined {
  if (typeof event !== 'object' || event === null) return undefined
  const { type, instrument, items } = event as Record<string, unknown>
  if (type !== 'measure-recorded' || (instrument !== 'phq-9' && instrument !== 'hamd-17') || !Array.isArray(items))
    return undefined
  return suicideFlag(instrument, items)
}

/** The advisory of the flag a refused `measure-recorded` event carries, if any. */
export function refusedFlag(event: unknown): Issue[] {
  const flag = flagOfEvent(event)
  return flag ? [flagRaised(flag, (event as { at?: unknown }).at, false)] : []
}

function phoneContactHeld(step: Step, event: Extract<CourseEvent, { type: 'phone-contact-held' }>) {
  const { course } = step
  course.counts = { ...course.counts, phoneContactsHeld: course.counts.phoneContactsHeld + 1 }
  monitoringChecks(step, 'phone contact', event.checks)
  const extra = course.protocol.schedule.extraContacts.find((contact) => contact.kind === 'phone-contact')
  const after = course.counts.sessionsHeld
  if (extra?.placement.type !== 'after-sessions') {
    return advise(step, 'contact-outside-window', `${course.protocol.id} plans no phone contacts between sessions`, {
      params: { afterSession: after },
    })
  }
  const { fromSession, toSession } = extra.placement
  if (after < fromSession || after > toSession) {
    advise(
      step,
      'contact-outside-window',
      `Phone contacts belong after ${numbered('session', fromSession, toSession)}; this one follows session ${after}`,
      {
        params: { afterSession: after, fromSession, toSession },
        rule: extra.rule,
      },
    )
  }
}

function areasAgreed(step: Step, areas: ProblemArea[]) {
  const { course } = step
  if (course.phase !== 'initial' && course.problemAreas.length) {
    return refuse(
      step,
      'focus-change-needs-renegotiation',
      'The problem areas were agreed; after the initial phase a change of focus is a contract renegotiation',
      {
        params: { phase: course.phase },
      },
    )
  }
  step.issues.push(...areaIssues(course.protocol, areas, 'areas'))
  if (!step.issues.length) course.problemAreas = [...areas]
}

function contractAgreed(step: Step, sessions: number, at: string) {
  const { course } = step
  if (course.contract) {
    return refuse(step, 'contract-exists', 'A contract exists; change it with contract-renegotiated', {
      params: { sessions: course.contract.sessions },
    })
  }
  const range = sessionRange(course.protocol)
  if (range && (sessions < range.min || sessions > range.max)) {
    refuse(
      step,
      'sessions-out-of-range',
      `${course.protocol.id} contracts ${countedRange(range.min, range.max, 'session')}, got ${sessions}`,
      {
        path: ['sessions'],
        params: { sessions, ...range },
      },
    )
  }
  if (sessions < course.counts.sessionsHeld) {
    refuse(step, 'contract-below-held', `${countedWere(course.counts.sessionsHeld, 'session')} already held`, {
      path: ['sessions'],
      params: { sessions, held: course.counts.sessionsHeld },
    })
  }
  if (!step.issues.length) course.contract = { sessions, agreedAt: at, renegotiations: 0 }
}

function contractRenegotiated(step: Step, event: Extract<CourseEvent, { type: 'contract-renegotiated' }>) {
  const { course } = step
  const { sessions, areas } = event
  if (sessions !== undefined) {
    if (!course.contract)
      refuse(step, 'no-contract', 'There is no contract to renegotiate; agree one first', { path: ['sessions'] })
    else if (sessions < course.counts.sessionsHeld) {
      refuse(step, 'contract-below-held', `${countedWere(course.counts.sessionsHeld, 'session')} already held`, {
        path: ['sessions'],
        params: { sessions, held: course.counts.sessionsHeld },
      })
    }
  }
  if (areas !== undefined) {
    if (!course.problemAreas.length)
      refuse(step, 'no-areas-agreed', 'No problem areas were agreed; agree them first', { path: ['areas'] })
    step.issues.push(...areaIssues(course.protocol, areas, 'areas'))
  }
  if (step.issues.length) return
  if (areas) course.problemAreas = [...areas]
  if (sessions !== undefined && course.contract) {
    course.contract = { ...course.contract, sessions, renegotiations: course.contract.renegotiations + 1 }
    const range = sessionRange(course.protocol)
    if (range && (sessions < range.min || sessions > range.max)) {
      advise(
        step,
        'beyond-protocol-range',
        `A contract of ${counted(sessions, 'session')} lies outside ${course.protocol.id}'s range (${rangeText(range.min, range.max)}): a protocol deviation`,
        { params: { sessions, ...range } },
      )
    }
  }
}

function phaseChange(step: Step, event: CourseEvent, to: CoursePhase) {
  const { course } = step
  if (event.type === 'phase-advanced' && course.phase === to) {
    return refuse(step, 'already-in-phase', `The course is already in the ${to} phase`, {
      rule: ruleOfTransition(event.type, to),
      params: { phase: to },
    })
  }
  const transition = phaseTransitions.find(
    (candidate) => candidate.event === event.type && candidate.to === to && candidate.from.includes(course.phase),
  )
  if (!transition) {
    return refuse(step, 'transition-not-allowed', `No ${event.type} from ${course.phase} to ${to}`, {
      rule: ruleOfTransition(event.type, to),
      params: { from: course.phase, to },
    })
  }
  if (transition.guards.includes('precondition-missing')) {
    for (const missing of missingForMiddle(course)) {
      refuse(
        step,
        'precondition-missing',
        `The middle phase needs ${missing === 'contract' ? 'a treatment contract' : missing === 'problem-areas' ? countedRange(1, course.protocol.problemAreas.max, 'agreed problem area') : taskName[missing as InitialTask]}`,
        {
          params: { missing },
        },
      )
    }
  }
  if (step.issues.length) return
  if (transition.advisories.includes('initial-tasks-advised')) {
    // The tasks PHASE-2 advises but the protocol does not require: one advisory lists those not done.
    const advised = course.protocol.initialTasks.advised.filter((task) => !taskDone(course, task))
    if (advised.length) {
      advise(
        step,
        'initial-tasks-advised',
        `The middle phase starts without ${advised.map((task) => taskName[task]).join(', ')}: the initial phase advises them (PHASE-2)`,
        { params: { missing: advised } },
      )
    }
  }
  if (transition.advisories.includes('new-acute-course')) {
    advise(
      step,
      'new-acute-course',
      'A recurrence ends the maintenance course: it calls for acute treatment, a new acute course (intensified IPT) and/or medication; startNextCourse starts the new course, linked to this one',
    )
  }
  if (transition.advisories.includes('phases-skipped')) {
    const skipped = course.phase === 'initial' ? ['middle', 'termination'] : ['termination']
    advise(step, 'phases-skipped', `Completed from the ${course.phase} phase: ${skipped.join(' and ')} skipped`, {
      params: { from: course.phase, skipped },
    })
  }
  if (
    transition.advisories.includes('contract-not-fulfilled') &&
    course.contract &&
    course.counts.sessionsHeld < course.contract.sessions
  ) {
    advise(
      step,
      'contract-not-fulfilled',
      `${course.counts.sessionsHeld} of the ${counted(course.contract.sessions, 'contracted session')} ${course.counts.sessionsHeld === 1 ? 'was' : 'were'} held`,
      {
        params: { held: course.counts.sessionsHeld, contracted: course.contract.sessions },
      },
    )
  }
  if (transition.advisories.includes('safety-flag-open-at-end') && course.safety.open.length) {
    const count = course.safety.open.length
    advise(
      step,
      'safety-flag-open-at-end',
      `The course ends with ${count} open safety flag${count === 1 ? '' : 's'}: ${count === 1 ? 'it stays' : 'they stay'} open until a safety review, which the ${to} course still accepts`,
      { params: { open: count, phase: to }, rule: course.safety.open[0]?.rule },
    )
  }
  course.phase = to
}

/** What the open flags come to: how many, the earliest, and the one of highest risk (high risk first, then value). */
interface OpenSummary {
  count: number
  earliest: OpenFlag
  highest: OpenFlag
}

/**
 * Summaries of open-flag lists, by list. Flags are only ever appended to a list (a review replaces it), so a
 * summary of the first `count` flags is extended by the ones added since: replay, which grows one list in place,
 * pays for each flag once, not at every event.
 */
const summaries = new WeakMap<readonly OpenFlag[], OpenSummary>()

function summarise(open: readonly OpenFlag[]): OpenSummary | undefined {
  const [first] = open
  if (!first) return undefined
  let summary = summaries.get(open) ?? { count: 1, earliest: first, highest: first }
  for (let index = summary.count; index < open.length; index++) {
    const flag = open[index] as OpenFlag
    const { highest } = summary
    const higher = flag.highRisk !== highest.highRisk ? flag.highRisk : flag.value > highest.value
    summary = { count: index + 1, earliest: summary.earliest, highest: higher ? flag : highest }
  }
  summaries.set(open, summary)
  return summary
}

/**
 * The open safety flags, repeated on every event until a safety review (MEAS-2, MEAS-6): nothing suppresses them.
 * One advisory carries them all (their count, the earliest and the one of highest risk), so that a long log
 * gives one advisory per event, not one per flag per event.
 */
export function safetyPending(course: Pick<Course, 'safety'>): Issue[] {
  const summary = summarise(course.safety.open)
  if (!summary) return []
  const { count, earliest, highest } = summary
  const from = `${earliest.at}${earliest.courseId ? ` in course ${earliest.courseId}` : ''}`
  const message =
    count === 1
      ? `A safety flag awaits a safety review: ${describeFlag(earliest)}, from ${from}`
      : `${count} safety flags await a safety review, the first from ${from}; the highest: ${describeFlag(highest)}`
  return [
    checkIssue('safety-review-pending', message, {
      params: {
        open: count,
        since: earliest.at,
        highRisk: highest.highRisk,
        instrument: highest.instrument,
        item: highest.item,
        value: highest.value,
        ...(earliest.courseId ? { courseId: earliest.courseId } : {}),
      },
      rule: highest.rule,
    }),
  ]
}

const OpenFlagsSchema = /* @__PURE__ */ (() => z.array(OpenFlagSchema))()

/**
 * The open flags of a record that is not a valid course, where they can still be read: a course refused for
 * another field still reports its open flags (ipt-reference §8a).
 */
export function pendingOf(record: unknown): Issue[] {
  const open = (record as { safety?: { open?: unknown } } | null | undefined)?.safety?.open
  const checked = safeParseWith(OpenFlagsSchema, open)
  return checked.success ? safetyPending({ safety: { open: checked.data, reviews: [] } }) : []
}

/**
 * A course handed on to the next course of the pathway (maintenance, continuation, a new acute course after a
 * recurrence): `next` linked to `previous`, with the open flags of `previous` copied into it (each naming the
 * course that raised it), and one `safety-flag-carried` advisory for each (ipt-reference §8a). The new course then
 * repeats them on every event until a safety review.
 */
export function handOn(previous: Course, next: Course): { course: Course; advisories: Issue[] } {
  const open = previous.safety.open.map((flag) => ({ ...flag, courseId: flag.courseId ?? previous.id }))
  const course: Course = {
    ...next,
    linkedCourseId: previous.id,
    safety: { ...next.safety, open: [...next.safety.open, ...open] },
  }
  const advisories = open.map((flag) =>
    checkIssue(
      'safety-flag-carried',
      `An open safety flag from course ${flag.courseId} (${describeFlag(flag)}, ${flag.at}) is carried into ${next.id}: review safety`,
      {
        params: {
          since: flag.at,
          courseId: flag.courseId,
          instrument: flag.instrument,
          item: flag.item,
          value: flag.value,
          highRisk: flag.highRisk,
        },
        rule: flag.rule,
      },
    ),
  )
  return { course, advisories }
}

function safetyReviewed(step: Step, event: Extract<CourseEvent, { type: 'safety-reviewed' }>) {
  const { course } = step
  const { at, outcome, note } = event
  course.safety = {
    open: [],
    reviews: append(step, course.safety.reviews, {
      at,
      outcome,
      ...(note === undefined ? {} : { note }),
      closed: course.safety.open,
    }),
  }
}

/** The offset an ISO instant is written with: `'Z'` or `'±HH:mm'`. */
const offsetOf = (instant: string) => (instant.endsWith('Z') ? 'Z' : instant.slice(-6))

/**
 * Whether instant `a` comes before instant `b`. Two instants of the same length and offset compare as text (their
 * fields line up), which saves parsing both at every event of a log; any others are parsed.
 */
function isEarlier(a: string, b: string): boolean {
  return a.length === b.length && offsetOf(a) === offsetOf(b) ? a < b : Date.parse(a) < Date.parse(b)
}

/**
 * Applies one schema-valid event to a schema-valid course (no validation here): the shared step of
 * {@link applyEvent} and {@link replay}. `owned` says the course's lists (events, measures, safety flags) belong
 * to the caller and may grow in place: replay owns them, so that a long log is not copied at every event.
 */
export function step(previous: Course, event: CourseEvent, owned = false, options: EventOptions = {}): ApplyResult {
  const step: Step = { course: { ...previous }, issues: [], advisories: [], owned }
  const { course } = step
  const last = previous.events.at(-1)
  if (terminal.includes(previous.phase) && event.type !== 'safety-reviewed') {
    refuse(step, 'course-ended', `The course is ${previous.phase}; start a new course instead`, {
      params: { phase: previous.phase },
    })
  } else if (last && isEarlier(event.at, last.at)) {
    refuse(step, 'event-out-of-order', `${event.at} is before the last event (${last.at})`, {
      path: ['at'],
      params: { at: event.at, last: last.at },
    })
  } else {
    apply(step, event)
  }
  // The course's plan follows its events (SCHED-6); a course without a plan keeps none.
  const planned = step.issues.length ? undefined : planStep(course, event, options)
  if (planned) {
    step.issues.push(...planned.issues)
    step.advisories.push(...planned.advisories)
  }
  if (step.issues.length || !planned) {
    return { ok: false, issues: step.issues, advisories: [...refusedFlag(event), ...safetyPending(previous)] }
  }
  if (planned.plan) course.plan = planned.plan
  step.advisories.push(...eventAdvice(previous, course, event))
  const flag = flagOfEvent(event)
  course.events = append(step, previous.events, planned.event)
  return {
    ok: true,
    course,
    advisories: [...(flag ? [flagRaised(flag, event.at, true)] : []), ...step.advisories, ...safetyPending(course)],
  }
}

/** The event's own checks and changes (the course is neither ended nor is the event out of order). */
function apply(step: Step, event: CourseEvent): void {
  const { course } = step
  switch (event.type) {
    case 'session-held':
      sessionHeld(step, event)
      break
    case 'session-missed':
      course.counts = { ...course.counts, sessionsMissed: course.counts.sessionsMissed + 1 }
      break
    case 'session-cancelled':
      course.counts = { ...course.counts, sessionsCancelled: course.counts.sessionsCancelled + 1 }
      break
    case 'phone-contact-missed':
      break
    case 'closure-recorded':
      if (event.from > event.to) {
        refuse(step, 'invalid-range', `The closure ends (${event.to}) before it starts (${event.from})`, {
          path: ['to'],
          params: { from: event.from, to: event.to },
        })
      }
      break
    case 'phone-contact-held':
      phoneContactHeld(step, event)
      break
    case 'inventory-completed':
      course.initialTasks = { inventory: event.at, ...course.initialTasks }
      break
    case 'task-completed':
      // The first record of a task stands (PHASE-2); recording it again changes nothing.
      course.initialTasks = { [event.task]: event.at, ...course.initialTasks }
      break
    case 'problem-areas-agreed':
      areasAgreed(step, event.areas)
      break
    case 'contract-agreed':
      contractAgreed(step, event.sessions, event.at)
      break
    case 'contract-renegotiated':
      contractRenegotiated(step, event)
      break
    case 'phase-advanced':
      phaseChange(step, event, event.to)
      break
    case 'course-completed':
      phaseChange(step, event, 'completed')
      break
    case 'course-discontinued':
    case 'recurrence-detected':
      phaseChange(step, event, 'discontinued')
      break
    case 'measure-recorded':
      measureRecorded(step, event)
      break
    case 'safety-reviewed':
      safetyReviewed(step, event)
      break
  }
}
