/**
 * Issue 14: the course owns its plan. Events keep the course's plan in step (SCHED-6), held contacts are matched to
 * it, the course and its plan agree (protocol, contract), and inputs that are probably mistakes get a word.
 */
import fc from 'fast-check'
import {
  applyEvent,
  type Course,
  type CourseEvent,
  type CoursePlan,
  createCourse,
  type PlanChange,
  type PlannedContact,
  ProtocolError,
  planCourse,
  protocols,
  replay,
  reschedulePlan,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { walk } from './support/course.js'

const ny = { time: '09:30', timeZone: 'America/New_York' } as const
/** IPT, 12 sessions on Mondays at 09:30 from 1 March 2027 (the clocks go forward on 14 March). */
const plan12 = () => planCourse(protocols.ipt, { start: '2027-03-01', ...ny, sessions: 12 })
const course12 = () => createCourse(protocols.ipt, { id: 'c', plan: plan12() })
const counting = (plan: CoursePlan | undefined) =>
  (plan?.contacts ?? []).filter(
    (contact) => contact.kind === 'session' && (contact.status === 'planned' || contact.status === 'held'),
  )
const lastSession = (plan: CoursePlan | undefined) => counting(plan).at(-1)?.start
const codes = (result: ReturnType<typeof applyEvent>) => [
  ...(result.ok ? [] : result.issues.map((issue) => `refused ${issue.code}`)),
  ...result.advisories.map((advisory) => advisory.code),
]

describe('events keep the course’s plan in step (SCHED-6)', () => {
  it('a missed session moves the remaining contacts as reschedulePlan does: 12 sessions are still delivered', () => {
    const held = walk(course12(), [{ type: 'session-held', at: '2027-03-01T10:20:00-05:00' }]).course
    const missed = walk(held, [{ type: 'session-missed', at: '2027-03-08T10:00:00-05:00' }]).course
    expect(lastSession(held.plan)).toBe('2027-05-17T09:30:00-04:00')
    expect(lastSession(missed.plan)).toBe('2027-05-24T09:30:00-04:00')
    expect(counting(missed.plan)).toHaveLength(12)
    expect(missed.plan).toEqual(
      reschedulePlan(held.plan as CoursePlan, { type: 'missed', contactId: 'session-2027-03-08' }),
    )
    expect(missed.events.at(-1)).toEqual({
      type: 'session-missed',
      at: '2027-03-08T10:00:00-05:00',
      contactId: 'session-2027-03-08',
    })
  })

  it('a cancelled session, a missed phone contact and a closure move the plan too; a missed call is not replaced', () => {
    const teen = createCourse(protocols['ipt-a'], {
      id: 't',
      plan: planCourse(protocols['ipt-a'], { start: '2027-03-01', ...ny }),
    })
    const calls = (course: Course) => course.plan?.contacts.filter((contact) => contact.kind === 'phone-contact')
    const { course } = walk(teen, [
      { type: 'session-held', at: '2027-03-01T10:20:00-05:00', participants: ['patient', 'parent'] },
      { type: 'phone-contact-missed', at: '2027-03-04T10:00:00-05:00' },
      { type: 'session-cancelled', at: '2027-03-07T10:00:00-05:00' },
      { type: 'closure-recorded', at: '2027-03-07T11:00:00-05:00', from: '2027-03-15', to: '2027-03-21' },
    ])
    expect(calls(course)?.map((call) => `${call.id}:${call.status}`)).toEqual([
      'phone-contact-2027-03-04:missed',
      'phone-contact-2027-03-25:planned',
      'phone-contact-2027-04-01:planned',
      'phone-contact-2027-04-08:planned',
    ])
    const sessions = course.plan?.contacts.filter((contact) => contact.kind === 'session') ?? []
    expect(sessions.slice(0, 3).map((session) => `${session.id}:${session.status}`)).toEqual([
      'session-2027-03-01:held',
      'session-2027-03-08:cancelled',
      'session-2027-03-22:planned',
    ])
    expect(counting(course.plan)).toHaveLength(12)
    expect(course.plan?.blackouts).toEqual([{ from: '2027-03-15', to: '2027-03-21' }])
  })

  it('a contract for 16 sessions grows a 12-session plan, says so, and keeps what was held', () => {
    const { course } = walk(course12(), [
      { type: 'session-held', at: '2027-03-01T10:20:00-05:00' },
      { type: 'session-held', at: '2027-03-08T10:20:00-05:00' },
    ])
    const result = applyEvent(course, { type: 'contract-agreed', at: '2027-03-08T10:30:00-05:00', sessions: 16 })
    expect(codes(result)).toEqual(['plan-resized'])
    if (!result.ok) return
    expect(result.advisories[0]).toMatchObject({
      rule: 'SCHED-3',
      params: { sessions: 16, planned: 12, last: '2027-06-14T09:30:00-04:00' },
    })
    expect(result.course.plan?.sessions).toBe(16)
    expect(counting(result.course.plan)).toHaveLength(16)
    expect(result.course.plan?.contacts.slice(0, 2)).toEqual(course.plan?.contacts.slice(0, 2))
    // The termination phase follows the contract: its last sessions of 16, not of 12 (PHASE-5).
    const termination = counting(result.course.plan).filter((contact) => contact.phase === 'termination')
    expect(termination[0]?.number).toBe(14)
    expect(termination.at(-1)?.number).toBe(16)
    expect(counting(result.course.plan)[11]?.phase).toBe('middle')
    const shrunk = applyEvent(result.course, {
      type: 'contract-renegotiated',
      at: '2027-03-09T10:00:00-05:00',
      sessions: 14,
      reason: 'patient moving',
    })
    expect(shrunk.ok && counting(shrunk.course.plan)).toHaveLength(14)
  })

  it('before a contract the plan’s count is the limit, and the refusal says to agree a contract', () => {
    const weeks = Array.from(
      { length: 12 },
      (_, index): CourseEvent => ({
        type: 'session-held',
        at: new Date(Date.UTC(2027, 2, 1 + 7 * index, 16)).toISOString(),
      }),
    )
    const { course, advisories } = walk(course12(), weeks)
    // No contract once the initial phase's 3 sessions are used up: advised once (PHASE-3).
    expect(advisories.flat().filter((code) => code.startsWith('contract-missing'))).toEqual([
      'contract-missing:PHASE-3',
    ])
    const thirteenth = applyEvent(course, { type: 'session-held', at: '2027-05-24T16:00:00Z' })
    expect(thirteenth.ok).toBe(false)
    if (thirteenth.ok) return
    expect(thirteenth.issues[0]).toMatchObject({ code: 'beyond-contract', params: { limit: 12, contracted: false } })
    expect(thirteenth.issues[0]?.message).toContain('agree one (contract-agreed)')
    expect(thirteenth.issues[0]?.message).not.toContain('renegotiate')
    const renegotiated = applyEvent(course, {
      type: 'contract-renegotiated',
      at: '2027-05-24T16:00:00Z',
      sessions: 16,
      reason: 'x',
    })
    expect(!renegotiated.ok && renegotiated.issues[0]?.code).toBe('no-contract')
    const agreed = walk(course, [{ type: 'contract-agreed', at: '2027-05-24T15:00:00Z', sessions: 16 }]).course
    expect(applyEvent(agreed, { type: 'session-held', at: '2027-05-24T16:00:00Z' }).ok).toBe(true)
  })
})

describe('held contacts are matched to the plan', () => {
  it('records the next due contact as held, with the actual time', () => {
    const { course } = walk(course12(), [{ type: 'session-held', at: '2027-03-01T10:20:00-05:00' }])
    expect(course.plan?.contacts[0]).toMatchObject({
      id: 'session-2027-03-01',
      status: 'held',
      heldAt: '2027-03-01T10:20:00-05:00',
    })
    expect(course.events[0]).toMatchObject({ contactId: 'session-2027-03-01' })
  })

  it('a session held on a Wednesday at 03:00 a week and a half after its Monday is advised; one two days off is not', () => {
    const late = applyEvent(course12(), { type: 'session-held', at: '2027-03-10T03:00:00-05:00' })
    expect(codes(late)).toEqual(['contact-off-plan'])
    expect(late.advisories[0]).toMatchObject({
      rule: 'SCHED-6',
      params: { contactId: 'session-2027-03-01', planned: '2027-03-01', held: '2027-03-10', days: 9, toleranceDays: 3 },
    })
    expect(codes(applyEvent(course12(), { type: 'session-held', at: '2027-03-03T03:00:00-05:00' }))).toEqual([])
    // The tolerance is a parameter, counted in calendar days in the plan's zone.
    const strict = applyEvent(
      course12(),
      { type: 'session-held', at: '2027-03-03T03:00:00-05:00' },
      { toleranceDays: 1 },
    )
    expect(codes(strict)).toEqual(['contact-off-plan'])
    expect(applyEvent(course12(), { type: 'session-held', at: '2027-03-01T10:00:00Z' }, { toleranceDays: 29 }).ok).toBe(
      false,
    )
  })

  it('may name the contact; a contact the plan lacks, of another kind or already recorded is refused', () => {
    const named = applyEvent(course12(), {
      type: 'session-held',
      at: '2027-03-08T10:20:00-05:00',
      contactId: 'session-2027-03-08',
    })
    expect(named.ok && named.course.plan?.contacts.map((contact) => contact.status).slice(0, 2)).toEqual([
      'planned',
      'held',
    ])
    const refusedCode = (course: Course, contactId: string) => {
      const result = applyEvent(course, { type: 'session-held', at: '2027-03-09T10:00:00-05:00', contactId })
      return result.ok ? 'accepted' : result.issues.map((issue) => `${issue.code}:${issue.path?.join('.')}`).join()
    }
    expect(refusedCode(course12(), 'session-2031-01-01')).toBe('unknown-contact:contactId')
    expect(named.ok && refusedCode(named.course, 'session-2027-03-08')).toBe('contact-not-planned:contactId')
    const teen = createCourse(protocols['ipt-a'], {
      id: 't',
      plan: planCourse(protocols['ipt-a'], { start: '2027-03-01', ...ny }),
    })
    expect(refusedCode(teen, 'phone-contact-2027-03-04')).toBe('contact-kind-mismatch:contactId')
    expect(refusedCode(createCourse(protocols.ipt, { id: 'no-plan' }), 'session-2027-03-08')).toBe(
      'unknown-contact:contactId',
    )
  })

  it('a host that never made a plan keeps today’s behaviour: no plan, no contact ids, no plan advice', () => {
    const { course, advisories } = walk(createCourse(protocols.ipt, { id: 'n' }), [
      { type: 'session-held', at: '2027-03-01T10:20:00-05:00' },
      { type: 'session-missed', at: '2027-03-08T10:20:00-05:00' },
      { type: 'closure-recorded', at: '2027-03-08T11:00:00-05:00', from: '2027-04-01', to: '2027-04-07' },
    ])
    expect(course.plan).toBeUndefined()
    expect(course.events.every((event) => !('contactId' in event))).toBe(true)
    expect(advisories.flat()).toEqual([])
    expect(course.counts).toMatchObject({ sessionsHeld: 1, sessionsMissed: 1 })
  })
})

describe('the course and its plan agree', () => {
  it('createCourse refuses a plan of another protocol, or of another version of it', () => {
    const teenPlan = planCourse(protocols['ipt-a'], { start: '2027-03-01', ...ny })
    const thrown = (plan: CoursePlan) => {
      try {
        createCourse(protocols.ipt, { id: 'c', plan })
      } catch (error) {
        return error instanceof ProtocolError ? error.issues : []
      }
      return []
    }
    expect(thrown(teenPlan)).toEqual([
      expect.objectContaining({
        code: 'plan-protocol-mismatch',
        path: ['plan', 'protocolId'],
        message: expect.stringContaining('plan the course with the course'),
      }),
    ])
    expect(thrown({ ...plan12(), protocolVersion: '0.9.0' })).toEqual([
      expect.objectContaining({ code: 'plan-protocol-mismatch', path: ['plan', 'protocolVersion'] }),
    ])
    expect(replay(protocols.ipt, [], { id: 'c', plan: teenPlan })).toMatchObject({
      ok: false,
      issues: [{ code: 'plan-protocol-mismatch' }],
    })
  })

  it('a blackout that moves the first contact more than 8 weeks (a parameter) is advised', () => {
    const typo = planCourse(protocols.ipt, {
      start: '2027-03-01',
      ...ny,
      blackouts: [{ from: '2027-03-01', to: '2029-03-01' }],
    })
    expect(typo.contacts[0]?.start.slice(0, 10)).toBe('2029-03-05')
    expect(typo.advisories).toEqual([
      expect.objectContaining({
        code: 'start-delayed',
        path: ['blackouts'],
        params: { start: '2027-03-01', first: '2029-03-05', weeks: 8 },
      }),
    ])
    const holiday = { blackouts: [{ from: '2027-03-01', to: '2027-03-10' }] }
    expect(planCourse(protocols.ipt, { start: '2027-03-01', ...ny, ...holiday }).advisories).toEqual([])
    const strict = planCourse(protocols.ipt, { start: '2027-03-01', ...ny, ...holiday, delayAdvisoryWeeks: 1 })
    expect(strict.advisories.map((advisory) => advisory.code)).toEqual(['start-delayed'])
    // A closure recorded in the course is checked the same way.
    const closed = applyEvent(course12(), {
      type: 'closure-recorded',
      at: '2027-02-20T10:00:00-05:00',
      from: '2027-03-01',
      to: '2029-12-31',
    })
    expect(closed.ok && closed.course.plan?.advisories.map((advisory) => advisory.code)).toEqual(['start-delayed'])
  })
})

/** One step of a random log: hold, miss or cancel the next due session, some days after its date. */
type Step = { type: 'session-held' | 'session-missed' | 'session-cancelled'; lateDays: number }

describe('property: the course’s plan and reschedulePlan', () => {
  it('for any held, missed and cancelled events: the contracted sessions are delivered, nothing recorded moves, and the plan equals reschedulePlan’s', () => {
    const step = fc.record({
      type: fc.constantFrom('session-held' as const, 'session-missed' as const, 'session-cancelled' as const),
      lateDays: fc.integer({ min: 0, max: 6 }),
    })
    fc.assert(
      fc.property(
        fc.constantFrom('ipt', 'ipt-a', 'ipt-b'),
        fc.constantFrom('America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata'),
        fc.constantFrom('2027-03-01', '2027-10-25', '2028-03-20'),
        fc.array(step, { maxLength: 30 }),
        (id, timeZone, start, steps: Step[]) => {
          const protocol = protocols[id as 'ipt']
          const first = planCourse(protocol, { start, time: '09:30', timeZone })
          let course = createCourse(protocol, { id: 'p', plan: first })
          let expected = first
          let last = Date.parse(first.contacts[0]?.start ?? start)
          const recorded = new Map<string, PlannedContact>()
          for (const { type, lateDays } of steps) {
            const next = course.plan?.contacts.find(
              (contact) => contact.kind === 'session' && contact.status === 'planned',
            )
            if (!next) break
            last = Math.max(last, Date.parse(next.start) + lateDays * 86_400_000)
            const at = new Date(last).toISOString()
            const result = applyEvent(course, { type, at })
            if (!result.ok) throw new Error(JSON.stringify(result.issues))
            course = result.course
            const change: PlanChange =
              type === 'session-held'
                ? { type: 'held', contactId: next.id, at }
                : { type: type === 'session-missed' ? 'missed' : 'cancelled', contactId: next.id }
            expected = reschedulePlan(expected, change)
            expect(course.plan).toEqual(expected)
            // The contracted number of sessions is still delivered.
            expect(counting(course.plan)).toHaveLength(first.sessions)
            // Nothing held, missed or cancelled ever moves or changes.
            for (const contact of course.plan?.contacts ?? [])
              if (contact.status !== 'planned') recorded.set(contact.id, contact)
            for (const [contactId, contact] of recorded) {
              expect(course.plan?.contacts.find((candidate) => candidate.id === contactId)).toEqual(contact)
            }
          }
          // The log replays to the same course.
          const replayed = replay(protocol, course.events, { id: 'p', plan: first })
          expect(replayed.ok && replayed.course).toEqual(course)
        },
      ),
      { numRuns: 150 },
    )
  })
})
