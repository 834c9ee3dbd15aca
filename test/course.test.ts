import {
  allowedEvents,
  applyEvent,
  type Course,
  type CourseEvent,
  CourseSchema,
  createCourse,
  defineProtocol,
  eventTypes,
  ProtocolError,
  parseCourse,
  planCourse,
  protocols,
  replay,
  safeParseCourse,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { migrate } from '../src/course/lifecycle.js'
import { deepFreeze, expectExplained, on, refused, sessions, walk } from './support/course.js'
import { thrownPaths } from './support/errors.js'
import { testVariant } from './support/protocol.js'

/** The initial phase of a standard IPT course, ready for the middle phase after three sessions. */
function throughInitialPhase(id = 'course-1'): Course {
  return walk(createCourse(protocols.ipt, { id }), [
    { type: 'session-held', at: on(0) },
    { type: 'inventory-completed', at: on(0, '10:55') },
    { type: 'session-held', at: on(7) },
    { type: 'problem-areas-agreed', at: on(7, '10:55'), areas: ['role-transition'] },
    { type: 'contract-agreed', at: on(7, '10:56'), sessions: 16 },
    { type: 'session-held', at: on(14) },
    { type: 'phase-advanced', at: on(14, '10:55'), to: 'middle' },
  ]).course
}

describe('createCourse', () => {
  it('starts an acute course in the initial phase with a protocol snapshot, no contract and zero counts', () => {
    const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'America/New_York' })
    const course = createCourse(protocols.ipt, { id: 'course-1', plan })
    expect(course).toMatchObject({ schemaVersion: 4, id: 'course-1', phase: 'initial', problemAreas: [], events: [] })
    expect(course.contract).toBeUndefined()
    expect(course.counts).toEqual({
      sessionsHeld: 0,
      sessionsMissed: 0,
      sessionsCancelled: 0,
      phoneContactsHeld: 0,
      sessionsSinceRating: 0,
    })
    expect(course.initialTasks).toEqual({})
    expect(course.protocol).toEqual(protocols.ipt)
    expect(course.plan).toEqual(plan)
    expect(CourseSchema.parse(JSON.parse(JSON.stringify(course)))).toEqual(course)
  })

  it('starts a maintenance course in the maintenance phase', () => {
    expect(createCourse(protocols['ipt-m'], { id: 'm' }).phase).toBe('maintenance')
  })

  it('refuses an empty id or an invalid protocol with a ProtocolError', () => {
    expect(() => createCourse(protocols.ipt, { id: '' })).toThrow(ProtocolError)
    expect(() => createCourse({ ...protocols.ipt, id: 'Bad Id' }, { id: 'x' })).toThrow(ProtocolError)
  })

  it('checks every protocol but the built-ins, even a deeply frozen copy of one', () => {
    const copy = structuredClone(protocols.ipt)
    expect(createCourse(copy, { id: 'c' })).toEqual(createCourse(protocols.ipt, { id: 'c' }))
    // A built-in is its own snapshot; a copy is validated into a new one.
    expect(createCourse(protocols.ipt, { id: 'c' }).protocol).toBe(protocols.ipt)
    expect(createCourse(copy, { id: 'c' }).protocol).not.toBe(copy)
    const broken = deepFreeze({ ...copy, problemAreas: { ...copy.problemAreas, max: 0 } })
    expect(thrownPaths(() => createCourse(broken, { id: 'c' }))).toEqual([['protocol', 'problemAreas', 'max']])
  })
})

