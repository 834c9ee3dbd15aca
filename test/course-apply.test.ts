import {
  applyEvent,
  type Course,
  type CourseEvent,
  createCourse,
  defineProtocol,
  type Issue,
  type Protocol,
  planCourse,
  protocols,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { on, sessions, walk } from './support/course.js'
import { thrownIssues } from './support/errors.js'
import { testVariant } from './support/protocol.js'

// Every refusal and advisory is asserted whole: code, path, params and rule. Messages are prose and only required
// to be there.

/** An expected issue or advisory: its code and everything but the message. */
function issue(code: string, extra: { path?: Array<string | number>; params?: object; rule?: string } = {}) {
  return { code, message: expect.any(String), ...extra }
}

/** The issues of an event that must be refused. */
function refusal(course: Course, event: CourseEvent): Issue[] {
  const result = applyEvent(course, event)
  if (result.ok) throw new Error(`${event.type} was accepted`)
  return result.issues
}

/** The next course and advisories of an event that must be accepted. */
function accepted(course: Course, event: CourseEvent): { course: Course; advisories: Issue[] } {
  const result = applyEvent(course, event)
  if (!result.ok) throw new Error(`${event.type} refused: ${JSON.stringify(result.issues)}`)
  return { course: result.course, advisories: result.advisories }
}

const fresh = () => createCourse(protocols.ipt, { id: 'c' })

/** A standard IPT course with inventory, one area and a contract of `contracted` sessions, none held yet. */
function agreed(contracted = 16): Course {
  return walk(fresh(), [
    { type: 'inventory-completed', at: on(0) },
    { type: 'problem-areas-agreed', at: on(0), areas: ['role-transition'] },
    { type: 'contract-agreed', at: on(0), sessions: contracted },
  ]).course
}

/** The middle phase of a standard IPT course of 16 contracted sessions, after 3 held sessions. */
function middle(): Course {
  return walk(agreed(), [...sessions(3, 1), { type: 'phase-advanced', at: on(15), to: 'middle' }]).course
}

describe('createCourse: an invalid protocol', () => {
  it('names the protocol in the path of each issue of its ProtocolError', () => {
    const issues = thrownIssues(() => createCourse({ ...protocols.ipt, id: 'Bad Id' }, { id: 'x' }))
    expect(issues.length).toBeGreaterThan(0)
    expect(issues.map((found) => found.path)).toEqual(issues.map(() => ['protocol', 'id']))
  })
})

describe('refusals, asserted whole', () => {
  const narrow = defineProtocol({
    ...testVariant,
    extends: 'ipt',
    id: 'ipt-grief',
    problemAreas: { allowed: ['grief'], max: 1 },
  })
  const cases: Array<{ name: string; course: () => Course; event: CourseEvent; issues: object[] }> = [
    {
      name: 'area-not-allowed names the area and what the protocol allows (AREA-3)',
      course: () => createCourse(narrow, { id: 'c' }),
      event: { type: 'problem-areas-agreed', at: on(0), areas: ['role-dispute'] },
      issues: [
        issue('area-not-allowed', {
          path: ['areas', 0],
          params: { area: 'role-dispute', allowed: ['grief'] },
          rule: 'AREA-3',
        }),
      ],
    },
    {
      name: 'duplicate-area points at the second listing (AREA-3)',
      course: fresh,
      event: { type: 'problem-areas-agreed', at: on(0), areas: ['grief', 'grief'] },
      issues: [issue('duplicate-area', { path: ['areas', 1], params: { area: 'grief' }, rule: 'AREA-3' })],
    },
    {
      name: 'too-many-areas gives the maximum and the count (AREA-3)',
      course: fresh,
      event: { type: 'problem-areas-agreed', at: on(0), areas: ['grief', 'role-dispute', 'role-transition'] },
      issues: [issue('too-many-areas', { path: ['areas'], params: { max: 2, count: 3 }, rule: 'AREA-3' })],
    },
    {
      name: 'focus-change-needs-renegotiation names the phase (AREA-10)',
      course: middle,
      event: { type: 'problem-areas-agreed', at: on(20), areas: ['grief'] },
      issues: [issue('focus-change-needs-renegotiation', { params: { phase: 'middle' }, rule: 'AREA-10' })],
    },
    {
      name: 'contract-exists gives the contracted sessions (SCHED-3)',
      course: () => agreed(16),
      event: { type: 'contract-agreed', at: on(1), sessions: 14 },
      issues: [issue('contract-exists', { params: { sessions: 16 }, rule: 'SCHED-3' })],
    },
    {
      name: 'sessions-out-of-range for a contract below the protocol minimum (SCHED-3)',
      course: fresh,
      event: { type: 'contract-agreed', at: on(0), sessions: 11 },
      issues: [
        issue('sessions-out-of-range', {
          path: ['sessions'],
          params: { sessions: 11, min: 12, default: 16, max: 16 },
          rule: 'SCHED-3',
        }),
      ],
    },
    {
      name: 'sessions-out-of-range for a contract above the protocol maximum (SCHED-3)',
      course: fresh,
      event: { type: 'contract-agreed', at: on(0), sessions: 17 },
      issues: [
        issue('sessions-out-of-range', {
          path: ['sessions'],
          params: { sessions: 17, min: 12, default: 16, max: 16 },
          rule: 'SCHED-3',
        }),
      ],
    },
    {
      name: 'contract-below-held for a first contract under the sessions already held (SCHED-3)',
      course: () => walk(fresh(), sessions(14, 0)).course,
      event: { type: 'contract-agreed', at: on(100), sessions: 13 },
      issues: [
        issue('contract-below-held', { path: ['sessions'], params: { sessions: 13, held: 14 }, rule: 'SCHED-3' }),
      ],
    },
    {
      name: 'beyond-contract gives the contracted limit and the sessions held (SCHED-3)',
      course: () => walk(agreed(12), sessions(12, 1)).course,
      event: { type: 'session-held', at: on(100) },
      issues: [issue('beyond-contract', { params: { limit: 12, held: 12, contracted: true }, rule: 'SCHED-3' })],
    },
    {
      name: 'beyond-contract before any contract stops at the protocol maximum (SCHED-3)',
      course: () => walk(fresh(), sessions(16, 0)).course,
      event: { type: 'session-held', at: on(120) },
      issues: [issue('beyond-contract', { params: { limit: 16, held: 16, contracted: false }, rule: 'SCHED-3' })],
    },
    {
      name: 'no-contract points at the sessions of a renegotiation (SCHED-3)',
      course: fresh,
      event: { type: 'contract-renegotiated', at: on(0), sessions: 14, reason: 'x' },
      issues: [issue('no-contract', { path: ['sessions'], rule: 'SCHED-3' })],
    },
    {
      name: 'no-areas-agreed points at the areas of a renegotiation (AREA-10)',
      course: fresh,
      event: { type: 'contract-renegotiated', at: on(0), areas: ['grief'], reason: 'x' },
      issues: [issue('no-areas-agreed', { path: ['areas'], rule: 'AREA-10' })],
    },
    {
      name: 'contract-below-held for a renegotiation under the sessions already held (SCHED-3)',
      course: middle,
      event: { type: 'contract-renegotiated', at: on(20), sessions: 2, reason: 'x' },
      issues: [issue('contract-below-held', { path: ['sessions'], params: { sessions: 2, held: 3 }, rule: 'SCHED-3' })],
    },
    {
      name: 'too-many-areas in a renegotiation of the focus (AREA-3, AREA-10)',
      course: middle,
      event: {
        type: 'contract-renegotiated',
        at: on(20),
        areas: ['grief', 'role-dispute', 'role-transition'],
        reason: 'x',
      },
      issues: [issue('too-many-areas', { path: ['areas'], params: { max: 2, count: 3 }, rule: 'AREA-3' })],
    },
    {
      name: 'already-in-phase names the phase (PHASE-1)',
      course: fresh,
      event: { type: 'phase-advanced', at: on(0), to: 'initial' },
      issues: [issue('already-in-phase', { params: { phase: 'initial' }, rule: 'PHASE-1' })],
    },
    {
      name: 'transition-not-allowed names both phases (PHASE-5)',
      course: fresh,
      event: { type: 'phase-advanced', at: on(0), to: 'termination' },
      issues: [issue('transition-not-allowed', { params: { from: 'initial', to: 'termination' }, rule: 'PHASE-5' })],
    },
    {
      name: 'precondition-missing for a stored course with more areas than its protocol allows (PHASE-3, AREA-3)',
      course: () => ({ ...agreed(), problemAreas: ['grief', 'role-dispute', 'role-transition'] }),
      event: { type: 'phase-advanced', at: on(1), to: 'middle' },
      issues: [issue('precondition-missing', { params: { missing: 'problem-areas' }, rule: 'PHASE-3' })],
    },
    {
      name: 'course-ended names the terminal phase of a completed course (PHASE-6)',
      course: () => walk(middle(), [{ type: 'course-completed', at: on(20) }]).course,
      event: { type: 'session-held', at: on(30) },
      issues: [issue('course-ended', { params: { phase: 'completed' }, rule: 'PHASE-6' })],
    },
    {
      name: 'course-ended names the terminal phase of a discontinued course (PHASE-6)',
      course: () => walk(middle(), [{ type: 'course-discontinued', at: on(20), reason: 'referral' }]).course,
      event: { type: 'session-held', at: on(30) },
      issues: [issue('course-ended', { params: { phase: 'discontinued' }, rule: 'PHASE-6' })],
    },
    {
      name: 'event-out-of-order gives both instants (LOG-1)',
      course: () => walk(fresh(), [{ type: 'session-held', at: on(7) }]).course,
      event: { type: 'session-held', at: on(0) },
      issues: [issue('event-out-of-order', { path: ['at'], params: { at: on(0), last: on(7) }, rule: 'LOG-1' })],
    },
  ]

  it.each(cases)('$name', ({ course, event, issues }) => {
    expect(refusal(course(), event)).toEqual(issues)
  })
})

describe('contracts: the boundaries of SCHED-1 and SCHED-3', () => {
  it('accepts a first contract for exactly the sessions already held (SCHED-3)', () => {
    const held = walk(fresh(), sessions(14, 0)).course
    expect(accepted(held, { type: 'contract-agreed', at: on(100), sessions: 14 }).course.contract).toEqual({
      sessions: 14,
      agreedAt: on(100),
      renegotiations: 0,
    })
  })

  it('accepts a renegotiation down to exactly the sessions already held (SCHED-3)', () => {
    const late = walk(middle(), sessions(10, 22)).course
    expect(late.counts.sessionsHeld).toBe(13)
    const { course, advisories } = accepted(late, {
      type: 'contract-renegotiated',
      at: on(100),
      sessions: 13,
      reason: 'goals met',
    })
    expect(course.contract).toMatchObject({ sessions: 13, renegotiations: 1 })
    expect(advisories).toEqual([])
  })

  it('advises a renegotiated count outside the protocol range, and only then (SCHED-3)', () => {
    const renegotiate = (count: number) =>
      accepted(middle(), { type: 'contract-renegotiated', at: on(20), sessions: count, reason: 'x' }).advisories
    for (const inside of [12, 14, 16]) expect(renegotiate(inside)).toEqual([])
    for (const outside of [11, 17]) {
      expect(renegotiate(outside)).toEqual([
        issue('beyond-protocol-range', {
          params: { sessions: outside, min: 12, default: 16, max: 16 },
          rule: 'SCHED-3',
        }),
      ])
    }
  })

  it('leaves the contract as it was when only the focus is renegotiated (AREA-10)', () => {
    const before = middle()
    const { course } = accepted(before, {
      type: 'contract-renegotiated',
      at: on(20),
      areas: ['grief'],
      reason: 'the bereavement came first',
    })
    expect(course.problemAreas).toEqual(['grief'])
    expect(course.contract).toEqual(before.contract)
  })

  it('lets the problem areas be agreed anew while still in the initial phase (AREA-3)', () => {
    const first = accepted(fresh(), { type: 'problem-areas-agreed', at: on(0), areas: ['grief'] }).course
    const second = accepted(first, { type: 'problem-areas-agreed', at: on(1), areas: ['role-dispute', 'grief'] })
    expect(second.course.problemAreas).toEqual(['role-dispute', 'grief'])
  })
})

describe('session advisories, asserted whole', () => {
  it('advises each session held in the initial phase past its maximum (PHASE-3)', () => {
    const three = walk(fresh(), sessions(3, 0)).course
    expect(accepted(three, { type: 'session-held', at: on(21) }).advisories).toEqual([
      // Four sessions and no rating yet (MEAS-7), and the fourth is past the initial phase's three.
      issue('rating-due', { params: { sessionsWithoutRating: 4, every: 4 }, rule: 'MEAS-7' }),
      issue('initial-phase-overrun', { params: { session: 4, initialMaxSessions: 3 }, rule: 'PHASE-3' }),
    ])
  })

  it('advises a rating after 4 sessions without one, and again 4 later; a rating starts the count again (MEAS-7)', () => {
    const rated = (day: number): CourseEvent => ({
      type: 'measure-recorded',
      at: on(day),
      instrument: 'phq-9',
      total: 12,
    })
    const { advisories } = walk(agreed(16), [...sessions(9, 1), rated(64), ...sessions(4, 65)])
    const due = advisories.flatMap((codes, index) => (codes.includes('rating-due:MEAS-7') ? [index + 1] : []))
    // Sessions 4 and 8 of the first nine; the rating is event 10, and the fourth session after it is event 14.
    expect(due).toEqual([4, 8, 14])
    const none = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'unrated',
      monitoring: { ratingEverySessions: null },
    })
    // MEAS-7 still applies through the baseline measure the initial phase advises; without it, it does not.
    expect(none.rules).toContain('MEAS-7')
    const noBaseline = defineProtocol({
      ...testVariant,
      extends: none,
      id: 'unmeasured',
      initialTasks: { required: ['inventory'], advised: ['diagnosis'] },
    })
    expect(noBaseline.rules).not.toContain('MEAS-7')
    const unrated = walk(createCourse(none, { id: 'u' }), sessions(8, 1)).advisories.flat()
    expect(unrated.filter((code) => code.startsWith('rating-due'))).toEqual([])
  })

  it('advises termination-due with the sessions left, from the middle phase (PHASE-5)', () => {
    const twelve = walk(middle(), sessions(9, 22)).course
    expect(accepted(twelve, { type: 'session-held', at: on(100) }).advisories).toEqual([
      issue('termination-due', { params: { left: 3, terminationSessions: 3 }, rule: 'PHASE-5' }),
    ])
  })

  it('advises termination-due in an initial phase that overran into the last sessions, the overrun once (PHASE-3, PHASE-5)', () => {
    const { course: eight, advisories } = walk(agreed(12), sessions(8, 1))
    // The overrun is a state: advised when it begins, at session 4, not again at sessions 5–9 (issue 15).
    expect(advisories.flat().filter((code) => code.startsWith('initial-phase-overrun'))).toHaveLength(1)
    expect(advisories[3]).toContain('initial-phase-overrun:PHASE-3')
    expect(accepted(eight, { type: 'session-held', at: on(100) }).advisories).toEqual([
      issue('termination-due', { params: { left: 3, terminationSessions: 3 }, rule: 'PHASE-5' }),
    ])
  })

  it('advises termination-due once, and when a renegotiated contract makes it due (PHASE-5)', () => {
    const { advisories } = walk(middle(), sessions(12, 22))
    expect(advisories.flat().filter((code) => code.startsWith('termination-due'))).toEqual(['termination-due:PHASE-5'])
    const nine = walk(middle(), sessions(6, 22)).course
    const shortened = accepted(nine, { type: 'contract-renegotiated', at: on(70), sessions: 12, reason: 'moving away' })
    expect(shortened.advisories).toEqual([
      issue('termination-due', { params: { left: 3, terminationSessions: 3 }, rule: 'PHASE-5' }),
    ])
    expect(accepted(shortened.course, { type: 'session-held', at: on(71) }).advisories).toEqual([])
  })

  it('does not advise termination-due once the termination phase has begun (PHASE-5)', () => {
    const twelve = walk(middle(), sessions(9, 22)).course
    const { advisories } = walk(twelve, [{ type: 'phase-advanced', at: on(90), to: 'termination' }, ...sessions(4, 91)])
    // Only the rating due at session 16 (MEAS-7: none since the start) is advised.
    expect(advisories).toEqual([[], [], [], [], ['rating-due:MEAS-7']])
  })

  it('gives no acute-phase advice, and does not throw, for a maintenance record whose phase was edited to initial', () => {
    const maintenance = walk(createCourse(protocols['ipt-m'], { id: 'm' }), [
      { type: 'contract-agreed', at: on(0), sessions: 36 },
    ]).course
    const edited: Course = { ...maintenance, phase: 'initial' }
    const { course, advisories } = walk(edited, sessions(5, 1))
    expect(course.counts.sessionsHeld).toBe(5)
    // Ratings are due in maintenance too (MEAS-7); nothing of the acute phases is advised.
    expect(advisories).toEqual([[], [], [], ['rating-due:MEAS-7'], []])
  })
})

