import {
  type CoursePlan,
  CoursePlanSchema,
  defineProtocol,
  LIMITS,
  type PlanOptions,
  ProtocolError,
  planCourse,
  protocols,
  reschedulePlan,
  safePlanCourse,
  safeReschedulePlan,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { testVariant } from './support/protocol.js'
import { daysBetween, localInZone, wallClock, weekday } from './support/time.js'

const sessionsOf = (plan: CoursePlan, status = 'planned') =>
  plan.contacts.filter(
    (contact) => (contact.kind === 'session' || contact.kind === 'maintenance-session') && contact.status === status,
  )

function codesOf(run: () => unknown): string[] {
  try {
    run()
  } catch (error) {
    if (error instanceof ProtocolError) return error.issues.map((issue) => `${issue.code}@${issue.path?.join('.')}`)
    throw error
  }
  return []
}

describe('planCourse: IPT-A across the March daylight-saving change in New York', () => {
  const plan = planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' })

  it('plans 12 weekly sessions on the start weekday at 16:00 local time, before and after the change', () => {
    const sessions = sessionsOf(plan)
    expect(sessions.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    for (const [index, session] of sessions.entries()) {
      expect(localInZone(session.start, 'America/New_York')).toEqual(wallClock(session.start))
      expect(wallClock(session.start).time).toBe('16:00')
      expect(weekday(wallClock(session.start).date)).toBe(weekday('2027-03-01'))
      expect(daysBetween('2027-03-01', wallClock(session.start).date)).toBe(7 * index)
    }
    expect(sessions[1]?.start).toBe('2027-03-08T16:00:00-05:00')
    expect(sessions[2]?.start).toBe('2027-03-15T16:00:00-04:00')
  })

  it('labels sessions 1–4 initial, 5–8 middle and 9–12 termination (ipt-reference §5 ipt-a)', () => {
    expect(sessionsOf(plan).map((s) => s.phase)).toEqual([
      ...Array(4).fill('initial'),
      ...Array(4).fill('middle'),
      ...Array(4).fill('termination'),
    ])
  })

  it('contracts up to 16 sessions, the middle phase taking the extra four and the parent the last', () => {
    const long = planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'UTC', sessions: 16 })
    expect(sessionsOf(long).map((s) => s.phase)).toEqual([
      ...Array(4).fill('initial'),
      ...Array(8).fill('middle'),
      ...Array(4).fill('termination'),
    ])
    expect(sessionsOf(long).map((s) => s.participants.includes('parent'))).toEqual([
      true,
      ...Array(14).fill(false),
      true,
    ])
    expect(() =>
      planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'UTC', sessions: 17 }),
    ).toThrow(ProtocolError)
  })

  it('places one phone contact strictly between each of sessions 1–4 and the next session', () => {
    const sessions = sessionsOf(plan)
    const calls = plan.contacts.filter((contact) => contact.kind === 'phone-contact')
    expect(calls.map((call) => call.number)).toEqual([1, 2, 3, 4])
    for (const call of calls) {
      const before = sessions[call.number - 1]
      const after = sessions[call.number]
      expect(Date.parse(call.start)).toBeGreaterThan(Date.parse(before?.start ?? ''))
      expect(Date.parse(call.start)).toBeLessThan(Date.parse(after?.start ?? ''))
    }
  })

  it('has the parent in the first session and at termination, the last (IPTA-2)', () => {
    expect(sessionsOf(plan).map((s) => s.participants.includes('parent'))).toEqual([
      true,
      ...Array(10).fill(false),
      true,
    ])
  })

  it('lists contacts in time order, with unique ids, and round-trips through JSON and its schema', () => {
    const instants = plan.contacts.map((contact) => Date.parse(contact.start))
    expect(instants).toEqual([...instants].sort((a, b) => a - b))
    expect(new Set(plan.contacts.map((contact) => contact.id)).size).toBe(plan.contacts.length)
    expect(CoursePlanSchema.parse(JSON.parse(JSON.stringify(plan)))).toEqual(plan)
  })
})