describe('replay of long logs', () => {
  const minutes = (count: number, body: (index: number) => Omit<CourseEvent, 'at'>): CourseEvent[] =>
    Array.from({ length: count }, (_, index) => ({
      ...body(index),
      at: new Date(Date.UTC(2027, 0, 1) + index * 60_000).toISOString(),
    })) as CourseEvent[]

  it('folds 100,000 events into one course without copying the log at every event, and leaves the input alone', () => {
    const events = minutes(100_000, (index) => ({ type: index % 2 ? 'session-missed' : 'session-cancelled' }))
    const snapshot = JSON.stringify(events)
    const result = replay(protocols.ipt, events, { id: 'long' })
    if (!result.ok) throw new Error('refused')
    expect(result.course.counts).toMatchObject({ sessionsMissed: 50_000, sessionsCancelled: 50_000 })
    expect(result.course.events).toEqual(events)
    expect(result.course.events).not.toBe(events)
    expect(result.course.events[0]).not.toBe(events[0])
    expect(JSON.stringify(events)).toBe(snapshot)
  })

  it('keeps every one of 20,000 measures and their order', () => {
    const events = minutes(20_000, (index) => ({ type: 'measure-recorded', instrument: 'phq-9', total: index % 28 }))
    const result = replay(protocols.ipt, events, { id: 'measured' })
    if (!result.ok) throw new Error('refused')
    expect(result.course.measures.map((measure) => measure.total)).toEqual(events.map((_, index) => index % 28))
    expect(result.advisories).toHaveLength(20_000)
  })

  it('gives each replayed course lists of its own', () => {
    const flagged = minutes(2, () => ({
      type: 'measure-recorded',
      instrument: 'phq-9',
      items: [0, 0, 0, 0, 0, 0, 0, 0, 1],
    }))
    const first = replay(protocols.ipt, flagged, { id: 'a' })
    const second = replay(protocols.ipt, flagged.slice(0, 1), { id: 'b' })
    if (!first.ok || !second.ok) throw new Error('refused')
    expect(first.course.safety.open).toHaveLength(2)
    expect(second.course.safety.open).toHaveLength(1)
    expect(second.course.events).toHaveLength(1)
    expect(second.course.measures).toHaveLength(1)
  })
})

describe('scenario: standard IPT to completion', () => {
  it('walks initial → middle → termination → completed, advising termination when 3 sessions are left', () => {
    const middle = throughInitialPhase()
    expect(middle.phase).toBe('middle')
    const { course: late, advisories } = walk(middle, sessions(10, 21))
    expect(late.counts.sessionsHeld).toBe(13)
    // Session 8 is the review point; with no ratings recorded, no response can be shown (MEAS-5), and a rating is
    // due at sessions 4, 8 and 12 (MEAS-7: at least every 4 sessions).
    expect(advisories.map((codes) => codes.join())).toEqual([
      'rating-due:MEAS-7',
      '',
      '',
      '',
      'no-response-review:MEAS-5,rating-due:MEAS-7',
      '',
      '',
      '',
      'rating-due:MEAS-7',
      'termination-due:PHASE-5',
    ])
    const { course: ending } = walk(late, [
      { type: 'phase-advanced', at: on(84, '11:00'), to: 'termination' },
      ...sessions(3, 91),
    ])
    const done = walk(ending, [{ type: 'course-completed', at: on(105, '11:00') }])
    // Nothing was rated, so nothing shows a response: another effective treatment is advised (PHASE-7).
    expect(done.advisories).toEqual([['another-treatment-advised:PHASE-7']])
    expect(done.course.phase).toBe('completed')
    expect(done.course.counts.sessionsHeld).toBe(16)
    expect(done.course.events).toHaveLength(7 + 10 + 1 + 3 + 1)
  })

  it('refuses every event after completion but a safety review (PHASE-6, ipt-reference §8a)', () => {
    const done = walk(throughInitialPhase(), [{ type: 'course-completed', at: on(20) }]).course
    expect(refused(done, { type: 'session-held', at: on(30) })).toEqual(['course-ended:PHASE-6'])
    expect(refused(done, { type: 'phase-advanced', at: on(30), to: 'middle' })).toEqual(['course-ended:PHASE-6'])
    const { allowed, refused: refusals } = allowedEvents(done)
    expect(allowed).toEqual(['safety-reviewed'])
    expect(refusals.map((r) => r.type)).toEqual(eventTypes.filter((type) => type !== 'safety-reviewed'))
    expect(new Set(refusals.map((r) => r.rule))).toEqual(new Set(['PHASE-6']))
  })
})