describe('participants expected at a given, the first or the last session', () => {
  const couple = defineProtocol({
    ...testVariant,
    extends: 'ipt',
    id: 'ipt-couple',
    schedule: {
      participantsBySession: [
        { session: 2, participants: ['patient', 'partner'] },
        { session: 'last', participants: ['patient', 'partner'] },
      ],
    },
  })
  const partnerAdvice = (advisories: string[][]) =>
    advisories.flatMap((codes, index) =>
      codes.filter((code) => code.startsWith('particip')).map((code) => `${index + 1}:${code}`),
    )

  it('places the last session at the contracted count, ahead of the plan', () => {
    const plan = planCourse(couple, { start: '2027-03-01', time: '10:00', timeZone: 'America/New_York' })
    expect(plan.sessions).toBe(16)
    const course = walk(createCourse(couple, { id: 'c', plan }), [
      { type: 'inventory-completed', at: on(0) },
      { type: 'problem-areas-agreed', at: on(0), areas: ['role-dispute'] },
      { type: 'contract-agreed', at: on(0), sessions: 12 },
    ]).course
    expect(partnerAdvice(walk(course, sessions(12, 1)).advisories)).toEqual([
      '2:participants-unrecorded:',
      '12:participants-unrecorded:',
    ])
  })

  it('places the last session at the planned count before a contract, else at the protocol default', () => {
    const plan = planCourse(couple, { start: '2027-03-01', time: '10:00', timeZone: 'America/New_York', sessions: 14 })
    const planned = createCourse(couple, { id: 'c', plan })
    expect(partnerAdvice(walk(planned, sessions(14, 0)).advisories)).toEqual([
      '2:participants-unrecorded:',
      '14:participants-unrecorded:',
    ])
    const unplanned = createCourse(couple, { id: 'c' })
    expect(partnerAdvice(walk(unplanned, sessions(16, 0)).advisories)).toEqual([
      '2:participants-unrecorded:',
      '16:participants-unrecorded:',
    ])
  })

  it('names the session and who was expected, or who was absent', () => {
    const one = walk(createCourse(couple, { id: 'c' }), sessions(1, 0)).course
    expect(accepted(one, { type: 'session-held', at: on(7) }).advisories).toEqual([
      issue('participants-unrecorded', { params: { session: 2, expected: ['patient', 'partner'] } }),
    ])
    expect(accepted(one, { type: 'session-held', at: on(7), participants: ['patient'] }).advisories).toEqual([
      issue('participant-missing', { params: { session: 2, absent: ['partner'] } }),
    ])
    expect(accepted(one, { type: 'session-held', at: on(7), participants: ['partner', 'patient'] }).advisories).toEqual(
      [],
    )
  })

  it('names the session and the absent parent at the first IPT-A session (IPTA-2)', () => {
    const teen = createCourse(protocols['ipt-a'], { id: 't' })
    const checks: CourseEvent = {
      type: 'session-held',
      at: on(0),
      participants: ['patient'],
      checks: ['suicidality', 'school-attendance'],
    }
    expect(accepted(teen, checks).advisories).toEqual([
      issue('participant-missing', { params: { session: 1, absent: ['parent'] }, rule: 'IPTA-2' }),
    ])
  })
})