describe('planCourse: other zones, protocols and options', () => {
  it('keeps 09:30 local time across the 30-minute shift on Lord Howe Island and in the southern hemisphere', () => {
    for (const timeZone of [
      'Australia/Lord_Howe',
      'Australia/Sydney',
      'America/Santiago',
      'Asia/Kolkata',
      'Europe/London',
    ]) {
      const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '09:30', timeZone, sessions: 16 })
      const offsets = new Set(plan.contacts.map((contact) => contact.start.slice(-6)))
      for (const contact of plan.contacts) {
        expect(localInZone(contact.start, timeZone)).toEqual(wallClock(contact.start))
        expect(wallClock(contact.start).time).toBe('09:30')
      }
      if (timeZone !== 'Asia/Kolkata') expect(offsets.size).toBe(2)
    }
  })

  it('IPT-M: 36 monthly sessions on the start day, clamped to the month end (31 Jan → 28 Feb → 31 Mar)', () => {
    const plan = planCourse(protocols['ipt-m'], { start: '2027-01-31', time: '10:00', timeZone: 'Europe/Berlin' })
    const dates = plan.contacts.map((contact) => wallClock(contact.start).date)
    expect(plan.contacts).toHaveLength(36)
    expect(plan.sessions).toBe(36)
    expect(plan.months).toBe(36)
    expect(dates.slice(0, 4)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30'])
    expect(dates[13]).toBe('2028-02-29')
    expect(
      plan.contacts.every((contact) => contact.kind === 'maintenance-session' && contact.phase === 'maintenance'),
    ).toBe(true)
    expect(
      planCourse(protocols['ipt-m'], { start: '2027-01-15', time: '10:00', timeZone: 'UTC', months: 24 }).contacts,
    ).toHaveLength(24)
  })

  it('a twice-monthly maintenance variant (Frank 2007) plans every slot that starts within its months', () => {
    const protocol = defineProtocol({
      ...testVariant,
      extends: 'ipt-m',
      id: 'ipt-m-fortnightly',
      schedule: { months: { min: 6, default: 6, max: 12 }, frequency: { every: 2, unit: 'week' } },
    })
    const plan = planCourse(protocol, { start: '2027-01-04', time: '10:00', timeZone: 'Europe/Paris' })
    const dates = plan.contacts.map((contact) => wallClock(contact.start).date)
    const end = '2027-07-04' // six months after the start
    expect(dates.every((date, index) => daysBetween('2027-01-04', date) === 14 * index && date < end)).toBe(true)
    expect(daysBetween(dates.at(-1) ?? '', end)).toBeLessThanOrEqual(14)
    expect(plan.sessions).toBe(dates.length)
  })

  it('group IPT: the pre-group individual session comes first, then 8 weekly group sessions', () => {
    const plan = planCourse(protocols['ipt-group'], { start: '2027-05-03', time: '18:00', timeZone: 'UTC' })
    expect(plan.contacts[0]).toMatchObject({
      kind: 'pre-group-session',
      participants: ['patient'],
      start: '2027-05-03T18:00:00+00:00',
    })
    expect(sessionsOf(plan)).toHaveLength(8)
    expect(sessionsOf(plan)[0]?.participants).toEqual(['patient', 'group'])
  })

  it('uses the contracted count and session length within the protocol range', () => {
    const plan = planCourse(protocols.ipt, {
      start: '2027-03-01',
      time: '10:00',
      timeZone: 'UTC',
      sessions: 12,
      sessionMinutes: 60,
    })
    expect(sessionsOf(plan)).toHaveLength(12)
    expect(plan.contacts.every((contact) => contact.durationMinutes === 60)).toBe(true)
    expect(
      sessionsOf(plan)
        .filter((s) => s.phase === 'termination')
        .map((s) => s.number),
    ).toEqual([10, 11, 12])
  })

  it('twice weekly early on (SCHED-5): days 0 and 3 of each week, then weekly from the next week', () => {
    const protocol = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-intensive-start',
      schedule: { earlyFrequency: { sessions: 8, frequency: { every: 1, unit: 'week', times: 2 } } },
    })
    const dates = sessionsOf(planCourse(protocol, { start: '2027-03-01', time: '10:00', timeZone: 'UTC' })).map(
      (s) => wallClock(s.start).date,
    )
    expect(dates.slice(0, 10)).toEqual([
      '2027-03-01',
      '2027-03-04',
      '2027-03-08',
      '2027-03-11',
      '2027-03-15',
      '2027-03-18',
      '2027-03-22',
      '2027-03-25',
      '2027-03-29',
      '2027-04-05',
    ])
    expect(dates).toHaveLength(16)
  })

  it('moves a session in a blackout to the next free slot of its series and keeps the count (SCHED-6)', () => {
    const plan = planCourse(protocols.ipt, {
      start: '2027-12-06',
      time: '10:00',
      timeZone: 'America/New_York',
      blackouts: [{ from: '2027-12-24', to: '2028-01-02' }],
    })
    const dates = sessionsOf(plan).map((s) => wallClock(s.start).date)
    expect(dates).toHaveLength(16)
    expect(dates.slice(2, 5)).toEqual(['2027-12-20', '2028-01-03', '2028-01-10'])
    expect(dates.some((date) => date >= '2027-12-24' && date <= '2028-01-02')).toBe(false)
  })

  it('adds MAINT-5 follow-ups after the last session when asked', () => {
    const plan = planCourse(protocols.ipt, {
      start: '2027-03-01',
      time: '10:00',
      timeZone: 'UTC',
      followUp: { everyMonths: 3, count: 2 },
    })
    const followUps = plan.contacts.filter((contact) => contact.kind === 'follow-up')
    const last = sessionsOf(plan).at(-1)
    expect(followUps.map((f) => [f.phase, wallClock(f.start).date])).toEqual([
      ['follow-up', '2027-09-14'],
      ['follow-up', '2027-12-14'],
    ])
    expect(wallClock(last?.start ?? '').date).toBe('2027-06-14')
    expect(
      planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'UTC' }).contacts.some(
        (c) => c.kind === 'follow-up',
      ),
    ).toBe(false)
  })

  it('reports a time inside a daylight-saving gap as moved forward, never silently', () => {
    const plan = planCourse(protocols.ipt, { start: '2027-03-07', time: '02:30', timeZone: 'America/New_York' })
    expect(plan.contacts[1]?.start).toBe('2027-03-14T03:30:00-04:00')
    expect(plan.advisories).toEqual([
      expect.objectContaining({
        code: 'time-shifted',
        params: { contactId: 'session-2027-03-14', requested: '02:30', actual: '03:30' },
      }),
    ])
  })

  it('keeps midnight in Santiago, where the clocks change at midnight, under any process time zone', () => {
    const options = { time: '00:00', timeZone: 'America/Santiago', sessions: 12 }
    // 4 April 2027: clocks go back from 24:00 to 23:00 on the Saturday, so Sunday 00:00 exists once.
    const autumn = planCourse(protocols.ipt, { ...options, start: '2027-03-28' })
    expect(autumn.contacts.slice(0, 3).map((c) => c.start)).toEqual([
      '2027-03-28T00:00:00-03:00',
      '2027-04-04T00:00:00-04:00',
      '2027-04-11T00:00:00-04:00',
    ])
    expect(autumn.advisories).toEqual([])
    // 5 September 2027: clocks go forward from 00:00 to 01:00, so 00:00 does not exist that day.
    const spring = planCourse(protocols.ipt, { ...options, start: '2027-08-29' })
    expect(spring.contacts[1]?.start).toBe('2027-09-05T01:00:00-03:00')
    expect(spring.advisories.map((a) => a.params)).toEqual([
      { contactId: 'session-2027-09-05', requested: '00:00', actual: '01:00' },
    ])
  })

  it('a time that occurs twice when clocks go back is its first occurrence', () => {
    const plan = planCourse(protocols.ipt, { start: '2027-10-31', time: '01:30', timeZone: 'America/New_York' })
    expect(plan.contacts.slice(0, 3).map((c) => c.start)).toEqual([
      '2027-10-31T01:30:00-04:00',
      '2027-11-07T01:30:00-04:00',
      '2027-11-14T01:30:00-05:00',
    ])
    expect(plan.advisories).toEqual([])
  })

  it('plans a time in a gap or an overlap the same way again, once the zone is known', () => {
    for (const time of ['01:30', '02:30']) {
      for (const start of ['2027-10-31', '2027-03-07']) {
        const options = { start, time, timeZone: 'America/New_York' }
        const first = planCourse(protocols.ipt, options)
        expect(planCourse(protocols.ipt, options)).toEqual(first)
        expect(planCourse(structuredClone(protocols.ipt), options)).toEqual(first)
      }
    }
    const gap = planCourse(protocols.ipt, { start: '2027-03-07', time: '02:30', timeZone: 'America/New_York' })
    expect(gap.contacts[1]?.start).toBe('2027-03-14T03:30:00-04:00')
  })

  it('does not depend on the object passed in, nor change it', () => {
    const options: PlanOptions = {
      start: '2027-03-01',
      time: '10:00',
      timeZone: 'UTC',
      blackouts: [{ from: '2027-03-08', to: '2027-03-08' }],
    }
    const before = JSON.stringify(options)
    const plan = planCourse(protocols.ipt, options)
    expect(JSON.stringify(options)).toBe(before)
    expect(plan.blackouts).not.toBe(options.blackouts)
  })
})