describe('scenario: IPT-A with its phone contacts and the parent', () => {
  const checks = ['suicidality', 'school-attendance'] as const
  const start = () =>
    createCourse(protocols['ipt-a'], {
      id: 'teen',
      plan: planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' }),
    })

  it('takes phone contacts after sessions 1–4 without advice, and advises one after session 5 (IPTA-1)', () => {
    const events: CourseEvent[] = [
      { type: 'session-held', at: on(0), participants: ['patient', 'parent'], checks: [...checks] },
      ...[1, 2, 3, 4].flatMap((week): CourseEvent[] => [
        { type: 'phone-contact-held', at: on(7 * week - 4), checks: [...checks] },
        { type: 'session-held', at: on(7 * week), checks: [...checks] },
      ]),
      { type: 'phone-contact-held', at: on(31), checks: [...checks] },
    ]
    const { course, advisories } = walk(start(), events)
    expect(course.counts).toMatchObject({ sessionsHeld: 5, phoneContactsHeld: 5 })
    // Only a rating due after four sessions without one (MEAS-7), no contract at the end of the initial phase
    // (sessions 1–4) and its overrun (no phase change is recorded here) are advised before the fifth call.
    expect(advisories.slice(0, -1).flat()).toEqual([
      'rating-due:MEAS-7',
      'contract-missing:PHASE-3',
      'initial-phase-overrun:PHASE-3',
    ])
    // The fifth call is outside IPT-A's weeks 1–4 and fills none of the plan's four phone contacts.
    expect(advisories.at(-1)).toEqual(['contact-outside-window:IPTA-1', 'contact-unplanned:SCHED-6'])
  })

  it('advises a session or phone contact without the suicidality and school-attendance checks (IPTA-3)', () => {
    const { advisories } = walk(start(), [
      { type: 'session-held', at: on(0), participants: ['patient', 'parent'], checks: ['suicidality'] },
      { type: 'phone-contact-held', at: on(3) },
    ])
    expect(advisories).toEqual([['monitoring-missing:IPTA-3'], ['monitoring-missing:IPTA-3']])
    const result = applyEvent(start(), { type: 'phone-contact-held', at: on(3) })
    expect(result.ok && result.advisories.map((advisory) => advisory.params)).toEqual([
      { absent: ['suicidality', 'school-attendance'] },
      { afterSession: 0, fromSession: 1, toSession: 4 },
    ])
  })

  it('advises when the first session is held without the parent, or its participants are not recorded (IPTA-2)', () => {
    const checked = { checks: [...checks] }
    const first = (extra: Partial<CourseEvent>) =>
      walk(start(), [{ type: 'session-held', at: on(0), ...checked, ...extra } as CourseEvent]).advisories
    expect(first({ participants: ['patient'] })).toEqual([['participant-missing:IPTA-2']])
    expect(first({})).toEqual([['participants-unrecorded:IPTA-2']])
    expect(walk(start(), [{ type: 'phone-contact-held', at: on(0), ...checked }]).advisories).toEqual([
      ['contact-outside-window:IPTA-1'],
    ])
  })

  it('expects the parent at termination too: the last contracted session, 12 or 16 (IPTA-2, Penn State Clearinghouse)', () => {
    const parentAdvice = (contracted: number) => {
      const { advisories } = walk(start(), [
        { type: 'contract-agreed', at: on(0, '09:00'), sessions: contracted },
        ...Array.from(
          { length: contracted },
          (_, index): CourseEvent => ({
            type: 'session-held',
            at: on(7 * index),
            participants: index === 0 ? ['patient', 'parent'] : ['patient'],
            checks: [...checks],
          }),
        ),
      ])
      return advisories.flatMap((codes, index) =>
        codes.filter((code) => code.startsWith('participant')).map((code) => `${index}:${code}`),
      )
    }
    expect(parentAdvice(12)).toEqual(['12:participant-missing:IPTA-2'])
    expect(parentAdvice(16)).toEqual(['16:participant-missing:IPTA-2'])
  })

  it('advises a phone contact in a protocol that plans none', () => {
    expect(walk(throughInitialPhase(), [{ type: 'phone-contact-held', at: on(15) }]).advisories[0]?.[0]).toMatch(
      /^contact-outside-window/,
    )
  })
})