describe('phone contacts', () => {
  it('advises a phone contact in a protocol that plans none, naming the session it follows', () => {
    expect(accepted(middle(), { type: 'phone-contact-held', at: on(16) }).advisories).toEqual([
      issue('contact-outside-window', { params: { afterSession: 3 } }),
    ])
  })

  it('judges phone contacts by the phone contacts a protocol plans, not by its other extra contacts', () => {
    const parentSessions = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-parent-sessions',
      schedule: {
        extraContacts: [
          {
            kind: 'parent-session',
            placement: { type: 'after-sessions', fromSession: 1, toSession: 4, offsetDays: 2 },
            durationMinutes: 30,
            participants: ['parent'],
          },
        ],
      },
    })
    const one = walk(createCourse(parentSessions, { id: 'p' }), sessions(1, 0)).course
    expect(accepted(one, { type: 'phone-contact-held', at: on(2) }).advisories).toEqual([
      issue('contact-outside-window', { params: { afterSession: 1 } }),
    ])
  })
})

describe('completing a course early', () => {
  it('from the initial phase, says that the middle and termination phases were skipped (PHASE-5)', () => {
    expect(accepted(fresh(), { type: 'course-completed', at: on(0) }).advisories).toEqual([
      issue('phases-skipped', { params: { from: 'initial', skipped: ['middle', 'termination'] }, rule: 'PHASE-5' }),
      // No ratings show a response: another effective treatment is advised (PHASE-7).
      issue('another-treatment-advised', { params: { ratings: 0, response: false, series: [] }, rule: 'PHASE-7' }),
    ])
  })

  it('from the middle phase, says that termination was skipped and how much of the contract was held (PHASE-5, SCHED-3)', () => {
    expect(accepted(middle(), { type: 'course-completed', at: on(20) }).advisories).toEqual([
      issue('phases-skipped', { params: { from: 'middle', skipped: ['termination'] }, rule: 'PHASE-5' }),
      issue('contract-not-fulfilled', { params: { held: 3, contracted: 16 }, rule: 'SCHED-3' }),
      issue('another-treatment-advised', { params: { ratings: 0, response: false, series: [] }, rule: 'PHASE-7' }),
    ])
  })
})