describe('planCourse: invalid input', () => {
  const valid = { start: '2027-03-01', time: '10:00', timeZone: 'America/New_York' }
  it.each([
    [{ ...valid, timeZone: 'Mars/Olympus_Mons' }, ['invalid-time-zone@timeZone']],
    [{ ...valid, timeZone: '+05:00' }, ['invalid-time-zone@timeZone']],
    [{ ...valid, start: '2027-02-30' }, ['invalid-date@start']],
    [{ ...valid, start: '2027-3-1' }, ['invalid-date@start']],
    [{ ...valid, start: '1850-01-01' }, ['date-out-of-range@start']],
    [{ ...valid, time: '25:00' }, ['invalid-time@time']],
    [{ ...valid, time: '9:00' }, ['invalid-time@time']],
    [{ ...valid, sessions: 20 }, ['out-of-range@sessions']],
    [{ ...valid, sessions: 11 }, ['out-of-range@sessions']],
    [{ ...valid, sessions: 12.5 }, ['invalid-type@sessions']],
    [{ ...valid, sessionMinutes: 90 }, ['out-of-range@sessionMinutes']],
    [{ ...valid, months: 12 }, ['option-not-applicable@months']],
    [{ ...valid, blackouts: [{ from: '2027-03-10', to: '2027-03-01' }] }, ['invalid-range@blackouts.0.to']],
    [{ ...valid, followUp: { everyMonths: 12, count: 1 } }, ['out-of-range@followUp.everyMonths']],
    [{ ...valid, extra: true }, ['unrecognized-keys@']],
    [
      { start: '2027-02-30', time: '25:00', timeZone: 'Nowhere' },
      ['invalid-date@start', 'invalid-time-zone@timeZone', 'invalid-time@time'],
    ],
  ])('refuses %j', (options, expected) => {
    expect(codesOf(() => planCourse(protocols.ipt, options as PlanOptions)).sort()).toEqual(expected)
  })

  it('refuses months outside IPT-M range and sessions for a maintenance protocol', () => {
    expect(codesOf(() => planCourse(protocols['ipt-m'], { ...valid, months: 48 }))).toEqual(['out-of-range@months'])
    expect(codesOf(() => planCourse(protocols['ipt-m'], { ...valid, sessions: 12 }))).toEqual([
      'option-not-applicable@sessions',
    ])
  })

  it('refuses an invalid protocol, with paths under "protocol"', () => {
    const broken = { ...protocols.ipt, schedule: { ...protocols.ipt.schedule, frequency: { every: 0, unit: 'week' } } }
    expect(codesOf(() => planCourse(broken as never, valid))).toEqual(['too-small@protocol.schedule.frequency.every'])
  })

  it('checks every protocol but the built-ins, even a deeply frozen copy of one, and plans a valid copy alike', () => {
    const copy = structuredClone(protocols['ipt-a'])
    expect(planCourse(copy, valid)).toEqual(planCourse(protocols['ipt-a'], valid))
    // A plan of a built-in shares its (frozen) schedule; a copy's schedule is validated into a new one.
    expect(planCourse(protocols['ipt-a'], valid).schedule).toBe(protocols['ipt-a'].schedule)
    expect(planCourse(copy, valid).schedule).not.toBe(copy.schedule)
    const broken = Object.freeze({ ...copy, schedule: Object.freeze({ ...copy.schedule, participants: [] }) })
    expect(codesOf(() => planCourse(broken, valid))).toEqual(['too-small@protocol.schedule.participants'])
  })

  it('stops at the hard cap with no-free-slot when blackouts leave no slot, instead of hanging', () => {
    const result = safePlanCourse(protocols.ipt, { ...valid, blackouts: [{ from: '2027-03-10', to: '2999-12-31' }] })
    expect(result.success).toBe(false)
    if (!result.success)
      expect(result.issues[0]).toMatchObject({ code: 'no-free-slot', path: ['blackouts'], rule: 'SCHED-6' })
  })

  it('safePlanCourse returns the same plan planCourse does', () => {
    expect(safePlanCourse(protocols.ipt, valid)).toEqual({ success: true, data: planCourse(protocols.ipt, valid) })
  })
})