describe('scenario: a discontinued course', () => {
  it('ends from the middle phase and refuses everything after', () => {
    const { course } = walk(throughInitialPhase(), [
      { type: 'session-missed', at: on(21) },
      { type: 'session-cancelled', at: on(28) },
      { type: 'course-discontinued', at: on(30), reason: 'drop-out', note: 'moved away' },
    ])
    expect(course.phase).toBe('discontinued')
    expect(course.counts).toMatchObject({ sessionsHeld: 3, sessionsMissed: 1, sessionsCancelled: 1 })
    expect(refused(course, { type: 'course-completed', at: on(40) })).toEqual(['course-ended:PHASE-6'])
    expect(refused(course, { type: 'course-discontinued', at: on(40), reason: 'other' })).toEqual([
      'course-ended:PHASE-6',
    ])
  })
})

describe('scenario: a renegotiated contract', () => {
  it('refuses a session beyond the contract until renegotiation (SCHED-3), and records a change of focus (AREA-10)', () => {
    let course = walk(createCourse(protocols.ipt, { id: 'c' }), [
      { type: 'inventory-completed', at: on(0) },
      { type: 'problem-areas-agreed', at: on(0), areas: ['grief'] },
      { type: 'contract-agreed', at: on(0), sessions: 12 },
      { type: 'phase-advanced', at: on(0), to: 'middle' },
      ...sessions(12, 1),
    ]).course
    expect(refused(course, { type: 'session-held', at: on(90) })).toEqual(['beyond-contract:SCHED-3'])
    expect(refused(course, { type: 'problem-areas-agreed', at: on(90), areas: ['role-dispute'] })).toEqual([
      'focus-change-needs-renegotiation:AREA-10',
    ])
    expect(refused(course, { type: 'contract-agreed', at: on(90), sessions: 14 })).toEqual(['contract-exists:SCHED-3'])
    expect(refused(course, { type: 'contract-renegotiated', at: on(90), sessions: 10, reason: 'x' })).toEqual([
      'contract-below-held:SCHED-3',
    ])
    const renegotiated = walk(course, [
      {
        type: 'contract-renegotiated',
        at: on(90),
        sessions: 14,
        areas: ['grief', 'role-dispute'],
        reason: 'dispute with partner surfaced',
      },
      { type: 'session-held', at: on(91) },
    ])
    course = renegotiated.course
    expect(course.contract).toMatchObject({ sessions: 14, renegotiations: 1 })
    expect(course.problemAreas).toEqual(['grief', 'role-dispute'])
    expect(course.counts.sessionsHeld).toBe(13)
    const beyond = walk(course, [{ type: 'contract-renegotiated', at: on(92), sessions: 18, reason: 'slow response' }])
    expect(beyond.advisories).toEqual([['beyond-protocol-range:SCHED-3']])
  })

  it('needs a contract and agreed areas to renegotiate', () => {
    const fresh = createCourse(protocols.ipt, { id: 'c' })
    expect(refused(fresh, { type: 'contract-renegotiated', at: on(0), sessions: 14, reason: 'x' })).toEqual([
      'no-contract:SCHED-3',
    ])
    expect(refused(fresh, { type: 'contract-renegotiated', at: on(0), areas: ['grief'], reason: 'x' })).toEqual([
      'no-areas-agreed:AREA-10',
    ])
  })
})

describe('scenario: an initial phase that overruns', () => {
  it('advises from the fourth session in the initial phase, and refuses the middle phase until all is agreed (PHASE-3)', () => {
    const { course, advisories } = walk(createCourse(protocols.ipt, { id: 'c' }), sessions(5, 0))
    expect(advisories.map((codes) => codes.join())).toEqual([
      '',
      '',
      'contract-missing:PHASE-3',
      'rating-due:MEAS-7,initial-phase-overrun:PHASE-3',
      // Given once, when the overrun begins (issue 15), not at every later session.
      '',
    ])
    expect(refused(course, { type: 'phase-advanced', at: on(40), to: 'middle' })).toEqual([
      'precondition-missing:PHASE-3',
      'precondition-missing:PHASE-3',
      'precondition-missing:PHASE-3',
    ])
    const result = applyEvent(course, { type: 'phase-advanced', at: on(40), to: 'middle' })
    expect(result.ok ? [] : result.issues.map((issue) => issue.params?.missing)).toEqual([
      'inventory',
      'problem-areas',
      'contract',
    ])
    const ready = walk(course, [
      { type: 'inventory-completed', at: on(40) },
      { type: 'problem-areas-agreed', at: on(40), areas: ['role-transition', 'grief'] },
      { type: 'contract-agreed', at: on(40), sessions: 16 },
      { type: 'phase-advanced', at: on(40), to: 'middle' },
    ])
    expect(ready.course.phase).toBe('middle')
  })
})