describe('measures', () => {
  const phq9 = (items: number[], total?: number): CourseEvent => ({
    type: 'measure-recorded',
    at: on(1),
    instrument: 'phq-9',
    items,
    ...(total === undefined ? {} : { total }),
  })
  const hamd = [2, 1, 0, 1, 1, 0, 2, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0]

  it('accepts PHQ-9 items with the total they add up to, and keeps item 9 (MEAS-1)', () => {
    const { course, advisories } = accepted(fresh(), phq9([1, 1, 1, 1, 1, 1, 1, 1, 0], 8))
    expect(course.measures).toEqual([{ at: on(1), instrument: 'phq-9', total: 8, item9: 0 }])
    expect(advisories).toEqual([])
  })

  it('refuses a total that is not the sum of the items (MEAS-1)', () => {
    expect(refusal(fresh(), phq9([1, 1, 1, 1, 1, 1, 1, 1, 0], 9))).toEqual([
      issue('total-mismatch', { path: ['total'], params: { total: 9, sum: 8 }, rule: 'MEAS-1' }),
    ])
  })

  it('refuses PHQ-9 items out of range or of the wrong length, pointing into the items (MEAS-1)', () => {
    expect(refusal(fresh(), phq9([0, 0, 4, 0, 0, 0, 0, 0, 0]))).toEqual([
      issue('invalid-item', { path: ['items', 2], params: { item: 3, max: 3 }, rule: 'MEAS-1' }),
    ])
    expect(refusal(fresh(), phq9([0, 0, 0, 0, 0, 0, 0, 0]))).toEqual([
      issue('invalid-item', { path: ['items'], params: { expected: 9, got: 8 }, rule: 'MEAS-1' }),
    ])
  })

  it('scores HAM-D-17 items by their own ranges and keeps item 3, the suicide item (MEAS-3, MEAS-6)', () => {
    const { course, advisories } = accepted(fresh(), {
      type: 'measure-recorded',
      at: on(1),
      instrument: 'hamd-17',
      items: hamd,
    })
    expect(course.measures).toStrictEqual([{ at: on(1), instrument: 'hamd-17', total: 11, item3: 0 }])
    expect(course.safety.open).toEqual([])
    expect(advisories).toEqual([])
    const insomnia = hamd.map((value, index) => (index === 3 ? 3 : value))
    expect(refusal(fresh(), { type: 'measure-recorded', at: on(1), instrument: 'hamd-17', items: insomnia })).toEqual([
      issue('invalid-item', { path: ['items', 3], params: { item: 4, max: 2 }, rule: 'MEAS-3' }),
    ])
  })

  it('advises that a HAM-D-17 total without items leaves item 3 (suicide) unchecked (MEAS-6)', () => {
    const { course, advisories } = accepted(fresh(), {
      type: 'measure-recorded',
      at: on(1),
      instrument: 'hamd-17',
      total: 30,
    })
    expect(course.measures).toStrictEqual([{ at: on(1), instrument: 'hamd-17', total: 30 }])
    expect(advisories).toEqual([
      issue('suicidality-not-recorded', { params: { instrument: 'hamd-17', item: 3 }, rule: 'MEAS-6' }),
    ])
  })

  it('accepts a PHQ-9 total up to 27 and refuses one above, with its maximum (MEAS-1, MEAS-2)', () => {
    const total = (value: number): CourseEvent => ({
      type: 'measure-recorded',
      at: on(1),
      instrument: 'phq-9',
      total: value,
    })
    const { course, advisories } = accepted(fresh(), total(27))
    expect(course.measures).toStrictEqual([{ at: on(1), instrument: 'phq-9', total: 27 }])
    expect(advisories).toEqual([
      issue('suicidality-not-recorded', { params: { instrument: 'phq-9', item: 9 }, rule: 'MEAS-2' }),
    ])
    expect(refusal(fresh(), total(28))).toEqual([
      issue('invalid-item', { path: ['total'], params: { total: 28, max: 27 }, rule: 'MEAS-1' }),
    ])
  })

  it('repeats an open safety flag with when it was raised, its instrument, item, value and risk (MEAS-2)', () => {
    const flagged = accepted(fresh(), phq9([0, 0, 0, 0, 0, 0, 0, 0, 2]))
    const flag = { instrument: 'phq-9', item: 9, value: 2, highRisk: true }
    expect(flagged.advisories).toEqual([
      issue('suicidality-flag', { params: { ...flag, stored: true, at: on(1), loinc: '44260-8' }, rule: 'MEAS-2' }),
      issue('safety-review-pending', { params: { open: 1, since: on(1), ...flag }, rule: 'MEAS-2' }),
    ])
    expect(flagged.course.safety.open).toEqual([{ at: on(1), ...flag, rule: 'MEAS-2' }])
    expect(accepted(flagged.course, { type: 'session-held', at: on(2) }).advisories).toEqual([
      issue('safety-review-pending', { params: { open: 1, since: on(1), ...flag }, rule: 'MEAS-2' }),
    ])
  })

  it('repeats all open flags in one advisory: their count, the earliest, and the one of highest risk', () => {
    const { course } = walk(fresh(), [
      phq9([0, 0, 0, 0, 0, 0, 0, 0, 1]),
      { ...phq9([0, 0, 0, 0, 0, 0, 0, 0, 3]), at: on(2) },
      { ...phq9([0, 0, 0, 0, 0, 0, 0, 0, 2]), at: on(3) },
    ])
    expect(accepted(course, { type: 'session-held', at: on(4) }).advisories).toEqual([
      issue('safety-review-pending', {
        params: { open: 3, since: on(1), instrument: 'phq-9', item: 9, value: 3, highRisk: true },
        rule: 'MEAS-2',
      }),
    ])
  })
})

