import * as z from 'zod/mini'
import { type Issue, issuesOf, makeIssue, ProtocolError, type SafeResult, safeParseWith } from '../issues/index.js'
import { rangeText } from '../issues/words.js'
import { suicideFlag } from '../measures/index.js'
import { decidedByData } from '../protocol/applied.js'
import { withRules } from '../protocol/define.js'
import type { Protocol } from '../protocol/index.js'
import type { RuleId } from '../rules/index.js'
import { type CoursePlan, CoursePlanSchema } from '../schedule/index.js'
import { type ApplyResult, createCourse, pendingOf, refusedFlag, safetyPending, step } from './apply.js'
import { type EventOptions, planStep } from './plan-sync.js'
import { checkIssue } from './rules.js'
import { type Course, type CourseEvent, CourseEventSchema, CourseSchema, type EventType, eventTypes } from './schema.js'

/**
 * Applies one event to a course and returns the next course with its advisories, or the issues that refused it;
 * every issue and advisory carries a `code`, a `message` and, where a rule applies, its `rule` id. Safety comes
 * first (ipt-reference §8a): a measure whose suicide item is above 0 gives a `suicidality-flag` advisory even when
 * it is refused, open flags are repeated with every result, and a completed or discontinued course still accepts
 * `safety-reviewed`, the one event an ended course takes. Pure: the input
 * course is never changed, and it never throws, even for input that fails validation (that gives issues too).
 * Phases change only through `phase-advanced`, `course-completed` and `course-discontinued`; the library advises,
 * it never moves a course on its own.
 *
 * @example
 * ```ts
 * const result = applyEvent(course, { type: 'phase-advanced', at: '2027-03-22T10:00:00-04:00', to: 'middle' })
 * if (!result.ok) result.issues // [{ code: 'precondition-missing', rule: 'PHASE-3', params: { missing: 'contract' }, … }]
 * ```
 */
export function applyEvent(course: Course, event: CourseEvent, options: EventOptions = {}): ApplyResult {
  const checkedCourse = safeParseWith(CourseSchema, course, ['course'])
  const checkedEvent = safeParseWith(CourseEventSchema, event, ['event'])
  const checkedOptions = safeParseWith(EventOptionsSchema, options, ['options'])
  if (!checkedCourse.success || !checkedEvent.success || !checkedOptions.success) {
    const advisories = [
      ...refusedFlag(event),
      ...(checkedCourse.success ? safetyPending(checkedCourse.data) : pendingOf(course)),
    ]
    return { ok: false, issues: issuesOf(checkedCourse, checkedEvent, checkedOptions), advisories }
  }
  if (checkedEvent.data.type === 'safety-reviewed' && checkedEvent.data.outcome === 'not-recorded') {
    // Only a migrated review has no outcome; a review recorded now says what it concluded (ipt-reference §8a).
    const issue = checkIssue(
      'outcome-required',
      'A safety review records its outcome: no-current-risk, safety-plan, referred or emergency-care',
      {
        path: ['event', 'outcome'],
        params: { outcomes: ['no-current-risk', 'safety-plan', 'referred', 'emergency-care'] },
      },
    )
    return { ok: false, issues: [issue], advisories: safetyPending(checkedCourse.data) }
  }
  return step(checkedCourse.data, checkedEvent.data, false, checkedOptions.data)
}

const EventOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({ toleranceDays: z.optional(z.int().check(z.gte(0)).check(z.lte(28))) }))()

/**
 * The result of {@link replay}: the course after every event and all advisories (each with the index of its
 * event in `params.event`), or the issues of the first refused event (paths start with `['events', index]`) with
 * the advisories up to and including it.
 *
 * @example
 * ```ts
 * const result: ReplayResult = replay(protocols.ipt, [], { id: 'course-1' })
 * ```
 */
export type ReplayResult =
  | { ok: true; course: Course; advisories: Issue[] }
  | { ok: false; issues: Issue[]; index: number; advisories: Issue[] }

/** An event log as `replay` accepts it: at most ten million events (a design choice: a bound on work). */
const EventLogSchema = /* @__PURE__ */ (() => z.array(CourseEventSchema).check(z.maxLength(10_000_000)))()