describe('reschedulePlan', () => {
  const plan = planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' })

  it('a missed weekly session keeps the count and pushes the last session one week later (SCHED-6)', () => {
    const missed = sessionsOf(plan)[4]
    const moved = reschedulePlan(plan, { type: 'missed', contactId: missed?.id ?? '' })
    expect(sessionsOf(moved)).toHaveLength(12)
    expect(sessionsOf(moved, 'missed').map((s) => s.id)).toEqual([missed?.id])
    const lastBefore = wallClock(sessionsOf(plan).at(-1)?.start ?? '').date
    const lastAfter = wallClock(sessionsOf(moved).at(-1)?.start ?? '').date
    expect(daysBetween(lastBefore, lastAfter)).toBe(7)
  })

  it('a held contact marks that contact only: the same plan as planning its contacts again (SCHED-6)', () => {
    // Held contacts are marked in place (no contact moves); a change that plans every contact again must agree.
    const canon = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(canon)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.keys(value)
                .sort()
                .map((key) => [key, canon((value as Record<string, unknown>)[key])]),
            )
          : value
    for (const id of ['ipt', 'ipt-a', 'ipt-group', 'ipt-b'] as const) {
      let current = planCourse(protocols[id], {
        start: '2027-03-05',
        time: '02:30',
        timeZone: 'America/New_York',
        blackouts: [{ from: '2027-04-10', to: '2027-04-20' }],
      })
      for (const [step, type] of ['held', 'held', 'missed', 'held', 'cancelled', 'held'].entries()) {
        const next = current.contacts.find(
          (contact) => contact.status === 'planned' && contact.kind !== 'phone-contact',
        )
        if (!next) break
        current = reschedulePlan(
          current,
          type === 'held'
            ? { type: 'held', contactId: next.id, at: next.start }
            : { type: type as 'missed' | 'cancelled', contactId: next.id },
        )
        const again = reschedulePlan(current, { type: 'sessions', sessions: current.sessions })
        expect(canon({ ...again, revision: 0 }), `${id} step ${step}`).toEqual(canon({ ...current, revision: 0 }))
      }
    }
  })

  it('leaves every contact before the change exactly as it was', () => {
    const changeAt = sessionsOf(plan)[2]
    const moved = reschedulePlan(plan, { type: 'cancelled', contactId: changeAt?.id ?? '' })
    const earlier = (p: CoursePlan) =>
      p.contacts.filter((contact) => Date.parse(contact.start) < Date.parse(changeAt?.start ?? ''))
    expect(earlier(moved)).toEqual(earlier(plan))
    expect(moved.contacts.find((contact) => contact.id === changeAt?.id)?.status).toBe('cancelled')
  })

  it('a new blackout moves the contacts in it and after it, not before', () => {
    const moved = reschedulePlan(plan, { type: 'blackout', from: '2027-04-01', to: '2027-04-14' })
    expect(moved.contacts.filter((c) => c.start < '2027-04-01')).toEqual(
      plan.contacts.filter((c) => c.start < '2027-04-01'),
    )
    expect(sessionsOf(moved)).toHaveLength(12)
    expect(
      moved.contacts.some((c) => wallClock(c.start).date >= '2027-04-01' && wallClock(c.start).date <= '2027-04-14'),
    ).toBe(false)
    expect(moved.blackouts).toEqual([{ from: '2027-04-01', to: '2027-04-14' }])
  })

  it('records a missed phone contact without replacing it', () => {
    const call = plan.contacts.find((contact) => contact.kind === 'phone-contact')
    const moved = reschedulePlan(plan, { type: 'missed', contactId: call?.id ?? '' })
    expect(moved.contacts.filter((c) => c.kind === 'phone-contact').map((c) => c.status)).toEqual([
      'missed',
      'planned',
      'planned',
      'planned',
    ])
    expect(sessionsOf(moved)).toEqual(sessionsOf(plan))
  })

  it('survives a JSON round trip between changes, and never mutates the plan', () => {
    const stored = JSON.parse(JSON.stringify(plan)) as CoursePlan
    const frozen = structuredClone(plan)
    const first = reschedulePlan(stored, { type: 'missed', contactId: sessionsOf(plan)[1]?.id ?? '' })
    const second = reschedulePlan(JSON.parse(JSON.stringify(first)), {
      type: 'missed',
      contactId: sessionsOf(first)[3]?.id ?? '',
    })
    expect(sessionsOf(second)).toHaveLength(12)
    expect(sessionsOf(second, 'missed')).toHaveLength(2)
    expect(plan).toEqual(frozen)
  })

  it.each([
    [{ type: 'missed', contactId: 'session-1999-01-01' }, ['unknown-contact@change.contactId']],
    [{ type: 'blackout', from: '2027-05-01', to: '2027-04-01' }, ['invalid-range@change.to']],
    [{ type: 'postponed', contactId: 'x' }, ['unknown-type@change.type']],
  ])('refuses %j', (change, expected) => {
    expect(codesOf(() => reschedulePlan(plan, change as never))).toEqual(expected)
  })

  it('names the contact it refuses, and accepts a one-day blackout', () => {
    const id = sessionsOf(plan)[0]?.id ?? ''
    const once = reschedulePlan(plan, { type: 'missed', contactId: id })
    const again = safeReschedulePlan(once, { type: 'cancelled', contactId: id })
    expect(again.success ? [] : again.issues).toEqual([
      expect.objectContaining({ code: 'contact-not-planned', params: { contactId: id } }),
    ])
    const unknown = safeReschedulePlan(plan, { type: 'missed', contactId: 'session-1999-01-01' })
    expect(unknown.success ? [] : unknown.issues).toEqual([
      expect.objectContaining({ code: 'unknown-contact', params: { contactId: 'session-1999-01-01' } }),
    ])
    const day = wallClock(sessionsOf(plan)[3]?.start ?? '').date
    const moved = reschedulePlan(plan, { type: 'blackout', from: day, to: day })
    expect(datesOf(sessionsOf(moved))).not.toContain(day)
  })

  it('refuses to record the same contact twice, and a plan that is not a plan', () => {
    const id = sessionsOf(plan)[0]?.id ?? ''
    const once = reschedulePlan(plan, { type: 'missed', contactId: id })
    expect(codesOf(() => reschedulePlan(once, { type: 'missed', contactId: id }))).toEqual([
      'contact-not-planned@change.contactId',
    ])
    const result = safeReschedulePlan({ ...plan, schemaVersion: 2 } as never, { type: 'missed', contactId: id })
    expect(result.success ? [] : result.issues.map((issue) => issue.path?.join('.'))).toEqual(['plan.schemaVersion'])
  })
})