describe('the review point: half the contracted sessions, at least 4 (MEAS-5)', () => {
  /** A course in the middle phase with ratings recorded, and the advisories of its eighth session. */
  function atReview(ratings: Array<{ instrument: 'phq-9' | 'hamd-17'; total: number }>): Issue[] {
    const measures = ratings.map(
      ({ instrument, total }, index): CourseEvent => ({
        type: 'measure-recorded',
        at: on(16 + index),
        instrument,
        total,
      }),
    )
    const seven = walk(middle(), [...measures, ...sessions(4, 22)]).course
    expect(seven.counts.sessionsHeld).toBe(7)
    return accepted(seven, { type: 'session-held', at: on(60) }).advisories.filter(
      (advisory) => advisory.code !== 'suicidality-not-recorded',
    )
  }

  it('advises a review when there are no ratings to show a response', () => {
    expect(atReview([])).toEqual([
      issue('no-response-review', {
        params: { sessions: 8, contracted: 16, ratings: 0, changePercent: undefined },
        rule: 'MEAS-5',
      }),
      // Eight sessions without a rating: one is due too (MEAS-7).
      issue('rating-due', { params: { sessionsWithoutRating: 8, every: 4 }, rule: 'MEAS-7' }),
    ])
  })

  it('advises a review when the ratings dropped by less than half, with the change', () => {
    expect(
      atReview([
        { instrument: 'phq-9', total: 20 },
        { instrument: 'phq-9', total: 15 },
      ]),
    ).toEqual([
      issue('no-response-review', {
        params: { sessions: 8, contracted: 16, ratings: 2, changePercent: 25 },
        rule: 'MEAS-5',
      }),
    ])
  })

  /** The sessions (1-based) at which a course of `protocol`, contracted for `contracted`, advises a review. */
  function reviewedAt(protocol: Protocol, contracted?: number): number[] {
    let course = createCourse(protocol, { id: 'r' })
    if (contracted !== undefined)
      course = walk(course, [{ type: 'contract-agreed', at: on(0), sessions: contracted }]).course
    const held = contracted ?? (protocol.schedule.type === 'acute' ? protocol.schedule.sessions.default : 12)
    return walk(course, sessions(held, 1)).advisories.flatMap((codes, index) =>
      codes.includes('no-response-review:MEAS-5') ? [index + 1] : [],
    )
  }

  it('reviews IPT-B and group IPT at session 4, not at their last (issue 13)', () => {
    expect(reviewedAt(protocols['ipt-b'])).toEqual([4])
    expect(reviewedAt(protocols['ipt-group'])).toEqual([4])
    expect(reviewedAt(protocols['ipt-group'], 10)).toEqual([5])
  })

  it('scales with the contract: 16 at 8, 12 at 6, 13 at 7 (rounded up), IPT-A 12 at 6 and 16 at 8', () => {
    expect(reviewedAt(protocols.ipt)).toEqual([8])
    expect(reviewedAt(protocols.ipt, 12)).toEqual([6])
    expect(reviewedAt(protocols.ipt, 13)).toEqual([7])
    expect(reviewedAt(protocols['ipt-a'])).toEqual([6])
    expect(reviewedAt(protocols['ipt-a'], 16)).toEqual([8])
    expect(reviewedAt(protocols['ipt-late-life'])).toEqual([8])
  })

  it('is protocol data: a fixed session, a larger minimum, or none', () => {
    const variant = (review: { share: number; minSessions: number } | null) =>
      defineProtocol({ ...testVariant, extends: 'ipt-b', id: 'v', monitoring: { review } })
    expect(reviewedAt(variant({ share: 0, minSessions: 6 }))).toEqual([6])
    expect(reviewedAt(variant({ share: 0.5, minSessions: 5 }))).toEqual([5])
    expect(reviewedAt(variant({ share: 1, minSessions: 1 }))).toEqual([8])
    const none = variant(null)
    expect(none.monitoring.review).toBeUndefined()
    expect(none.rules).not.toContain('MEAS-5')
    expect(reviewedAt(none)).toEqual([])
  })

  it('gives no advice after a response', () => {
    expect(
      atReview([
        { instrument: 'phq-9', total: 20 },
        { instrument: 'phq-9', total: 8 },
      ]),
    ).toEqual([])
  })

  it('judges the instrument rated first, leaving a later rating of another instrument out (MEAS-4)', () => {
    expect(
      atReview([
        { instrument: 'phq-9', total: 20 },
        { instrument: 'phq-9', total: 8 },
        { instrument: 'hamd-17', total: 20 },
      ]),
    ).toEqual([])
  })
})

