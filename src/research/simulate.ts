/**
 * simulateCohort: seeded cohorts of simulated courses, each made by the library's own lifecycle from a plan
 * (planCourse, the contract, held, missed and cancelled sessions, phase changes at the protocol's bounds,
 * completion or drop-out), so that a simulated course is an ordinary course. Lazy: a million courses stream in
 * constant memory. No outcome model is built in; a researcher may pass one.
 */
import * as z from 'zod/mini'
import { addToDate } from '../calendar/arithmetic.js'
import {
  type Blackout,
  BlackoutSchema,
  type CalendarDate,
  CalendarDateSchema,
  daysFrom,
  TimeOfDaySchema,
  TimeZoneSchema,
} from '../calendar/index.js'
import { createCourse, step } from '../course/apply.js'
import type { Course, CourseEvent, RecordedTask } from '../course/schema.js'
import {
  type Issue,
  issuesOf,
  makeIssue,
  ProtocolError,
  type SafeResult,
  safeParseWith,
  unwrap,
} from '../issues/index.js'
import { countedRange } from '../issues/words.js'
import {
  type InitialTask,
  type ProblemArea,
  ProblemAreaSchema,
  type Protocol,
  ProtocolSchema,
} from '../protocol/index.js'
import { checkProtocol } from '../protocol/trusted.js'
import { type CoursePlan, type PlannedContact, safePlanCourse } from '../schedule/index.js'
import { type RandomGenerator, STREAMS, streamOf, uniform, uniformWhole } from './random.js'

/**
 * The attendance model of a simulation: per contact, the probability that a planned session is missed or
 * cancelled and that a phone contact is missed, and the drop-out hazard by session number.
 *
 * @example
 * ```ts
 * const model: AttendanceModel = { missed: 0.1, cancelled: 0.05, phoneMissed: 0.1, dropOut: [0.022, 0.022, 0.022, 0.022, 0.022, 0.011] }
 * ```
 */
export interface AttendanceModel {
  /** The probability that a planned session is missed (a no-show), 0–0.95 with `cancelled`. */
  missed: number
  /** The probability that a planned session is cancelled, 0–0.95 with `missed`. */
  cancelled: number
  /** The probability that a planned phone contact is missed, 0–0.95. */
  phoneMissed: number
  /**
   * The drop-out hazard by session number: `dropOut[k - 1]` is the probability that a patient due for session k
   * (k − 1 held) leaves before it, drawn once per session number; the last value holds for later sessions. 1–100
   * values, each 0–1.
   */
  dropOut: number[]
}

/**
 * A default value of the simulation with where it comes from: the rule it follows (SCHED-7), whether it is
 * literature (`lit`) or the library's design choice (`design`), and how it was derived.
 *
 * @example
 * ```ts
 * const value: SimulationDefault<number> = simulationDefaults.missed
 * value.sources // ['design']
 * ```
 */
export interface SimulationDefault<T> {
  /** The value. */
  value: T
  /** The rule of the IPT reference it follows. */
  rule: 'SCHED-7'
  /** `lit` (from the literature) and/or `design` (the library's choice where no source decides). */
  sources: readonly ('lit' | 'design')[]
  /** The documents behind it. */
  references: readonly string[]
  /** How the value was chosen or derived. */
  note: string
}

/**
 * The default attendance model, each value with its source (SCHED-7). The drop-out hazard is a design choice
 * derived from two figures of the literature: drop-out near 20 % in IPT trials (Linardon 2019: 20.6 % in the IPT arms
 * of 72 RCTs; Swift & Greenberg 2012: 19.7 % across psychotherapy) and concentrated early (the median drop-out falls
 * by about the 5th session). A hazard of 2.2 % before each of sessions 1–5 and 1.1 % before each later one gives
 * 1 − 0.978⁵ × 0.989¹¹ ≈ 20.8 % drop-out over 16 sessions, half of it (10.5 points) by the 5th session. No source
 * in the reference gives rates of missed or cancelled sessions: those defaults are design choices, to be replaced
 * by a service's own figures.
 *
 * @example
 * ```ts
 * simulationDefaults.dropOut.value // [0.022, 0.022, 0.022, 0.022, 0.022, 0.011]
 * ```
 */