describe('guards', () => {
  const fresh = () => createCourse(protocols.ipt, { id: 'c' })

  it('refuses too many, duplicate and unlisted problem areas (AREA-3)', () => {
    expect(
      refused(fresh(), {
        type: 'problem-areas-agreed',
        at: on(0),
        areas: ['grief', 'role-dispute', 'role-transition'],
      }),
    ).toEqual(['too-many-areas:AREA-3'])
    expect(refused(fresh(), { type: 'problem-areas-agreed', at: on(0), areas: ['grief', 'grief'] })).toEqual([
      'duplicate-area:AREA-3',
    ])
    const narrow = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-grief',
      problemAreas: { allowed: ['grief'], max: 1 },
    })
    expect(
      refused(createCourse(narrow, { id: 'c' }), { type: 'problem-areas-agreed', at: on(0), areas: ['role-dispute'] }),
    ).toEqual(['area-not-allowed:AREA-3'])
  })

  it('refuses a contract outside the protocol range (SCHED-1), events out of order (LOG-1), and phase changes off the table', () => {
    expect(refused(fresh(), { type: 'contract-agreed', at: on(0), sessions: 20 })).toEqual([
      'sessions-out-of-range:SCHED-3',
    ])
    const later = walk(fresh(), [{ type: 'session-held', at: on(7) }]).course
    expect(refused(later, { type: 'session-held', at: on(0) })).toEqual(['event-out-of-order:LOG-1'])
    expect(refused(fresh(), { type: 'phase-advanced', at: on(0), to: 'initial' })).toEqual(['already-in-phase:PHASE-1'])
    expect(refused(fresh(), { type: 'phase-advanced', at: on(0), to: 'termination' })).toEqual([
      'transition-not-allowed:PHASE-5',
    ])
    expect(refused(fresh(), { type: 'phase-advanced', at: on(0), to: 'maintenance' })).toEqual([
      'transition-not-allowed:PHASE-6',
    ])
    expect(refused(throughInitialPhase(), { type: 'phase-advanced', at: on(30), to: 'middle' })).toEqual([
      'already-in-phase:PHASE-3',
    ])
  })

  it('completes from before termination only with an advisory saying what was skipped', () => {
    expect(walk(throughInitialPhase(), [{ type: 'course-completed', at: on(30) }]).advisories[0]).toEqual([
      'phases-skipped:PHASE-5',
      'contract-not-fulfilled:SCHED-3',
      'another-treatment-advised:PHASE-7',
    ])
    const advisories = walk(fresh(), [{ type: 'course-completed', at: on(0) }]).advisories[0]
    expect(advisories).toEqual(['phases-skipped:PHASE-5', 'another-treatment-advised:PHASE-7'])
  })

  it('never throws, and reports invalid input as issues with paths', () => {
    const course = fresh()
    const bad = applyEvent(course, { type: 'session-held', at: 'yesterday' })
    expect(bad).toMatchObject({ ok: false, issues: [{ code: 'invalid-format', path: ['event', 'at'] }] })
    const garbage = applyEvent({ nonsense: true } as never, { type: 'nope' } as never)
    expect(garbage.ok).toBe(false)
    expect(applyEvent(course, { type: 'problem-areas-agreed', at: on(0), areas: [] })).toMatchObject({
      ok: false,
      issues: [{ path: ['event', 'areas'] }],
    })
  })
})

describe('allowedEvents', () => {
  it('tells what is possible now and why the rest is not', () => {
    const { allowed, refused: refusals } = allowedEvents(createCourse(protocols.ipt, { id: 'c' }))
    expect(allowed).toContain('session-held')
    expect(allowed).toContain('contract-agreed')
    expect(refusals).toEqual([
      { type: 'contract-renegotiated', code: 'no-contract', reason: expect.any(String), rule: 'SCHED-3' },
      {
        type: 'phase-advanced',
        code: 'precondition-missing',
        reason: expect.stringContaining('inventory'),
        rule: 'PHASE-3',
      },
      { type: 'recurrence-detected', code: 'transition-not-allowed', reason: expect.any(String), rule: 'MAINT-4' },
    ])
    expect(allowedEvents(throughInitialPhase()).allowed).toContain('phase-advanced')
    expect(allowedEvents(throughInitialPhase()).refused.map((r) => r.type)).toEqual([
      'problem-areas-agreed',
      'contract-agreed',
      'recurrence-detected',
    ])
  })
})