describe('planCourse: rules at their bounds', () => {
  const utc = { start: '2027-03-01', time: '10:00', timeZone: 'UTC' }
  const issuesOf = (result: { success: boolean; issues?: unknown[] }) => (result.success ? [] : result.issues)

  it('accepts session counts and lengths at both ends of the range and reports the range it missed (SCHED-1, SCHED-2)', () => {
    for (const sessions of [12, 16])
      expect(sessionsOf(planCourse(protocols.ipt, { ...utc, sessions }))).toHaveLength(sessions)
    for (const sessionMinutes of [45, 60]) {
      expect(planCourse(protocols.ipt, { ...utc, sessionMinutes }).contacts[0]?.durationMinutes).toBe(sessionMinutes)
    }
    expect(issuesOf(safePlanCourse(protocols.ipt, { ...utc, sessions: 17, sessionMinutes: 44 }))).toEqual([
      expect.objectContaining({
        code: 'out-of-range',
        path: ['sessionMinutes'],
        params: { value: 44, min: 45, max: 60 },
        rule: 'SCHED-3',
      }),
      expect.objectContaining({
        code: 'out-of-range',
        path: ['sessions'],
        params: { value: 17, min: 12, max: 16 },
        rule: 'SCHED-3',
      }),
    ])
  })

  it('reports months outside the IPT-M range with the range (MAINT-1), and options that do not apply', () => {
    expect(Object.keys(planCourse(protocols.ipt, utc))).not.toContain('months')
    expect(issuesOf(safePlanCourse(protocols['ipt-m'], { ...utc, months: 23 }))).toEqual([
      expect.objectContaining({ params: { value: 23, min: 24, max: 36 }, rule: 'MAINT-1' }),
    ])
    expect(issuesOf(safePlanCourse(protocols['ipt-m'], { ...utc, sessions: 12 }))).toEqual([
      expect.objectContaining({ code: 'option-not-applicable', params: { schedule: 'maintenance' } }),
    ])
    expect(issuesOf(safePlanCourse(protocols.ipt, { ...utc, months: 12 }))).toEqual([
      expect.objectContaining({ code: 'option-not-applicable', params: { schedule: 'acute' } }),
    ])
  })
})