export const simulationDefaults: {
  readonly missed: SimulationDefault<number>
  readonly cancelled: SimulationDefault<number>
  readonly phoneMissed: SimulationDefault<number>
  readonly dropOut: SimulationDefault<readonly number[]>
} = /* @__PURE__ */ (() =>
  Object.freeze({
    missed: Object.freeze({
      value: 0.1,
      rule: 'SCHED-7',
      sources: Object.freeze(['design'] as const),
      references: Object.freeze([]),
      note: 'a design default (no source in the reference gives a rate of missed sessions): one planned session in ten',
    }),
    cancelled: Object.freeze({
      value: 0.05,
      rule: 'SCHED-7',
      sources: Object.freeze(['design'] as const),
      references: Object.freeze([]),
      note: 'a design default (no source in the reference gives a rate of cancellations): one planned session in twenty',
    }),
    phoneMissed: Object.freeze({
      value: 0.1,
      rule: 'SCHED-7',
      sources: Object.freeze(['design'] as const),
      references: Object.freeze([]),
      note: 'a design default: as often as a session is missed',
    }),
    dropOut: Object.freeze({
      value: Object.freeze([0.022, 0.022, 0.022, 0.022, 0.022, 0.011]),
      rule: 'SCHED-7',
      sources: Object.freeze(['lit', 'design'] as const),
      references: Object.freeze(['Linardon 2019 (IPT arms of 72 RCTs: 20.6 %)', 'Swift & Greenberg 2012 (19.7 %)']),
      note: 'a design choice derived from the literature: 2.2 % before each of sessions 1–5, 1.1 % before each later one; over 16 sessions about 20.8 % drop out, half of them by the 5th session',
    }),
  }))()

/**
 * A rating recorded by a researcher's outcome model, as `measure-recorded` gives it (MEAS-1): the instrument, and
 * the total, the items or both. PHQ-9 item 9 above 0 raises a safety flag like any other rating (MEAS-2).
 *
 * @example
 * ```ts
 * const rating: SimulatedRating = { instrument: 'phq-9', total: 12 }
 * ```
 */
export interface SimulatedRating {
  /** The instrument. */
  instrument: 'phq-9' | 'hamd-17'
  /** The total score, 0–52. */
  total?: number | undefined
  /** The item scores (9 for PHQ-9, 17 for HAM-D-17). */
  items?: number[] | undefined
}

/**
 * What a researcher's outcome model is given after each held session: the course so far (the session recorded), the
 * number of the session, the patient's index, and `random`, draws uniform in [0, 1) from the patient's own outcome
 * stream (the same in every arm and shard).
 *
 * @example
 * ```ts
 * const measure = ({ session, random }: MeasureContext): SimulatedRating => ({ instrument: 'phq-9', total: Math.max(0, 18 - session + Math.round(4 * random())) })
 * ```
 */
export interface MeasureContext {
  /** The course so far, the session just held included. */
  course: Course
  /** The number of the session just held (1 for the first). */
  session: number
  /** The patient's index in the cohort. */
  index: number
  /** A draw uniform in [0, 1) from the patient's outcome stream. */
  random: () => number
}

/**
 * Options of {@link simulateCohort} (see {@link SimulationOptionsSchema}).
 *
 * @example
 * ```ts
 * const options: SimulationOptions = { seed: 42, patients: 1000, start: { from: '2027-01-04', to: '2027-12-27' }, timeZone: 'Europe/London' }
 * ```
 */