describe('parseCourse', () => {
  it('reads a stored course from JSON text or a parsed value', () => {
    const course = throughInitialPhase()
    expect(parseCourse(JSON.stringify(course))).toEqual(course)
    expect(parseCourse(JSON.parse(JSON.stringify(course)))).toEqual(course)
  })

  it('fails with a clear issue on an unknown schema version, bad JSON or a broken record', () => {
    const course = throughInitialPhase()
    const future = safeParseCourse({ ...course, schemaVersion: 5 })
    expect(future).toMatchObject({
      success: false,
      issues: [{ code: 'unknown-schema-version', path: ['schemaVersion'], params: { found: 5, newest: 4 } }],
    })
    expect(safeParseCourse({ ...course, schemaVersion: undefined })).toMatchObject({
      success: false,
      issues: [{ code: 'unknown-schema-version' }],
    })
    expect(safeParseCourse('{not json')).toMatchObject({ success: false, issues: [{ code: 'invalid-json' }] })
    expect(safeParseCourse(null)).toMatchObject({ success: false, issues: [{ code: 'invalid-type' }] })
    expect(() => parseCourse({ ...course, phase: 'finished' })).toThrow(ProtocolError)
  })

  it('migrates older versions step by step (the mechanism, with a test migration)', () => {
    const steps = [
      { from: 0, migrate: (record: Record<string, unknown>) => ({ ...record, schemaVersion: 1, renamed: record.old }) },
      { from: 1, migrate: (record: Record<string, unknown>) => ({ ...record, schemaVersion: 2 }) },
    ]
    expect(migrate({ schemaVersion: 0, old: 'x' }, steps, 2)).toEqual({
      success: true,
      data: { schemaVersion: 2, old: 'x', renamed: 'x' },
    })
    expect(migrate({ schemaVersion: 5 }, steps, 2)).toMatchObject({
      success: false,
      issues: [{ code: 'unknown-schema-version' }],
    })
    const loop = [{ from: 1, migrate: (record: Record<string, unknown>) => ({ ...record, schemaVersion: 1 }) }]
    expect(migrate({ schemaVersion: 1 }, loop, 2)).toMatchObject({ success: false })
  })
})

describe('every refusal is explained', () => {
  it('carries a code, a message and a rule id', () => {
    const result = applyEvent(createCourse(protocols.ipt, { id: 'c' }), {
      type: 'phase-advanced',
      at: on(0),
      to: 'middle',
    })
    if (result.ok) throw new Error('expected a refusal')
    expectExplained(result.issues)
  })
})

