/**
 * The benchmark tasks. Each runs in its own process (see bench/run.ts), since libraries measured in one process
 * disturb each other. Every group is checked to give the same answers before it is timed.
 */

import { createRequire } from 'node:module'
import { TZDate } from '@date-fns/tz'
import { addMonths, addWeeks, formatISO } from 'date-fns'
import { assign, createMachine, getInitialSnapshot, transition } from 'xstate'
import {
  type Course,
  type CourseEvent,
  defineProtocol,
  parseCourse,
  planCourse,
  protocols,
  replay,
} from '../src/index.js'
import { summarizeFidelity } from '../src/research/index.js'

// rrule has no exports map, so Node's ESM loader cannot see its named exports: load it as CommonJS.
const { RRule } = createRequire(import.meta.url)('rrule') as typeof import('rrule')

const zone = 'America/New_York'
const acute = { start: '2027-02-01', time: '10:00', timeZone: zone }
const maintenance = { start: '2027-06-01', time: '10:00', timeZone: zone }

/** 16 weekly IPT sessions across the March 2027 change, then 36 monthly IPT-M sessions, as ISO instants. */
export const planTasks = {
  'ipt-protocol planCourse': (): string[] =>
    [...planCourse(protocols.ipt, acute).contacts, ...planCourse(protocols['ipt-m'], maintenance).contacts].map(
      (c) => c.start,
    ),
  'date-fns TZDate loop': (): string[] => {
    const instants: string[] = []
    const first = new TZDate(2027, 1, 1, 10, 0, 0, zone)
    for (let week = 0; week < 16; week++) instants.push(formatISO(addWeeks(first, week)))
    const firstMonth = new TZDate(2027, 5, 1, 10, 0, 0, zone)
    for (let month = 0; month < 36; month++) instants.push(formatISO(addMonths(firstMonth, month)))
    return instants
  },
  'rrule with tzid': (): string[] => {
    // With tzid, rrule's dates are the right instants only when the process TZ is UTC (run.ts runs it so).
    const local = (dates: Date[]) => dates.map((d) => formatISO(new TZDate(d.getTime(), zone)))
    const weekly = new RRule({ freq: RRule.WEEKLY, count: 16, dtstart: new Date(Date.UTC(2027, 1, 1, 10)), tzid: zone })
    const monthly = new RRule({
      freq: RRule.MONTHLY,
      count: 36,
      dtstart: new Date(Date.UTC(2027, 5, 1, 10)),
      tzid: zone,
    })
    return [...local(weekly.all()), ...local(monthly.all())]
  },
}

/**
 * A researcher's variants, equal to the built-ins but not them: planCourse validates these on every call, while
 * the built-ins, validated once and deeply frozen, are not validated again.
 */
const defined = {
  acute: defineProtocol({ extends: 'ipt', id: 'ipt-local', version: '1.0.0', description: 'Standard IPT, locally.' }),
  maintenance: defineProtocol({
    extends: 'ipt-m',
    id: 'ipt-m-local',
    version: '1.0.0',
    description: 'IPT-M, locally.',
  }),
}

/** 100,000 course plans like the benchmark's (IPT + IPT-M), varied: 3 years of start dates, 20 times, 5 zones. */
export const PLANS = 100_000
const zones = ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Sydney', 'America/Santiago']

export const manyPlanTasks = {
  'ipt-protocol planCourse, defined protocols': (): string[] =>
    [...planCourse(defined.acute, acute).contacts, ...planCourse(defined.maintenance, maintenance).contacts].map(
      (c) => c.start,
    ),
  'ipt-protocol 100,000 varied plans': (): number => {
    let contacts = 0
    for (let i = 0; i < PLANS; i++) {
      const start = new Date(Date.UTC(2027, 0, 1 + (i % 1096))).toISOString().slice(0, 10)
      const time = `${String(8 + (i % 10)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`
      const timeZone = zones[i % zones.length] ?? zone
      contacts += planCourse(protocols.ipt, { start, time, timeZone }).contacts.length
      contacts += planCourse(protocols['ipt-m'], { start, time, timeZone }).contacts.length
    }
    return contacts
  },
}