describe('events the schema refuses', () => {
  it('refuses a contract renegotiation that changes neither sessions nor areas', () => {
    const event = { type: 'contract-renegotiated', at: on(20), reason: 'x' } as CourseEvent
    expect(refusal(middle(), event)).toEqual([issue('invalid-value', { path: ['event', 'sessions'] })])
  })

  it('refuses a measure with neither items nor a total', () => {
    const event = { type: 'measure-recorded', at: on(1), instrument: 'phq-9' } as CourseEvent
    expect(refusal(fresh(), event)).toEqual([issue('invalid-value', { path: ['event', 'total'] })])
  })
})

describe('event instants: the years 1900–2999 in UTC', () => {
  it('accepts the first and last instants of the range, and refuses the instant on either side, with its value', () => {
    const inRange = [
      '1900-01-01T00:00:00Z',
      '2999-12-31T23:59:59Z',
      '1899-12-31T23:30:00-01:00',
      '3000-01-01T00:30:00+01:00',
    ]
    for (const at of inRange) {
      expect(applyEvent(fresh(), { type: 'inventory-completed', at }).ok).toBe(true)
    }
    for (const at of [
      '1899-12-31T23:59:59Z',
      '3000-01-01T00:00:00Z',
      '2999-12-31T23:00:00-01:00',
      '1900-01-01T00:30:00+01:00',
    ]) {
      expect(refusal(fresh(), { type: 'inventory-completed', at })).toEqual([
        issue('date-out-of-range', { path: ['event', 'at'], params: { value: at, min: 1900, max: 2999 } }),
      ])
    }
  })
})