export interface SimulationOptions {
  /** The seed: a whole number 0 to 2^53 − 1. The same seed gives the same cohort on any machine. */
  seed: number
  /** How many patients: indices 0 to `patients − 1` (this or `range`). */
  patients?: number | undefined
  /** The patients' indices, `from` included and `to` not (this or `patients`): a shard of a larger run. */
  range?:
    | {
        /** The first index. */
        from: number
        /** One past the last index. */
        to: number
      }
    | undefined
  /**
   * The date of each patient's first contact: one date, a range (both ends included; each patient draws a day from
   * it), or a function of the patient's index returning a date.
   */
  start:
    | CalendarDate
    | {
        /** The first possible date. */
        from: CalendarDate
        /** The last. */
        to: CalendarDate
      }
    | ((index: number) => CalendarDate)
  /** The local time of every contact, `'HH:mm'`; default `'10:00'` (a design default). */
  time?: string | undefined
  /** The clinic's IANA time zone; default `'UTC'`. */
  timeZone?: string | undefined
  /** Dates without contacts (holidays, closures), as `planCourse` takes them. */
  blackouts?: Blackout[] | undefined
  /** The contracted number of sessions, within the protocol's range; default the protocol's default. */
  sessions?: number | undefined
  /** Any part of the attendance model; the rest from {@link simulationDefaults}. */
  attendance?: Partial<AttendanceModel> | undefined
  /** The problem areas each course agrees (AREA-3); default the protocol's first allowed area (a design default). */
  problemAreas?: ProblemArea[] | undefined
  /** A researcher's outcome model: a rating to record after each held session, or nothing. */
  measure?: ((context: MeasureContext) => SimulatedRating | undefined) | undefined
  /** The prefix of each course's id, followed by the patient's index; default `'patient-'`. */
  idPrefix?: string | undefined
}

const whole = (max: number) => z.int().check(z.gte(0)).check(z.lte(max))
const probability = /* @__PURE__ */ (() => z.number().check(z.gte(0)).check(z.lte(0.95)))()

/**
 * The schema of {@link SimulationOptions}. Indices and the seed are whole numbers up to 2^53 − 1; `missed` and
 * `cancelled` add up to at most 0.95, so that every course ends.
 *
 * @example
 * ```ts
 * SimulationOptionsSchema.safeParse({ seed: 1, patients: 10, start: '2027-03-01' }).success // true
 * ```
 */
export const SimulationOptionsSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      seed: whole(Number.MAX_SAFE_INTEGER),
      patients: z.optional(whole(Number.MAX_SAFE_INTEGER)),
      range: z.optional(
        z
          .strictObject({ from: whole(Number.MAX_SAFE_INTEGER), to: whole(Number.MAX_SAFE_INTEGER) })
          .check(
            z.refine((range) => range.from <= range.to, { message: 'range.to comes before range.from', path: ['to'] }),
          ),
      ),
      /** The first contact's date: one date, a range `{ from, to }`, or a function of the patient's index. */
      start: z.union([
        CalendarDateSchema,
        z
          .strictObject({ from: CalendarDateSchema, to: CalendarDateSchema })
          .check(
            z.refine((range) => range.from <= range.to, { message: 'start.to comes before start.from', path: ['to'] }),
          ),
        z.custom<(index: number) => CalendarDate>((value) => typeof value === 'function'),
      ]),
      time: z.optional(TimeOfDaySchema),
      timeZone: z.optional(TimeZoneSchema),
      blackouts: z.optional(z.array(BlackoutSchema).check(z.maxLength(1000))),
      sessions: z.optional(z.int().check(z.gte(1)).check(z.lte(1000))),
      attendance: z.optional(
        z
          .strictObject({
            missed: z.optional(probability),
            cancelled: z.optional(probability),
            phoneMissed: z.optional(probability),
            dropOut: z.optional(
              z
                .array(z.number().check(z.gte(0)).check(z.lte(1)))
                .check(z.minLength(1))
                .check(z.maxLength(100)),
            ),
          })
          .check(
            z.refine(
              (model) =>
                (model.missed ?? simulationDefaults.missed.value) +
                  (model.cancelled ?? simulationDefaults.cancelled.value) <=
                0.95,
              { message: 'missed and cancelled add up to at most 0.95', path: ['cancelled'] },
            ),
          ),
      ),
      problemAreas: z.optional(z.array(ProblemAreaSchema).check(z.minLength(1)).check(z.maxLength(4))),
      /** A researcher's outcome model: a rating (or none) as a function of the course so far; none is built in. */
      measure: z.optional(
        z.custom<(context: MeasureContext) => SimulatedRating | undefined>((value) => typeof value === 'function'),
      ),
      idPrefix: z.optional(z.string().check(z.maxLength(100))),
    })
    .check(
      z.refine((options) => (options.patients === undefined) !== (options.range === undefined), {
        message: 'Give the number of patients or a range of indices, one of them',
        path: ['patients'],
      }),
    ))()