/** The lower bound: a UTC loop that ignores daylight saving (right only where the offset never changes). */
export const naiveTasks = {
  'ipt-protocol planCourse (UTC)': (): string[] =>
    [
      ...planCourse(protocols.ipt, { ...acute, timeZone: 'UTC' }).contacts,
      ...planCourse(protocols['ipt-m'], { ...maintenance, timeZone: 'UTC' }).contacts,
    ].map((c) => c.start),
  'naive UTC loop': (): string[] => {
    const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+00:00`
    const instants: string[] = []
    for (let week = 0; week < 16; week++) instants.push(iso(Date.UTC(2027, 1, 1 + 7 * week, 10)))
    for (let month = 0; month < 36; month++) instants.push(iso(Date.UTC(2027, 5 + month, 1, 10)))
    return instants
  },
}

/** A 20-event course log, repeated over many courses: 1,000,000 events in all. */
const log: CourseEvent[] = [
  { type: 'session-held', at: '2027-03-01T10:50:00-05:00' },
  { type: 'inventory-completed', at: '2027-03-01T10:55:00-05:00' },
  { type: 'session-held', at: '2027-03-08T10:50:00-05:00' },
  { type: 'problem-areas-agreed', at: '2027-03-08T10:55:00-05:00', areas: ['grief'] },
  { type: 'contract-agreed', at: '2027-03-08T10:56:00-05:00', sessions: 12 },
  { type: 'phase-advanced', at: '2027-03-08T10:57:00-05:00', to: 'middle' },
  ...Array.from(
    { length: 10 },
    (_, i): CourseEvent => ({
      type: 'session-held',
      at: `2027-${String(4 + Math.floor(i / 4)).padStart(2, '0')}-${String(1 + 7 * (i % 4)).padStart(2, '0')}T10:50:00-04:00`,
    }),
  ),
  { type: 'phase-advanced', at: '2027-07-01T10:57:00-04:00', to: 'termination' },
  { type: 'session-missed', at: '2027-07-02T10:50:00-04:00' },
  { type: 'session-cancelled', at: '2027-07-03T10:50:00-04:00' },
  { type: 'course-completed', at: '2027-07-04T10:55:00-04:00' },
]
export const EVENTS = 1_000_000
const courses = EVENTS / log.length

/** An xstate machine equivalent to the phase table (guards on inventory, areas and contract). */
const machine = createMachine({
  id: 'course',
  initial: 'initial',
  context: { inventory: false, areas: 0, contract: 0, held: 0 },
  states: {
    initial: {
      on: {
        'phase-advanced': {
          target: 'middle',
          guard: ({ context }) => context.inventory && context.areas > 0 && context.contract > 0,
        },
      },
    },
    middle: { on: { 'phase-advanced': { target: 'termination' } } },
    termination: { on: { 'course-completed': { target: 'completed' } } },
    completed: { type: 'final' },
  },
  on: {
    'session-held': { actions: assign({ held: ({ context }) => context.held + 1 }) },
    'inventory-completed': { actions: assign({ inventory: true }) },
    'problem-areas-agreed': { actions: assign({ areas: 1 }) },
    'contract-agreed': { actions: assign({ contract: 12 }) },
  },
})

type Phase = 'initial' | 'middle' | 'termination' | 'completed'
/** The lower bound: a bare reducer with no validation, no advisories, no log. */
function reduce(state: { phase: Phase; held: number; ready: number }, event: CourseEvent) {
  switch (event.type) {
    case 'session-held':
      return { ...state, held: state.held + 1 }
    case 'inventory-completed':
    case 'problem-areas-agreed':
    case 'contract-agreed':
      return { ...state, ready: state.ready + 1 }
    case 'phase-advanced':
      return state.phase === 'initial' && state.ready === 3
        ? { ...state, phase: 'middle' as const }
        : state.phase === 'middle'
          ? { ...state, phase: 'termination' as const }
          : state
    case 'course-completed':
      return state.phase === 'termination' ? { ...state, phase: 'completed' as const } : state
    default:
      return state
  }
}

/** A log of `n` PHQ-9 measures, each with item 9 = 1: every event raises a flag and none is reviewed. */
function flagLog(n: number): CourseEvent[] {
  return Array.from({ length: n }, (_, index) => ({
    type: 'measure-recorded' as const,
    at: new Date(Date.UTC(2027, 0, 1) + index * 60_000).toISOString(),
    instrument: 'phq-9' as const,
    items: [1, 1, 1, 1, 1, 1, 1, 1, 1],
  }))
}
/** The sizes of the flag-raising logs: n and 4n, to show replay grows linearly with open flags (issue 12). */
export const FLAG_EVENTS = [10_000, 40_000] as const
const flagLogs = FLAG_EVENTS.map(flagLog)
const replayFlags = (log: CourseEvent[]) => (): string => {
  const result = replay(protocols.ipt, log, { id: 'flags' })
  return result.ok ? `${result.course.safety.open.length} open, ${result.advisories.length} advisories` : 'refused'
}

export const replayTasks = {
  'ipt-protocol replay, 10,000 flag-raising events': replayFlags(flagLogs[0] ?? []),
  'ipt-protocol replay, 40,000 flag-raising events': replayFlags(flagLogs[1] ?? []),
  'ipt-protocol replay': (): string => {
    let phase = ''
    for (let i = 0; i < courses; i++) {
      const result = replay(protocols.ipt, log, { id: `c${i}` })
      phase = result.ok ? result.course.phase : 'refused'
    }
    return phase
  },
  'xstate transition()': (): string => {
    let phase = ''
    for (let i = 0; i < courses; i++) {
      let snapshot = getInitialSnapshot(machine)
      for (const event of log) [snapshot] = transition(machine, snapshot, event)
      phase = String(snapshot.value)
    }
    return phase
  },
  'bare reducer': (): string => {
    let phase = ''
    for (let i = 0; i < courses; i++) phase = log.reduce(reduce, { phase: 'initial' as Phase, held: 0, ready: 0 }).phase
    return phase
  },
}

const stored = (() => {
  const result = replay(protocols.ipt, log, { id: 'stored' })
  return JSON.stringify(result.ok ? result.course : undefined)
})()
export const parseTasks = {
  'ipt-protocol parseCourse (16-session course)': (): string => parseCourse(stored).phase,
}

/**
 * Stored courses for the fidelity summary: 1,000 distinct records (IPT, IPT-A, group IPT and IPT-M; start dates
 * over two years, five zones, some sessions missed, some courses ended early, a few with an open safety flag), as
 * JSON text, made on first use. A run reads N of them in turn, parsing each as it goes, as a host streams stored
 * courses from its storage.
 */
let storedCourses: string[] | undefined
function stored1000(): string[] {
  if (storedCourses) return storedCourses
  const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Sydney', 'UTC']
  const variants = [protocols.ipt, protocols['ipt-a'], protocols['ipt-group'], protocols['ipt-m']]
  const made: string[] = []
  for (let index = 0; index < 1000; index++) {
    const protocol = variants[index % variants.length] as (typeof variants)[number]
    const start = new Date(Date.UTC(2027, 0, 4) + (index % 730) * 86_400_000).toISOString().slice(0, 10)
    const plan = planCourse(protocol, { start, time: '10:00', timeZone: zones[index % zones.length] as string })
    // The log is folded by replay (fast), then the plan attached: the plan changes nothing these events decide.
    const log: CourseEvent[] = []
    const apply = (event: CourseEvent) => log.push(event)
    const sessions = plan.contacts.filter((c) => c.kind === 'session' || c.kind === 'maintenance-session')
    const acuteProtocol = protocol.schedule.type === 'acute'
    const cut = index % 7 === 0 ? 6 : sessions.length
    for (const [number, contact] of sessions.slice(0, cut).entries()) {
      const at = contact.start
      if (index % 5 === 0 && number === 3) apply({ type: 'session-missed', at })
      apply({ type: 'session-held', at })
      if (number % 4 === 0) {
        const items = index % 50 === 0 && number === 0 ? [1, 1, 1, 1, 1, 1, 1, 1, 1] : [1, 1, 1, 1, 1, 1, 1, 1, 0]
        apply({ type: 'measure-recorded', at, instrument: 'phq-9', items })
      }
      if (acuteProtocol && number === 0) {
        apply({ type: 'inventory-completed', at })
        apply({ type: 'problem-areas-agreed', at, areas: ['role-transition'] })
        apply({ type: 'contract-agreed', at, sessions: plan.sessions })
        apply({ type: 'phase-advanced', at, to: 'middle' })
      }
      if (acuteProtocol && number === sessions.length - 3) apply({ type: 'phase-advanced', at, to: 'termination' })
    }
    const last = log.at(-1)?.at ?? plan.contacts[0]?.start ?? '2027-01-04T10:00:00Z'
    apply(
      cut < sessions.length
        ? { type: 'course-discontinued', at: last, reason: 'drop-out' }
        : { type: 'course-completed', at: last },
    )
    const result = replay(protocol, log, { id: `course-${index}` })
    if (!result.ok) throw new Error(`stored course ${index}: ${JSON.stringify(result.issues)}`)
    made.push(JSON.stringify({ ...result.course, plan }))
  }
  storedCourses = made
  return made
}

export function* storedStream(count: number): Generator<Course> {
  const texts = stored1000()
  for (let index = 0; index < count; index++) yield JSON.parse(texts[index % texts.length] as string) as Course
}

export const FIDELITY_COURSES = [10_000, 100_000] as const
const site = (course: Course) => `site-${course.id.length % 4}`
export const fidelityTasks = {
  'summarizeFidelity, 10,000 stored courses': (): number =>
    summarizeFidelity(storedStream(10_000), { groupBy: site }).overall.courses,
  'summarizeFidelity, 100,000 stored courses': (): number =>
    summarizeFidelity(storedStream(100_000), { groupBy: site }).overall.courses,
  'JSON.parse alone, 100,000 stored courses': (): number => {
    let events = 0
    for (const course of storedStream(100_000)) events += course.events.length
    return events
  },
}