/**
 * Folds an event log into a course: exactly what creating the course (with `options.plan`, if given) and applying
 * the events one by one (with `options.toleranceDays`) gives. The events are validated once, up front.
 *
 * @example
 * ```ts
 * const result = replay(protocols.ipt, storedEvents, { id: 'course-1' })
 * if (result.ok) result.course.phase
 * ```
 */
export function replay(
  protocol: Protocol,
  events: readonly CourseEvent[],
  options: { id: string; plan?: CoursePlan } & EventOptions,
): ReplayResult {
  let course: Course
  const { toleranceDays, ...create } = (options ?? {}) as typeof options
  const checkedOptions = safeParseWith(EventOptionsSchema, toleranceDays === undefined ? {} : { toleranceDays }, [
    'options',
  ])
  try {
    if (!checkedOptions.success) throw new ProtocolError(checkedOptions.issues)
    course = createCourse(protocol, create)
  } catch (error) {
    if (error instanceof ProtocolError) {
      return { ok: false, issues: error.issues, index: -1, advisories: flagsFrom(events, 0) }
    }
    throw error
  }
  const checked = safeParseWith(EventLogSchema, events, ['events'])
  // The events before the first malformed one are valid: they are folded first, so that the first problem in the
  // log is reported, whether the schema or the rules find it.
  const malformed = checked.success
    ? -1
    : (checked.issues.map((issue) => issue.path?.[1]).find((at) => typeof at === 'number') ?? -1)
  const prefix = !checked.success && malformed > 0 ? safeParseWith(EventLogSchema, events.slice(0, malformed)) : checked
  const valid = prefix.success ? prefix.data : []
  const advisories: Issue[] = []
  for (const [index, event] of valid.entries()) {
    // The course and its lists were made here (createCourse and the steps), so the steps may extend them in place.
    const result = step(course, event, true, checkedOptions.data)
    for (const advisory of result.advisories)
      advisories.push({ ...advisory, params: { ...advisory.params, event: index } })
    if (!result.ok) {
      const issues = result.issues.map((issue) => ({ ...issue, path: ['events', index, ...(issue.path ?? [])] }))
      return { ok: false, issues, index, advisories: [...advisories, ...flagsFrom(events, index + 1)] }
    }
    course = result.course
  }
  if (!checked.success) {
    return {
      ok: false,
      issues: checked.issues,
      index: malformed,
      advisories: [...advisories, ...flagsFrom(events, Math.max(malformed, 0))],
    }
  }
  return { ok: true, course, advisories }
}

/**
 * The flags of the events from `from` on, which a refused log leaves unapplied: each still reaches the clinician
 * (ipt-reference §8a), with the index of its event.
 */
function flagsFrom(events: unknown, from: number): Issue[] {
  if (!Array.isArray(events)) return []
  return events
    .slice(from)
    .flatMap((event, offset) =>
      refusedFlag(event).map((advisory) => ({ ...advisory, params: { ...advisory.params, event: from + offset } })),
    )
}

/** A typical event of each type, to ask the guards whether that type is possible now. */
function probe(course: Course, type: EventType): CourseEvent {
  const at = course.events.at(-1)?.at ?? '2000-01-01T00:00:00Z'
  const { schedule, problemAreas } = course.protocol
  const sessions = course.contract?.sessions ?? (schedule.type === 'acute' ? schedule.sessions.default : 1)
  const area = course.problemAreas[0] ?? problemAreas.allowed[0] ?? 'grief'
  switch (type) {
    case 'problem-areas-agreed':
      return { type, at, areas: [area] }
    case 'contract-agreed':
      return { type, at, sessions: Math.max(sessions, course.counts.sessionsHeld) }
    case 'contract-renegotiated':
      return { type, at, sessions: Math.max(sessions, course.counts.sessionsHeld), reason: 'probe' }
    case 'phase-advanced':
      return { type, at, to: course.phase === 'middle' ? 'termination' : 'middle' }
    case 'measure-recorded':
      return { type, at, instrument: 'phq-9', total: 0 }
    case 'task-completed':
      return { type, at, task: 'diagnosis' }
    case 'safety-reviewed':
      return { type, at, outcome: 'no-current-risk' }
    case 'closure-recorded':
      return { type, at, from: at.slice(0, 10), to: at.slice(0, 10) }
    case 'course-discontinued':
      return { type, at, reason: 'other' }
    default:
      return { type, at }
  }
}