/** The most contacts one simulated course may go through (a design bound: far beyond any course). */
const MAX_CONTACTS = 2000

const ratingSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      instrument: z.enum(['phq-9', 'hamd-17']),
      total: z.optional(z.int().check(z.gte(0)).check(z.lte(52))),
      items: z.optional(z.array(z.int().check(z.gte(0)).check(z.lte(4))).check(z.maxLength(17))),
    })
    .check(
      z.refine((rating) => rating.total !== undefined || rating.items !== undefined, {
        message: 'A rating gives its items, its total or both',
        path: ['total'],
      }),
    ))()

/** What one simulation needs, checked once. */
export interface Simulation {
  protocol: Protocol
  template: Course
  seed: number
  from: number
  to: number
  start: CalendarDate | { from: CalendarDate; to: CalendarDate } | ((index: number) => CalendarDate)
  time: string
  timeZone: string
  blackouts: Blackout[] | undefined
  sessions: number | undefined
  model: AttendanceModel
  areas: ProblemArea[]
  measure: ((context: MeasureContext) => SimulatedRating | undefined) | undefined
  idPrefix: string
}

/** The options and protocol checked, or their issues. */
export function prepareSimulation(protocol: Protocol, options: SimulationOptions): SafeResult<Simulation> {
  const checkedProtocol = checkProtocol(ProtocolSchema, protocol)
  const checked = safeParseWith(SimulationOptionsSchema, options, ['options'])
  if (!checkedProtocol.success || !checked.success)
    return { success: false, issues: issuesOf(checkedProtocol, checked) }
  const data = checked.data
  const proto = checkedProtocol.data
  const areas = data.problemAreas ?? proto.problemAreas.allowed.slice(0, 1)
  const issues: Issue[] = []
  const notAllowed = areas.filter((area) => !proto.problemAreas.allowed.includes(area))
  if (notAllowed.length || areas.length > proto.problemAreas.max || new Set(areas).size !== areas.length) {
    issues.push(
      makeIssue(
        'invalid-areas',
        `The problem areas must be ${countedRange(1, proto.problemAreas.max, 'distinct area')} that ${proto.id} allows`,
        {
          path: ['options', 'problemAreas'],
          params: { areas, allowed: proto.problemAreas.allowed, max: proto.problemAreas.max },
          rule: 'AREA-3',
        },
      ),
    )
  }
  const range = data.range ?? { from: 0, to: data.patients ?? 0 }
  const time = data.time ?? '10:00'
  const timeZone = data.timeZone ?? 'UTC'
  // One plan up front, so that options planCourse refuses (sessions out of range, a bad blackout) are reported now.
  const probe = safePlanCourse(proto, {
    start:
      typeof data.start === 'string' ? data.start : typeof data.start === 'function' ? '2027-01-04' : data.start.from,
    time,
    timeZone,
    ...(data.sessions === undefined ? {} : { sessions: data.sessions }),
    ...(data.blackouts === undefined ? {} : { blackouts: data.blackouts }),
  })
  if (!probe.success)
    for (const issue of probe.issues) issues.push({ ...issue, path: ['options', ...(issue.path ?? [])] })
  if (issues.length) return { success: false, issues }
  const model: AttendanceModel = {
    missed: data.attendance?.missed ?? simulationDefaults.missed.value,
    cancelled: data.attendance?.cancelled ?? simulationDefaults.cancelled.value,
    phoneMissed: data.attendance?.phoneMissed ?? simulationDefaults.phoneMissed.value,
    dropOut: data.attendance?.dropOut ?? [...simulationDefaults.dropOut.value],
  }
  return {
    success: true,
    data: {
      protocol: proto,
      template: createCourse(proto, { id: 'template' }),
      seed: data.seed,
      from: range.from,
      to: range.to,
      start: data.start,
      time,
      timeZone,
      blackouts: data.blackouts,
      sessions: data.sessions,
      model,
      areas,
      measure: data.measure,
      idPrefix: data.idPrefix ?? 'patient-',
    },
  }
}