describe('invalid input to applyEvent and replay', () => {
  it('names the course in the paths of an invalid course, and gives no advisories for it', () => {
    const result = applyEvent({ id: 'c' } as unknown as Course, { type: 'session-held', at: on(0) })
    expect(result.ok).toBe(false)
    expect(result.advisories).toEqual([])
    if (!result.ok) {
      expect(result.issues.length).toBeGreaterThan(0)
      expect(result.issues.every((issue) => issue.path?.[0] === 'course')).toBe(true)
    }
  })

  it('replay refuses invalid options before any event, at index -1', () => {
    const result = replay(protocols.ipt, [{ type: 'session-held', at: on(0) }], { id: '' })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.index).toBe(-1)
      expect(result.advisories).toEqual([])
      expect(result.issues.map((issue) => issue.code)).toEqual(['too-small'])
    }
  })

  it('replay reports invalid options as issues but passes on any other error', () => {
    const failing = {
      get id(): string {
        throw new RangeError('storage unavailable')
      },
    }
    expect(() => replay(protocols.ipt, [], failing)).toThrow(RangeError)
  })

  it('replay names the first invalid event by its index, or -1 when the log is not a list', () => {
    const log = [
      { type: 'session-held', at: on(0) },
      { type: 'session-held', at: on(7) },
      { type: 'session-held', at: 'next week' },
    ] as CourseEvent[]
    expect(replay(protocols.ipt, log, { id: 'c' })).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'invalid-format', path: ['events', 2, 'at'] })],
      index: 2,
      advisories: [],
    })
    expect(replay(protocols.ipt, 'session-held' as unknown as CourseEvent[], { id: 'c' })).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'invalid-type', path: ['events'] })],
      index: -1,
      advisories: [],
    })
  })

  it('replay tags each advisory with its event and puts a refusal under the refused event (MEAS-2, PHASE-3)', () => {
    const result = replay(
      protocols.ipt,
      [
        { type: 'measure-recorded', at: on(0), instrument: 'phq-9', items: [0, 0, 0, 0, 0, 0, 0, 0, 1] },
        { type: 'session-held', at: on(1) },
        { type: 'phase-advanced', at: on(2), to: 'middle' },
      ],
      { id: 'c' },
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.index).toBe(2)
    expect(result.advisories.map((advisory) => [advisory.code, advisory.params?.event])).toEqual([
      ['suicidality-flag', 0],
      ['safety-review-pending', 0],
      ['safety-review-pending', 1],
      ['safety-review-pending', 2],
    ])
    expect(result.advisories[0]?.params).toMatchObject({ value: 1, highRisk: false, event: 0 })
    expect(result.issues.map((issue) => [issue.code, issue.path])).toEqual([
      ['precondition-missing', ['events', 2]],
      ['precondition-missing', ['events', 2]],
      ['precondition-missing', ['events', 2]],
    ])
    const late = replay(
      protocols.ipt,
      [
        { type: 'session-held', at: on(7) },
        { type: 'session-held', at: on(0) },
      ],
      { id: 'c' },
    )
    expect(late.ok === false && late.issues.map((issue) => issue.path)).toEqual([['events', 1, 'at']])
  })
})

describe('allowedEvents beyond the acute course', () => {
  it('answers for every type with the first issue of an invalid course', () => {
    const { allowed, refused: refusals } = allowedEvents({ schemaVersion: 9 } as unknown as Course)
    expect(allowed).toEqual([])
    expect(refusals.map((r) => r.type)).toEqual(eventTypes)
    expect(new Set(refusals.map((r) => `${r.code}: ${r.reason}`))).toEqual(
      new Set(['invalid-value: Expected one of 4']),
    )
  })

  it('judges a maintenance course by its own schedule (MAINT-4)', () => {
    const { allowed, refused: refusals } = allowedEvents(createCourse(protocols['ipt-m'], { id: 'm' }))
    expect(allowed).toEqual(expect.arrayContaining(['session-held', 'contract-agreed', 'recurrence-detected']))
    expect(refusals.map((r) => `${r.type}:${r.code}`)).toEqual([
      'contract-renegotiated:no-contract',
      'phase-advanced:transition-not-allowed',
    ])
  })

  it('offers the areas a protocol lists (AREA-3)', () => {
    const disputes = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-disputes',
      problemAreas: { allowed: ['role-dispute', 'role-transition'], max: 1 },
    })
    expect(allowedEvents(createCourse(disputes, { id: 'd' })).allowed).toContain('problem-areas-agreed')
  })
})

describe('safeParseCourse: records it cannot read', () => {
  it('refuses a value that is not a JSON object, at the root', () => {
    for (const value of ['"a string"', 42, [], '[1, 2]']) {
      expect(safeParseCourse(value)).toEqual({
        success: false,
        issues: [{ code: 'invalid-type', message: expect.any(String), path: [] }],
      })
    }
    expect(safeParseCourse('{not json')).toEqual({
      success: false,
      issues: [{ code: 'invalid-json', message: expect.any(String), path: [] }],
    })
  })

  it('shows an unknown schema version as it was stored, or by its type', () => {
    const course = createCourse(protocols.ipt, { id: 'c' })
    const found = (schemaVersion: unknown) => {
      const result = safeParseCourse({ ...course, schemaVersion })
      return result.success ? undefined : result.issues[0]?.params?.found
    }
    expect(found(5)).toBe(5)
    expect(found('1')).toBe('1')
    expect(found(undefined)).toBe('undefined')
    expect(found({ major: 1 })).toBe('object')
  })
})