/** A calendar date `days` days after `date`, by plain UTC arithmetic (an oracle independent of the library). */
const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
const pad = (value: number) => String(value).padStart(2, '0')
const datesOf = (contacts: CoursePlan['contacts']) => contacts.map((contact) => wallClock(contact.start).date)

/**
 * A stored plan's record of every quarterly follow-up slot after the given month (0-based) of `year` as cancelled,
 * as many as one series may examine.
 */
const cancelledFollowUps = (year: number, monthIndex: number, day: string): CoursePlan['skipped'] =>
  Array.from({ length: LIMITS.slotsPerSeries }, (_, index) => {
    const month = monthIndex + 3 * (index + 1)
    return {
      contactId: `follow-up-${year + Math.floor(month / 12)}-${pad(1 + (month % 12))}-${day}`,
      type: 'cancelled',
    }
  })

describe('planCourse: where contacts go', () => {
  const utc = { start: '2027-03-01', time: '10:00', timeZone: 'UTC' }
  const callsOf = (plan: CoursePlan) => plan.contacts.filter((contact) => contact.kind === 'phone-contact')

  it('SCHED-6: a series examines at most LIMITS.slotsPerSeries slots, then stops with no-free-slot', () => {
    const daily = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-daily-pair',
      schedule: {
        sessions: { min: 2, default: 2, max: 2 },
        frequency: { every: 1, unit: 'day' },
        phases: { initialMaxSessions: 1, terminationSessions: 1 },
      },
    })
    const start = '1990-01-01'
    const lastSlot = plusDays(start, LIMITS.slotsPerSeries - 1)
    // Every slot but the last two within the cap is blocked: both sessions fit.
    const fits = planCourse(daily, { ...utc, start, blackouts: [{ from: start, to: plusDays(lastSlot, -2) }] })
    expect(datesOf(sessionsOf(fits))).toEqual([plusDays(lastSlot, -1), lastSlot])
    // One more blocked slot: the second session would be the first slot past the cap.
    const result = safePlanCourse(daily, { ...utc, start, blackouts: [{ from: start, to: plusDays(lastSlot, -1) }] })
    expect(result.success ? [] : result.issues).toEqual([
      expect.objectContaining({
        code: 'no-free-slot',
        path: ['blackouts'],
        params: { kind: 'session', number: 2, limit: LIMITS.slotsPerSeries },
        rule: 'SCHED-6',
      }),
    ])
  })

  it('SCHED-6: with follow-ups asked for, a plan whose sessions find no slot reports the sessions alone', () => {
    const result = safePlanCourse(protocols.ipt, {
      ...utc,
      blackouts: [{ from: '2027-03-10', to: '2999-12-31' }],
      followUp: { everyMonths: 3, count: 1 },
    })
    expect(result.success ? [] : result.issues.map((issue) => issue.params)).toEqual([
      { kind: 'session', number: 3, limit: LIMITS.slotsPerSeries },
    ])
  })

  it('a pre-group session in a blackout takes the first free day within LIMITS.searchDays days, else an advisory', () => {
    const start = '2027-01-04'
    const preGroup = (plan: CoursePlan) => plan.contacts.filter((contact) => contact.kind === 'pre-group-session')
    const found = planCourse(protocols['ipt-group'], {
      ...utc,
      start,
      blackouts: [{ from: start, to: plusDays(start, LIMITS.searchDays - 2) }],
    })
    expect(datesOf(preGroup(found))).toEqual([plusDays(start, LIMITS.searchDays - 1)])
    // A year of blackout is more than 8 weeks of delay: the plan says so (a likely typing slip).
    expect(found.advisories.map((advisory) => advisory.code)).toEqual(['start-delayed'])
    // The first session then lies five days after the last day searched, so a free day remains before it.
    const notFound = planCourse(protocols['ipt-group'], {
      ...utc,
      start,
      blackouts: [{ from: start, to: plusDays(start, LIMITS.searchDays - 1) }],
    })
    expect(preGroup(notFound)).toEqual([])
    expect(datesOf(sessionsOf(notFound))[0]).toBe(plusDays(start, LIMITS.searchDays + 5))
    expect(notFound.advisories).toEqual([
      expect.objectContaining({
        code: 'extra-contact-unplaced',
        path: ['schedule', 'extraContacts'],
        params: { kind: 'pre-group-session', number: 1 },
      }),
      expect.objectContaining({ code: 'start-delayed' }),
    ])
  })

  it('IPT-A: a phone contact in a blackout moves to the next free day before the next session, else an advisory', () => {
    const moved = planCourse(protocols['ipt-a'], { ...utc, blackouts: [{ from: '2027-03-04', to: '2027-03-05' }] })
    expect(datesOf(callsOf(moved))).toEqual(['2027-03-06', '2027-03-11', '2027-03-18', '2027-03-25'])
    expect(moved.advisories).toEqual([])
    // Session 2 is on 8 March: a call that same day would not be between the sessions.
    const crowded = planCourse(protocols['ipt-a'], { ...utc, blackouts: [{ from: '2027-03-04', to: '2027-03-07' }] })
    expect(callsOf(crowded).map((call) => call.number)).toEqual([2, 3, 4])
    expect(crowded.advisories).toEqual([
      expect.objectContaining({
        code: 'extra-contact-unplaced',
        path: ['schedule', 'extraContacts'],
        params: { kind: 'phone-contact', number: 1 },
      }),
    ])
  })

  it('IPT-A: each phone contact follows its session by three days and shares its phase (PHASE-1)', () => {
    const plan = planCourse(protocols['ipt-a'], utc)
    expect(callsOf(plan).map((call) => call.phase)).toEqual(['initial', 'initial', 'initial', 'initial'])
    // After a missed session 2, the second call follows the session that replaces it.
    const moved = reschedulePlan(plan, { type: 'missed', contactId: 'session-2027-03-08' })
    const sessions = sessionsOf(moved)
    for (const call of callsOf(moved)) {
      const session = sessions.find((s) => s.number === call.number)
      expect(daysBetween(wallClock(session?.start ?? '').date, wallClock(call.start).date)).toBe(3)
    }
    expect(datesOf(callsOf(moved))).toEqual(['2027-03-04', '2027-03-18', '2027-03-25', '2027-04-01'])
  })

  it('gives the first, last and a numbered session their own participants, the rest the default', () => {
    const protocol = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-family',
      schedule: {
        participantsBySession: [
          { session: 'first', participants: ['patient', 'partner'] },
          { session: 6, participants: ['patient', 'caregiver'] },
          { session: 'last', participants: ['patient', 'parent'] },
        ],
      },
    })
    const participants = sessionsOf(planCourse(protocol, { ...utc, sessions: 12 })).map((s) => s.participants)
    expect(participants).toEqual([
      ['patient', 'partner'],
      ...Array(4).fill(['patient']),
      ['patient', 'caregiver'],
      ...Array(5).fill(['patient']),
      ['patient', 'parent'],
    ])
  })

  it('SCHED-5: when the early sessions end on a day of the weekly series, the next session is a week later', () => {
    const protocol = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-intensive-seven',
      schedule: { earlyFrequency: { sessions: 7, frequency: { every: 1, unit: 'week', times: 2 } } },
    })
    const sessions = sessionsOf(planCourse(protocol, utc))
    expect(sessions.map((s) => s.number)).toEqual(Array.from({ length: 16 }, (_, index) => index + 1))
    expect(datesOf(sessions.slice(5, 9))).toEqual(['2027-03-18', '2027-03-22', '2027-03-29', '2027-04-05'])
  })

  it('MAINT-1: a maintenance session every two months gives one slot for each started period', () => {
    const protocol = defineProtocol({
      ...testVariant,
      extends: 'ipt-m',
      id: 'ipt-m-bimonthly',
      schedule: { months: { min: 6, default: 7, max: 12 }, frequency: { every: 2, unit: 'month' } },
    })
    const plan = planCourse(protocol, { ...utc, start: '2027-01-31' })
    expect(plan.sessions).toBe(4)
    expect(plan.months).toBe(7)
    expect(datesOf(plan.contacts)).toEqual(['2027-01-31', '2027-03-31', '2027-05-31', '2027-07-31'])
  })

  it('MAINT-1: a weekly slot on the day the span ends is not part of the course', () => {
    const protocol = defineProtocol({
      ...testVariant,
      extends: 'ipt-m',
      id: 'ipt-m-weekly',
      schedule: { months: { min: 1, default: 1, max: 3 }, frequency: { every: 1, unit: 'week' } },
    })
    // The month from Monday 4 January ends on 4 February, so the Monday four weeks on is still in it.
    const plan = planCourse(protocol, { ...utc, start: '2027-01-04', months: 1 })
    expect(datesOf(plan.contacts)).toEqual(['2027-01-04', '2027-01-11', '2027-01-18', '2027-01-25', '2027-02-01'])
    const exact = planCourse(protocol, { ...utc, start: '2027-02-01', months: 1 })
    // From Monday 1 February the month ends on Monday 1 March, a day of the series: it is left out.
    expect(datesOf(exact.contacts)).toEqual(['2027-02-01', '2027-02-08', '2027-02-15', '2027-02-22'])
  })

  it('SCHED-5: three contacts a fortnight are spread over days 0, 4 and 9 of each fortnight', () => {
    const protocol = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-three-a-fortnight',
      schedule: { frequency: { every: 2, unit: 'week', times: 3 } },
    })
    const dates = datesOf(sessionsOf(planCourse(protocol, { ...utc, sessions: 12 })))
    expect(dates.slice(0, 6).map((date) => daysBetween('2027-03-01', date))).toEqual([0, 4, 9, 14, 18, 23])
  })

  it('SCHED-6: stops with no-free-slot, without throwing, when blackouts leave the early sessions no slot', () => {
    const protocol = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-intensive-blocked',
      schedule: { earlyFrequency: { sessions: 4, frequency: { every: 1, unit: 'week', times: 2 } } },
    })
    const result = safePlanCourse(protocol, { ...utc, blackouts: [{ from: '2027-03-01', to: '2999-12-31' }] })
    expect(result.success ? [] : result.issues.map((issue) => [issue.code, issue.params])).toEqual([
      ['no-free-slot', { kind: 'session', number: 1, limit: LIMITS.slotsPerSeries }],
      ['no-free-slot', { kind: 'session', number: 5, limit: LIMITS.slotsPerSeries }],
    ])
  })

  it('SCHED-3: a plan renegotiated to fewer sessions keeps its early frequency and reports extra contacts it cannot anchor', () => {
    const intensive = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-intensive-start',
      schedule: { earlyFrequency: { sessions: 8, frequency: { every: 1, unit: 'week', times: 2 } } },
    })
    const renegotiated = { ...planCourse(intensive, utc), sessions: 6 }
    const moved = reschedulePlan(renegotiated, { type: 'blackout', from: '2028-01-01', to: '2028-01-01' })
    expect(datesOf(sessionsOf(moved)).map((date) => daysBetween('2027-03-01', date))).toEqual([0, 3, 7, 10, 14, 17])
    // IPT-A cut to two sessions: only the first phone contact has a session before and after it.
    const short = { ...planCourse(protocols['ipt-a'], utc), sessions: 2 }
    const replanned = reschedulePlan(short, { type: 'blackout', from: '2028-01-01', to: '2028-01-01' })
    expect(callsOf(replanned).map((call) => call.number)).toEqual([1])
    expect(replanned.advisories.map((advisory) => [advisory.code, advisory.params])).toEqual([
      ['extra-contact-unplaced', { kind: 'phone-contact', number: 2 }],
      ['extra-contact-unplaced', { kind: 'phone-contact', number: 3 }],
      ['extra-contact-unplaced', { kind: 'phone-contact', number: 4 }],
    ])
  })

  it('MAINT-5: follow-ups that find no free slot fail the plan with no-free-slot, not an advisory', () => {
    const plan = planCourse(protocols.ipt, { ...utc, followUp: { everyMonths: 3, count: 1 } })
    expect(wallClock(sessionsOf(plan).at(-1)?.start ?? '').date).toBe('2027-06-14')
    const result = safeReschedulePlan(
      { ...plan, skipped: cancelledFollowUps(2027, 5, '14') },
      { type: 'blackout', from: '2028-01-01', to: '2028-01-01' },
    )
    expect(result.success ? [] : result.issues.map((issue) => [issue.code, issue.params])).toEqual([
      ['no-free-slot', { kind: 'follow-up', number: 1, limit: LIMITS.slotsPerSeries }],
    ])
  })

  it('SCHED-6: when the sessions find no free slot, the plan fails for them alone', () => {
    const plan = planCourse(protocols.ipt, { ...utc, followUp: { everyMonths: 3, count: 1 } })
    // Sessions 1–13 fall before the blackout, on 24 May at the latest; every follow-up slot after it is taken.
    const result = safeReschedulePlan(
      { ...plan, skipped: cancelledFollowUps(2027, 4, '24') },
      { type: 'blackout', from: '2027-05-25', to: '2999-12-31' },
    )
    expect(result.success ? [] : result.issues.map((issue) => [issue.code, issue.params])).toEqual([
      ['no-free-slot', { kind: 'session', number: 14, limit: LIMITS.slotsPerSeries }],
    ])
  })

  it('lists contacts that fall on the same day in the order the protocol lists their kinds', () => {
    const call = {
      placement: { type: 'after-sessions' as const, fromSession: 1, toSession: 2, offsetDays: 3 },
      durationMinutes: 15,
    }
    const protocol = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-two-calls',
      schedule: {
        extraContacts: [
          { ...call, kind: 'phone-contact', participants: ['patient'] },
          { ...call, kind: 'parent-session', participants: ['parent'] },
        ],
      },
    })
    expect(
      planCourse(protocol, { ...utc, sessions: 12 })
        .contacts.slice(0, 6)
        .map((contact) => contact.id),
    ).toEqual([
      'session-2027-03-01',
      'phone-contact-2027-03-04',
      'parent-session-2027-03-04',
      'session-2027-03-08',
      'phone-contact-2027-03-11',
      'parent-session-2027-03-11',
    ])
  })

  it('MAINT-5: follow-ups are patient-only contacts of the session length, numbered from 1', () => {
    const plan = planCourse(protocols.ipt, { ...utc, sessionMinutes: 45, followUp: { everyMonths: 6, count: 2 } })
    expect(
      plan.contacts
        .filter((contact) => contact.kind === 'follow-up')
        .map(({ number, participants, durationMinutes, status }) => ({
          number,
          participants,
          durationMinutes,
          status,
        })),
    ).toEqual([
      { number: 1, participants: ['patient'], durationMinutes: 45, status: 'planned' },
      { number: 2, participants: ['patient'], durationMinutes: 45, status: 'planned' },
    ])
  })
})