/** The start date of patient `index`. */
function startOf(simulation: Simulation, index: number): CalendarDate {
  const { start } = simulation
  if (typeof start === 'string') return start
  if (typeof start === 'function') {
    const date: unknown = start(index)
    const checked = safeParseWith(CalendarDateSchema, date, ['options', 'start', index])
    if (!checked.success) throw new ProtocolError(checked.issues)
    return checked.data
  }
  const days = daysFrom(start.from, start.to)
  return addToDate(start.from, uniformWhole(streamOf(simulation.seed, index, STREAMS.start), 0, days), 'day')
}

/** A patient's course in the making: the course, its streams and what the walk has reached. */
interface Walk {
  simulation: Simulation
  index: number
  course: Course
  dropOut: RandomGenerator
  sessions: RandomGenerator
  phone: RandomGenerator | undefined
  outcome: RandomGenerator | undefined
  /** The highest session number whose drop-out draw was made. */
  drawnFor: number
}

/** Applies one event the walk made; the lifecycle refusing it is a bug of the simulation (or a plan beyond its bounds). */
function apply(walk: Walk, event: CourseEvent): boolean {
  const result = step(walk.course, event, true)
  if (!result.ok) return false
  walk.course = result.course
  return true
}

/** The tasks of the initial phase the protocol requires or advises, as `task-completed` records them (PHASE-2). */
function tasksOf(protocol: Protocol, at: 'first' | 'last'): RecordedTask[] {
  const listed = [...protocol.initialTasks.required, ...protocol.initialTasks.advised]
  const first: InitialTask[] = ['diagnosis', 'psychoeducation', 'sick-role', 'medication-evaluation']
  return listed.filter((task): task is RecordedTask =>
    at === 'first' ? first.includes(task) : task === 'formulation' || task === 'inventory',
  )
}

/** The phase a session belongs to in a course of `contracted` sessions (the protocol's bounds, PHASE-1, PHASE-5). */
function phaseOfSession(protocol: Protocol, number: number, contracted: number): 'initial' | 'middle' | 'termination' {
  if (protocol.schedule.type !== 'acute') return 'middle'
  const { initialMaxSessions, terminationSessions } = protocol.schedule.phases
  if (number <= initialMaxSessions) return 'initial'
  return number > contracted - terminationSessions ? 'termination' : 'middle'
}

/** After a held session: the initial tasks, the contract and phase changes at the protocol's bounds, completion. */
function afterHeld(walk: Walk, at: string): boolean {
  const { protocol, areas, measure } = walk.simulation
  const held = walk.course.counts.sessionsHeld
  const plan = walk.course.plan as CoursePlan
  const contracted = plan.sessions
  if (held === 1) {
    for (const task of tasksOf(protocol, 'first')) if (!apply(walk, { type: 'task-completed', at, task })) return false
  }
  if (measure) {
    walk.outcome ??= streamOf(walk.simulation.seed, walk.index, STREAMS.measure)
    const generator = walk.outcome
    const rating: unknown = measure({
      course: walk.course,
      session: held,
      index: walk.index,
      random: () => uniform(generator),
    })
    if (rating !== undefined) {
      const checked = safeParseWith(ratingSchema, rating, ['options', 'measure', walk.index])
      if (!checked.success) throw new ProtocolError(checked.issues)
      if (!apply(walk, { type: 'measure-recorded', at, ...checked.data })) return false
    }
  }
  if (protocol.schedule.type !== 'acute') {
    return held < contracted || apply(walk, { type: 'course-completed', at })
  }
  const next = phaseOfSession(protocol, held + 1, contracted)
  if (walk.course.phase === 'initial' && (next !== 'initial' || held >= contracted)) {
    const events: CourseEvent[] = [
      ...tasksOf(protocol, 'last').map(
        (task): CourseEvent =>
          task === 'inventory' ? { type: 'inventory-completed', at } : { type: 'task-completed', at, task },
      ),
      { type: 'problem-areas-agreed', at, areas },
      { type: 'contract-agreed', at, sessions: contracted },
      { type: 'phase-advanced', at, to: 'middle' },
    ]
    for (const event of events) if (!apply(walk, event)) return false
  }
  if (walk.course.phase === 'middle' && (next === 'termination' || held >= contracted)) {
    if (
      protocol.schedule.phases.terminationSessions > 0 &&
      !apply(walk, { type: 'phase-advanced', at, to: 'termination' })
    )
      return false
  }
  return held < contracted || apply(walk, { type: 'course-completed', at })
}