/**
 * What can happen next: the event types the guards accept now, and for every other type the reason it is refused
 * (with its rule id). `phase-advanced` is judged for the next phase (initial → middle, middle → termination).
 *
 * @example
 * ```ts
 * const { allowed, refused } = allowedEvents(createCourse(protocols.ipt, { id: 'c' }))
 * refused.find((r) => r.type === 'phase-advanced') // { type: 'phase-advanced', reason: 'The middle phase needs …', rule: 'PHASE-3' }
 * ```
 */
export function allowedEvents(course: Course): {
  allowed: EventType[]
  refused: Array<{ type: EventType; code: string; reason: string; rule?: string }>
} {
  const checked = safeParseWith(CourseSchema, course, ['course'])
  if (!checked.success) {
    const [issue] = checked.issues
    return {
      allowed: [],
      refused: eventTypes.map((type) => ({
        type,
        code: issue?.code ?? 'invalid',
        reason: issue?.message ?? 'Invalid course',
      })),
    }
  }
  const allowed: EventType[] = []
  const refused: Array<{ type: EventType; code: string; reason: string; rule?: string }> = []
  for (const type of eventTypes) {
    const result = step(checked.data, probe(checked.data, type))
    if (result.ok) allowed.push(type)
    else {
      const [issue] = result.issues
      refused.push({
        type,
        code: issue?.code ?? 'refused',
        reason: issue?.message ?? '',
        ...(issue?.rule ? { rule: issue.rule } : {}),
      })
    }
  }
  return { allowed, refused }
}