/** The next contact the walk goes to: the first still planned session or phone contact of the plan. */
function nextContact(plan: CoursePlan): PlannedContact | undefined {
  for (const contact of plan.contacts) {
    if (contact.status !== 'planned') continue
    if (contact.kind === 'session' || contact.kind === 'maintenance-session' || contact.kind === 'phone-contact')
      return contact
  }
  return undefined
}

/** Ends a course the walk could not carry on (a bound reached): discontinued, with a note saying why. */
function endEarly(walk: Walk, note: string): void {
  const at = walk.course.events.at(-1)?.at ?? (walk.course.plan?.contacts[0]?.start as string)
  apply(walk, { type: 'course-discontinued', at, reason: 'other', note })
}

/** Simulates patient `index`'s course. */
export function simulatePatient(simulation: Simulation, index: number): Course {
  const { protocol, template, model } = simulation
  const planned = safePlanCourse(protocol, {
    start: startOf(simulation, index),
    time: simulation.time,
    timeZone: simulation.timeZone,
    ...(simulation.sessions === undefined ? {} : { sessions: simulation.sessions }),
    ...(simulation.blackouts === undefined ? {} : { blackouts: simulation.blackouts }),
  })
  if (!planned.success)
    throw new ProtocolError(planned.issues.map((issue) => ({ ...issue, path: ['options', ...(issue.path ?? [])] })))
  // createCourse(protocol, { id, plan }) without validating a plan planCourse just made: the same record.
  const { schemaVersion, id: _id, protocol: snapshot, ...rest } = template
  const course: Course = {
    schemaVersion,
    id: `${simulation.idPrefix}${index}`,
    protocol: snapshot,
    plan: planned.data,
    ...rest,
    problemAreas: [],
    initialTasks: {},
    counts: { ...rest.counts },
    measures: [],
    safety: { open: [], reviews: [] },
    events: [],
  }
  const walk: Walk = {
    simulation,
    index,
    course,
    dropOut: streamOf(simulation.seed, index, STREAMS.dropOut),
    sessions: streamOf(simulation.seed, index, STREAMS.sessions),
    phone: undefined,
    outcome: undefined,
    drawnFor: 0,
  }
  const { dropOut } = model
  const hazard = (session: number) => dropOut[Math.min(session, dropOut.length) - 1] ?? 0
  const monitoring = protocol.monitoring.eachContact
  for (let contacts = 0; ; contacts++) {
    if (walk.course.phase === 'completed' || walk.course.phase === 'discontinued') return walk.course
    if (contacts >= MAX_CONTACTS) {
      endEarly(walk, `simulation: ended after ${MAX_CONTACTS} contacts (a bound of the simulation)`)
      return walk.course
    }
    const contact = nextContact(walk.course.plan as CoursePlan)
    if (!contact) {
      endEarly(walk, 'simulation: no planned contact left')
      return walk.course
    }
    const last = walk.course.events.at(-1)?.at
    const at = last !== undefined && Date.parse(last) > Date.parse(contact.start) ? last : contact.start
    let ok: boolean
    if (contact.kind === 'phone-contact') {
      walk.phone ??= streamOf(simulation.seed, index, STREAMS.phone)
      ok =
        uniform(walk.phone) < model.phoneMissed
          ? apply(walk, { type: 'phone-contact-missed', at, contactId: contact.id })
          : apply(walk, {
              type: 'phone-contact-held',
              at,
              contactId: contact.id,
              ...(monitoring.length ? { checks: [...monitoring] } : {}),
            })
    } else {
      const session = walk.course.counts.sessionsHeld + 1
      if (session > walk.drawnFor) {
        walk.drawnFor = session
        if (uniform(walk.dropOut) < hazard(session)) {
          apply(walk, { type: 'course-discontinued', at, reason: 'drop-out' })
          return walk.course
        }
      }
      const draw = uniform(walk.sessions)
      if (draw < model.missed) ok = apply(walk, { type: 'session-missed', at, contactId: contact.id })
      else if (draw < model.missed + model.cancelled)
        ok = apply(walk, { type: 'session-cancelled', at, contactId: contact.id })
      else {
        ok =
          apply(walk, {
            type: 'session-held',
            at,
            contactId: contact.id,
            participants: [...contact.participants],
            ...(monitoring.length ? { checks: [...monitoring] } : {}),
          }) && afterHeld(walk, at)
      }
    }
    if (!ok) {
      endEarly(walk, 'simulation: the lifecycle refused a step (a bound of the plan reached)')
      return walk.course
    }
  }
}