/** The schema versions a stored course may have, and how each older one becomes the next. */
export interface Migration {
  from: number
  migrate: (record: Record<string, unknown>) => Record<string, unknown>
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Version 1 → 2 (ipt-reference §8a): a stored flag names its instrument, item and rule (version 1 knew only PHQ-9
 * item 9); the HAM-D-17 measures of the log keep their item 3, and those after the last review that version 1 left
 * unflagged are flagged now (MEAS-6), as a replay of the log would; `lastReviewedAt` becomes the list of reviews;
 * a review stored without an outcome records `'not-recorded'`. Builds new objects: the stored record is never
 * changed. A field of another shape is left as it is, for the schema to report.
 */
/** When a stored flag was raised, for ordering (an unreadable one sorts first and is left to the schema). */
const timeOf = (flag: unknown) => (isObject(flag) && typeof flag.at === 'string' ? Date.parse(flag.at) || 0 : 0)

function fromVersion1(record: Json): Json {
  const { lastReviewedAt, ...safety } = isObject(record.safety) ? record.safety : {}
  const events = Array.isArray(record.events)
    ? record.events.map((event: unknown) =>
        isObject(event) && event.type === 'safety-reviewed' && event.outcome === undefined
          ? { ...event, outcome: 'not-recorded' }
          : event,
      )
    : []
  const measureEvents = events.filter((event): event is Json => isObject(event) && event.type === 'measure-recorded')
  const hamdItems = (event: Json | undefined) =>
    event?.instrument === 'hamd-17' && Array.isArray(event.items) ? event.items : undefined
  const measures = Array.isArray(record.measures)
    ? record.measures.map((measure: unknown, index) => {
        const item3 = hamdItems(measureEvents[index])?.[2]
        return isObject(measure) && typeof item3 === 'number' ? { ...measure, item3 } : measure
      })
    : record.measures
  const lastReview = events.findLastIndex((event) => isObject(event) && event.type === 'safety-reviewed')
  const hamdFlags = events.slice(lastReview + 1).flatMap((event) => {
    const items = isObject(event) ? hamdItems(event) : undefined
    const flag = items && suicideFlag('hamd-17', items)
    if (!flag || !isObject(event)) return []
    const { instrument, item, value, highRisk, rule } = flag
    return [{ at: event.at, instrument, item, value, highRisk, rule }]
  })
  const open = Array.isArray(safety.open)
    ? [
        ...safety.open.map((flag: unknown) =>
          isObject(flag) ? { at: flag.at, instrument: 'phq-9', item: 9, rule: 'MEAS-2', ...flag } : flag,
        ),
        ...hamdFlags,
      ].sort((a, b) => timeOf(a) - timeOf(b))
    : safety.open
  const reviews = lastReviewedAt === undefined ? [] : [{ at: lastReviewedAt, outcome: 'not-recorded', closed: [] }]
  return {
    ...record,
    schemaVersion: 2,
    measures,
    safety: { ...safety, open, reviews },
    events: Array.isArray(record.events) ? events : record.events,
  }
}

/**
 * A stored protocol snapshot with its rules derived from its own data (issue 13): the rules the data decide are
 * listed exactly when the snapshot's data apply them (so a group snapshot of 8 sessions no longer lists SCHED-1),
 * and the rules no data decide (READY-2 … READY-8, MAINT-5) stay as stored. The data are not changed, so the course
 * keeps its meaning. A snapshot that is not a valid protocol is left as it is, for the schema to report.
 */
function rulesFromData(snapshot: unknown): unknown {
  if (!isObject(snapshot) || !Array.isArray(snapshot.rules)) return snapshot
  const kept = snapshot.rules.filter((rule) => typeof rule !== 'string' || !decidedByData(rule as RuleId))
  const derived = withRules({ ...snapshot, rules: kept })
  return derived.success ? derived.data : snapshot
}

/**
 * A version 2 snapshot's fixed review point (`monitoring.reviewAfterSessions`, default 8, applied when the snapshot
 * listed MEAS-5) as a version 3 one: `{ share: 0, minSessions }` reviews at exactly that session, as before; a
 * snapshot that did not apply MEAS-5, or a maintenance one, gets none. So the stored course is reviewed when it was
 * going to be, not at the new default (half the contract).
 */
function reviewFromVersion2(snapshot: unknown): unknown {
  if (!isObject(snapshot)) return snapshot
  const { reviewAfterSessions = 8, ...monitoring } = isObject(snapshot.monitoring)
    ? snapshot.monitoring
    : { eachContact: [] }
  if (typeof reviewAfterSessions !== 'number') return snapshot
  const applied =
    Array.isArray(snapshot.rules) &&
    snapshot.rules.includes('MEAS-5') &&
    isObject(snapshot.schedule) &&
    snapshot.schedule.type === 'acute'
  const review = applied ? { review: { share: 0, minSessions: reviewAfterSessions } } : {}
  // Version 2 required the inventory before the middle phase and advised nothing else; it had no rating interval.
  const initialTasks = snapshot.initialTasks ?? { required: ['inventory'], advised: [] }
  return { ...snapshot, monitoring: { ...review, ...monitoring }, initialTasks }
}

/** The sessions held since the log's last accepted rating (MEAS-7), counted from the stored events. */
function sessionsSinceRating(events: unknown): number {
  let count = 0
  if (Array.isArray(events)) {
    for (const event of events) {
      if (!isObject(event)) continue
      if (event.type === 'session-held') count++
      else if (event.type === 'measure-recorded') count = 0
    }
  }
  return count
}

/**
 * Version 2 → 3 (issue 13): the protocol snapshot's review point becomes protocol data of the new shape, keeping
 * the session it fell on (MEAS-5); the snapshot requires the inventory and advises no other initial task, and has
 * no rating interval, as version 2 did (PHASE-2, MEAS-7); its rules follow its data. The course records its
 * initial tasks (`inventoryCompletedAt` becomes `initialTasks.inventory`) and counts the sessions since its last
 * rating from its log. Builds new objects: the stored record is never changed.
 */
function fromVersion2(record: Json): Json {
  const { inventoryCompletedAt, ...rest } = record
  const counts = isObject(record.counts)
    ? { ...record.counts, sessionsSinceRating: sessionsSinceRating(record.events) }
    : record.counts
  return {
    ...rest,
    schemaVersion: 3,
    protocol: rulesFromData(reviewFromVersion2(record.protocol)),
    initialTasks: inventoryCompletedAt === undefined ? {} : { inventory: inventoryCompletedAt },
    counts,
  }
}

const StoredPlanSchema = /* @__PURE__ */ (() => z.optional(CoursePlanSchema))()

/**
 * Version 3 → 4 (issue 14): the course's plan follows its events (SCHED-6). Version 3 left the plan as it was
 * made (or as the host rescheduled it), so the log is brought into it as version 4 would have: each held contact
 * event fills the next due contact of its kind, which the plan records as held; a missed or cancelled one first
 * takes a contact the host already recorded so in the plan, else the next due one, and moves what follows; a
 * contract for another number of sessions resizes the plan. Each event records the contact it filled, and the
 * protocol snapshot's rules follow its data (SCHED-7, which issue 15 derives from the attendance data). A plan
 * that cannot take the log (no free slot left) keeps what it took so far. Builds new objects.
 */
function fromVersion3(record: Json): Json {
  // The snapshot lists the rules its data apply, as every version does (issue 15 made SCHED-7 one of them).
  const upgraded = { ...record, schemaVersion: 4, protocol: rulesFromData(record.protocol) }
  const plan = safeParseWith(StoredPlanSchema, record.plan)
  const log = safeParseWith(EventLogSchema, record.events)
  if (!plan.success || !plan.data || !log.success) return upgraded
  let state: Pick<Course, 'plan' | 'contract'> = { plan: plan.data }
  const claimed = new Set<string>()
  const events = log.data.map((event) => {
    if (event.type === 'contract-agreed' || event.type === 'contract-renegotiated') {
      const sessions = event.sessions ?? state.contract?.sessions
      if (sessions !== undefined) state = { ...state, contract: { sessions, agreedAt: event.at, renegotiations: 0 } }
    }
    const recorded =
      (event.type === 'session-missed' || event.type === 'session-cancelled') &&
      state.plan?.contacts.find(
        (contact) =>
          contact.kind !== 'phone-contact' && contact.status === event.type.slice(8) && !claimed.has(contact.id),
      )
    if (recorded) {
      claimed.add(recorded.id)
      return { ...event, contactId: recorded.id }
    }
    const synced = planStep(state as Course, event, {})
    if (synced.issues.length) return event
    if (synced.plan !== state.plan) state = { ...state, plan: synced.plan }
    return synced.event
  })
  return { ...upgraded, plan: state.plan, events }
}

/** How each older schema version becomes the next. */
export const courseMigrations: readonly Migration[] = [
  { from: 1, migrate: fromVersion1 },
  { from: 2, migrate: fromVersion2 },
  { from: 3, migrate: fromVersion3 },
]

/** The newest course schema version. */
export const COURSE_SCHEMA_VERSION = 4

/** A value as a short, always JSON-safe description for a message. */
function describe(value: unknown): string | number {
  return typeof value === 'number' || typeof value === 'string' ? value : typeof value
}

/** Brings a stored record up to `current` through `migrations`, or says why it cannot. */
export function migrate(record: unknown, migrations: readonly Migration[], current: number): SafeResult<unknown> {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { success: false, issues: [makeIssue('invalid-type', 'A stored course is a JSON object', { path: [] })] }
  }
  let migrated = record as Record<string, unknown>
  let version = migrated.schemaVersion
  for (let steps = 0; version !== current; steps++) {
    const migration = migrations.find((candidate) => candidate.from === version)
    if (!migration || steps > migrations.length) {
      return {
        success: false,
        issues: [
          makeIssue(
            'unknown-schema-version',
            `${version === undefined ? 'The course has no schemaVersion' : `Cannot read a course of schemaVersion ${describe(version)}`}; this version reads ${rangeText(1, current)}`,
            {
              path: ['schemaVersion'],
              params: { found: describe(version), newest: current },
            },
          ),
        ],
      }
    }
    migrated = migration.migrate(migrated)
    version = migrated.schemaVersion
  }
  return { success: true, data: migrated }
}

/**
 * Reads a stored course (a parsed JSON value or a JSON string) like {@link parseCourse}, returning
 * `{ success, data | issues }`.
 *
 * @example
 * ```ts
 * const result = safeParseCourse(localStorage.getItem('course-1'))
 * if (!result.success) console.log(result.issues)
 * ```
 */
export function safeParseCourse(json: unknown): SafeResult<Course> {
  let value = json
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json)
    } catch {
      return {
        success: false,
        issues: [makeIssue('invalid-json', 'The stored course is not valid JSON', { path: [] })],
      }
    }
  }
  const migrated = migrate(value, courseMigrations, COURSE_SCHEMA_VERSION)
  return migrated.success ? safeParseWith(CourseSchema, migrated.data) : migrated
}

/**
 * Reads a stored course: validates it, migrates an older `schemaVersion`, and throws {@link ProtocolError} with
 * an `unknown-schema-version` issue for a version it does not know.
 *
 * @example
 * ```ts
 * const course = parseCourse(await storage.load('course-1'))
 * ```
 */
export function parseCourse(json: unknown): Course {
  const result = safeParseCourse(json)
  if (!result.success) throw new ProtocolError(result.issues)
  return result.data
}