function* cohort(simulation: Simulation): Generator<Course, void, undefined> {
  for (let index = simulation.from; index < simulation.to; index++) yield simulatePatient(simulation, index)
}

/**
 * {@link simulateCohort} returning `{ success, data | issues }` for invalid options or protocol, instead of
 * throwing.
 *
 * @example
 * ```ts
 * safeSimulateCohort(protocols.ipt, { seed: -1, patients: 10, start: '2027-03-01' }).success // false
 * ```
 */
export function safeSimulateCohort(
  protocol: Protocol,
  options: SimulationOptions,
): SafeResult<Generator<Course, void, undefined>> {
  const prepared = prepareSimulation(protocol, options)
  return prepared.success ? { success: true, data: cohort(prepared.data) } : prepared
}

/**
 * Simulates a cohort of courses of a protocol: a lazy generator (a million courses stream in constant memory) of
 * ordinary courses, each made by the library's own lifecycle from a plan, so that `parseCourse`,
 * `assessFidelity`, `courseToFhir` and `renderTimeline` accept them. For each planned contact in time order, the
 * patient draws from its own streams (derived from `(seed, index)`, so patient i is the same alone, in any batch,
 * shard or arm): before session k the drop-out hazard (once per session number; a drop-out is
 * `course-discontinued` with reason `drop-out`), then whether the session is missed, cancelled or held (a missed or
 * cancelled session moves the rest of the plan, SCHED-6). A held session records the protocol's expected
 * participants and checks; the initial tasks are recorded at the first session and, with the inventory, the agreed
 * areas and the contract (the plan's sessions), at the last of the initial phase, which then advances (PHASE-3);
 * termination begins at the protocol's bound (PHASE-5) and the last contracted session completes the course. No
 * outcome model is built in: `measure` may record a rating after each held session (flags are raised as by any
 * rating). Throws {@link ProtocolError} (from `ipt-protocol`) for invalid options, and while iterating if a
 * `start` or `measure` function returns invalid data.
 *
 * @example
 * ```ts
 * for (const course of simulateCohort(protocols.ipt, { seed: 42, patients: 3, start: '2027-03-01' })) course.phase
 * // 'completed', 'completed', 'discontinued'
 * ```
 */
export function simulateCohort(protocol: Protocol, options: SimulationOptions): Generator<Course, void, undefined> {
  return unwrap(safeSimulateCohort(protocol, options))
}
