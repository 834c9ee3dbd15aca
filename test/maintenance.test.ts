import fc from 'fast-check'
import {
  applyEvent,
  assessProgress,
  type Course,
  type CourseEvent,
  createCourse,
  parseCourse,
  planCourse,
  protocols,
  replay,
  startMaintenance,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { refused, walk } from './support/course.js'

/** An event without its date (Omit distributed over the union). */
type EventBody = CourseEvent extends infer E ? (E extends CourseEvent ? Omit<E, 'at'> : never) : never

const zone = 'America/New_York'
const acutePlan = planCourse(protocols.ipt, { start: '2027-01-04', time: '10:00', timeZone: zone })
const sessionStarts = acutePlan.contacts.map((contact) => contact.start)
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString()

/** HAM-D-17 totals rated at the end of each of the 16 sessions: response by session 6, remission in the last 3. */
const hamd = [24, 22, 19, 17, 14, 11, 10, 9, 9, 8, 8, 8, 8, 7, 6, 5]

/** A standard IPT course from the first session to completion, rated weekly with HAM-D-17. */
function completedAcuteCourse(): Course {
  const events: CourseEvent[] = []
  for (const [index, start] of sessionStarts.entries()) {
    events.push({ type: 'session-held', at: plus(start, 50) })
    events.push({ type: 'measure-recorded', at: plus(start, 51), instrument: 'hamd-17', total: hamd[index] ?? 0 })
    if (index === 0) events.push({ type: 'inventory-completed', at: plus(start, 52) })
    if (index === 1) {
      events.push({ type: 'problem-areas-agreed', at: plus(start, 52), areas: ['role-transition'] })
      events.push({ type: 'contract-agreed', at: plus(start, 53), sessions: 16 })
    }
    if (index === 2) events.push({ type: 'phase-advanced', at: plus(start, 52), to: 'middle' })
    if (index === 12) events.push({ type: 'phase-advanced', at: plus(start, 52), to: 'termination' })
  }
  events.push({ type: 'course-completed', at: plus(sessionStarts.at(-1) ?? '', 55) })
  return walk(createCourse(protocols.ipt, { id: 'acute-1', plan: acutePlan }), events).course
}

describe('scenario: acute IPT → sustained remission → 36 monthly IPT-M sessions, recurrence in month 14', () => {
  const acute = completedAcuteCourse()

  it('the acute course completes in sustained remission', () => {
    expect(acute.phase).toBe('completed')
    const ratings = acute.measures.map((m) => ({ at: m.at.slice(0, 10), instrument: m.instrument, total: m.total }))
    expect(assessProgress(ratings)).toMatchObject({
      baseline: 24,
      latest: 5,
      response: true,
      remission: true,
      sustainedRemissionWeeks: 3,
      sustainedRemission: true,
    })
  })

  it('hands off to a linked IPT-M course with 36 monthly sessions, then a recurrence in month 14 ends it (MAINT-4)', () => {
    const handOff = startMaintenance(acute, {
      id: 'maintenance-1',
      combinedWithMedication: true,
      plan: { start: '2027-05-03', time: '10:00', timeZone: zone },
    })
    if (!handOff.ok) throw new Error(JSON.stringify(handOff.issues))
    expect(handOff.advisories).toEqual([])
    const maintenance = handOff.course
    expect(maintenance).toMatchObject({
      phase: 'maintenance',
      linkedCourseId: 'acute-1',
      maintenance: { combinedWithMedication: true },
    })
    const monthly = maintenance.plan?.contacts ?? []
    expect(monthly).toHaveLength(36)
    expect(
      monthly.every((contact) => contact.kind === 'maintenance-session' && contact.start.slice(8, 10) === '03'),
    ).toBe(true)
    expect(monthly.at(-1)?.start.slice(0, 7)).toBe('2030-04')

    const held = monthly
      .slice(0, 13)
      .map((contact): CourseEvent => ({ type: 'session-held', at: plus(contact.start, 50) }))
    const month14 = monthly[13]?.start ?? ''
    const { course, advisories } = walk(maintenance, [
      ...held,
      { type: 'measure-recorded', at: plus(month14, 30), instrument: 'hamd-17', total: 21 },
      { type: 'recurrence-detected', at: plus(month14, 50), note: 'HAM-D 21' },
    ])
    expect(course.counts.sessionsHeld).toBe(13)
    expect(course.phase).toBe('discontinued')
    expect(advisories.at(-1)).toEqual(['new-acute-course:MAINT-4'])
    expect(refused(course, { type: 'session-held', at: plus(monthly[14]?.start ?? '', 50) })).toEqual([
      'course-ended:PHASE-6',
    ])
    // The next acute course is a new record, linked by the host.
    expect(createCourse(protocols.ipt, { id: 'acute-2' }).phase).toBe('initial')
  })

  it('refuses a recurrence outside maintenance (MAINT-4) and maintenance before the acute course is completed (MAINT-2)', () => {
    const open = createCourse(protocols.ipt, { id: 'open' })
    expect(refused(open, { type: 'recurrence-detected', at: '2027-01-04T10:50:00-05:00' })).toEqual([
      'transition-not-allowed:MAINT-4',
    ])
    const result = startMaintenance(open, { id: 'm', combinedWithMedication: true })
    expect(result).toMatchObject({ ok: false, issues: [{ code: 'acute-not-completed', rule: 'MAINT-2' }] })
  })

  it('advises IPT-M alone without a reason (MAINT-3) and an acute course not in remission (MAINT-2)', () => {
    const alone = startMaintenance(acute, { id: 'm', combinedWithMedication: false })
    expect(alone.ok && alone.advisories.map((a) => `${a.code}:${a.rule}`)).toEqual([
      'monotherapy-without-reason:MAINT-3',
    ])
    const pregnant = startMaintenance(acute, { id: 'm', combinedWithMedication: false, monotherapyReason: 'pregnancy' })
    expect(pregnant.ok && pregnant.advisories).toEqual([])
    expect(pregnant.ok && pregnant.course.plan).toBeUndefined()
    // The reason is part of the stored record: it survives JSON and parseCourse.
    if (pregnant.ok)
      expect(parseCourse(JSON.stringify(pregnant.course)).maintenance?.monotherapyReason).toBe('pregnancy')
    const unrated = walk(createCourse(protocols.ipt, { id: 'u' }), [
      { type: 'course-completed', at: '2027-01-04T10:50:00-05:00' },
    ]).course
    const noRatings = startMaintenance(unrated, { id: 'm', combinedWithMedication: true })
    expect(noRatings.ok && noRatings.advisories.map((a) => a.code)).toEqual(['remission-not-assessed'])
    const ill = walk(createCourse(protocols.ipt, { id: 'i' }), [
      { type: 'measure-recorded', at: '2027-01-04T10:50:00-05:00', instrument: 'hamd-17', total: 20 },
      { type: 'course-completed', at: '2027-01-04T10:55:00-05:00' },
    ]).course
    const notRemitted = startMaintenance(ill, { id: 'm', combinedWithMedication: true })
    expect(notRemitted.ok && notRemitted.advisories.map((a) => `${a.code}:${a.rule}`)).toEqual([
      'not-in-remission:MAINT-2',
    ])
  })

  it('reports invalid options as issues, never throws', () => {
    expect(
      startMaintenance(acute, {
        id: 'm',
        combinedWithMedication: true,
        plan: { start: '2027-02-30', time: '10:00', timeZone: zone },
      }),
    ).toMatchObject({
      ok: false,
      issues: [{ code: 'invalid-date', path: ['plan', 'start'] }],
    })
    expect(startMaintenance(acute, { id: 'm', combinedWithMedication: true, protocol: protocols.ipt })).toMatchObject({
      ok: false,
      issues: [{ code: 'not-a-maintenance-protocol', rule: 'MAINT-1' }],
    })
    expect(startMaintenance({} as Course, { id: 'm', combinedWithMedication: true }).ok).toBe(false)
    expect(startMaintenance(acute, { id: '', combinedWithMedication: true })).toMatchObject({
      ok: false,
      issues: [{ code: 'too-small', path: ['id'] }],
    })
  })
})

describe('measures in the course', () => {
  const at = (minutes: number) => new Date(Date.UTC(2027, 0, 4, 15) + minutes * 60_000).toISOString()
  const phq = (item9: number, rest = 1) => [rest, rest, rest, rest, rest, rest, rest, rest, item9]

  it('scores items, refuses invalid ones and mismatched totals, and warns when item 9 was not recorded', () => {
    const course = createCourse(protocols.ipt, { id: 'c' })
    const scored = walk(course, [{ type: 'measure-recorded', at: at(0), instrument: 'phq-9', items: phq(0, 2) }]).course
    expect(scored.measures).toEqual([{ at: at(0), instrument: 'phq-9', total: 16, item9: 0 }])
    expect(refused(course, { type: 'measure-recorded', at: at(0), instrument: 'phq-9', items: phq(0, 4) })[0]).toBe(
      'invalid-item:MEAS-1',
    )
    expect(
      refused(course, { type: 'measure-recorded', at: at(0), instrument: 'phq-9', items: phq(0), total: 9 }),
    ).toEqual(['total-mismatch:MEAS-1'])
    expect(refused(course, { type: 'measure-recorded', at: at(0), instrument: 'phq-9', total: 30 })).toEqual([
      'invalid-item:MEAS-1',
    ])
    expect(walk(course, [{ type: 'measure-recorded', at: at(0), instrument: 'phq-9', total: 12 }]).advisories).toEqual([
      ['suicidality-not-recorded:MEAS-2'],
    ])
  })

  it('advises reviewing the plan when there is no response by the review point (MEAS-5)', () => {
    const events: CourseEvent[] = [{ type: 'measure-recorded', at: at(0), instrument: 'phq-9', items: phq(0, 2) }]
    for (let week = 1; week <= 8; week++) events.push({ type: 'session-held', at: at(week * 10_080) })
    events.splice(5, 0, { type: 'measure-recorded', at: at(4 * 10_080 + 5), instrument: 'phq-9', items: phq(0, 2) })
    const { advisories } = walk(createCourse(protocols.ipt, { id: 'c' }), events)
    expect(advisories.at(-1)).toContain('no-response-review:MEAS-5')
  })

  it('a safety flag is advised on its event and every later one, accepted or refused, until safety-reviewed (MEAS-2)', () => {
    const flagged = walk(createCourse(protocols.ipt, { id: 'c' }), [
      { type: 'measure-recorded', at: at(0), instrument: 'phq-9', items: phq(2) },
    ])
    expect(flagged.advisories).toEqual([['suicidality-flag:MEAS-2', 'safety-review-pending:MEAS-2']])
    const later = walk(flagged.course, [
      { type: 'session-held', at: at(10) },
      { type: 'session-missed', at: at(20) },
    ])
    expect(later.advisories).toEqual([['safety-review-pending:MEAS-2'], ['safety-review-pending:MEAS-2']])
    const refusal = applyEvent(later.course, { type: 'phase-advanced', at: at(30), to: 'middle' })
    expect(refusal.ok).toBe(false)
    expect(refusal.advisories.map((a) => a.code)).toEqual(['safety-review-pending'])
    const invalid = applyEvent(later.course, { type: 'session-held', at: 'not a date' })
    expect(invalid.advisories.map((a) => a.code)).toEqual(['safety-review-pending'])
    const reviewed = walk(later.course, [
      { type: 'safety-reviewed', at: at(40), outcome: 'safety-plan', note: 'Plan agreed with the patient' },
      { type: 'session-held', at: at(50) },
    ])
    expect(reviewed.advisories).toEqual([[], []])
    expect(reviewed.course.safety).toEqual({
      open: [],
      reviews: [
        {
          at: at(40),
          outcome: 'safety-plan',
          note: 'Plan agreed with the patient',
          closed: [{ at: at(0), instrument: 'phq-9', item: 9, value: 2, highRisk: true, rule: 'MEAS-2' }],
        },
      ],
    })
  })

  it('safety advisories are never lost across replay and JSON round trips (property)', () => {
    const stepArb = fc.oneof(
      fc
        .integer({ min: 0, max: 3 })
        .map((item9): EventBody => ({ type: 'measure-recorded', instrument: 'phq-9', items: phq(item9) })),
      fc.constant<EventBody>({ type: 'session-held' }),
      fc.constant<EventBody>({ type: 'safety-reviewed', outcome: 'no-current-risk' }),
      fc.constant<EventBody>({ type: 'phase-advanced', to: 'middle' }),
    )
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 30 }), (bodies) => {
        const events = bodies.map((body, index) => ({ ...body, at: at(index * 60) }) as CourseEvent)
        let course = createCourse(protocols.ipt, { id: 'p' })
        let open = 0
        let pendingSeen = 0
        const accepted: CourseEvent[] = []
        for (const event of events) {
          // Store and restore the course between events, as a host would.
          course = parseCourse(JSON.stringify(course))
          const result = applyEvent(course, event)
          if (result.ok) {
            accepted.push(event)
            course = result.course
            if (event.type === 'safety-reviewed') open = 0
            if (event.type === 'measure-recorded' && (event.items?.[8] ?? 0) > 0) open++
          }
          const pending = result.advisories.filter((a) => a.code === 'safety-review-pending').length
          expect(pending).toBe(open ? 1 : 0)
          if (result.ok) pendingSeen += pending
          expect(course.safety.open).toHaveLength(open)
        }
        const replayed = replay(protocols.ipt, accepted, { id: 'p' })
        expect(replayed.ok && replayed.course).toEqual(course)
        expect(replayed.ok && replayed.advisories.filter((a) => a.code === 'safety-review-pending').length).toBe(
          pendingSeen,
        )
      }),
      { numRuns: 200 },
    )
  })
})

describe('startMaintenance: the plan, the record and the reasons', () => {
  const acute = completedAcuteCourse()

  it('plans IPT-M over the months asked, around blackouts, keeping the count (MAINT-1, SCHED-6)', () => {
    const blackouts = [{ from: '2027-08-01', to: '2027-08-31' }]
    const result = startMaintenance(acute, {
      id: 'm',
      combinedWithMedication: true,
      plan: { start: '2027-05-03', time: '10:00', timeZone: zone, months: 24, blackouts },
    })
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    const starts = result.course.plan?.contacts.map((contact) => contact.start.slice(0, 10)) ?? []
    expect(starts).toHaveLength(24)
    expect(starts.slice(2, 4)).toEqual(['2027-07-03', '2027-09-03'])
    expect(starts.at(-1)).toBe('2029-05-03')
    expect(result.course.plan?.blackouts).toEqual(blackouts)
  })

  it('refuses a plan outside the IPT-M range, with its path under plan and no advisories (MAINT-1)', () => {
    expect(
      startMaintenance(acute, {
        id: 'm',
        combinedWithMedication: true,
        plan: { start: '2027-05-03', time: '10:00', timeZone: zone, months: 48 },
      }),
    ).toEqual({
      ok: false,
      issues: [
        {
          code: 'out-of-range',
          message: expect.any(String),
          path: ['plan', 'months'],
          params: { value: 48, min: 24, max: 36 },
          rule: 'MAINT-1',
        },
      ],
      advisories: [],
    })
  })

  it('explains a refusal: the phase of the acute course (MAINT-2) and the protocol at fault (MAINT-1)', () => {
    const open = createCourse(protocols.ipt, { id: 'open' })
    expect(startMaintenance(open, { id: 'm', combinedWithMedication: false, protocol: protocols.ipt })).toEqual({
      ok: false,
      issues: [
        { code: 'acute-not-completed', message: expect.any(String), params: { phase: 'initial' }, rule: 'MAINT-2' },
        { code: 'not-a-maintenance-protocol', message: expect.any(String), path: ['protocol'], rule: 'MAINT-1' },
      ],
      advisories: [],
    })
  })

  it('names the acute course in the paths of an invalid record, with no advisories', () => {
    const result = startMaintenance({ id: 'broken' } as unknown as Course, { id: 'm', combinedWithMedication: true })
    expect(result.ok).toBe(false)
    expect(result.advisories).toEqual([])
    if (!result.ok) {
      expect(result.issues.length).toBeGreaterThan(0)
      expect(result.issues.every((issue) => issue.path?.[0] === 'acuteCourse')).toBe(true)
    }
  })

  it('records the stated reason for IPT-M alone (MAINT-3)', () => {
    const result = startMaintenance(acute, {
      id: 'm',
      combinedWithMedication: false,
      monotherapyReason: 'medical-contraindication',
    })
    expect(result.ok && result.course.maintenance).toEqual({
      combinedWithMedication: false,
      monotherapyReason: 'medical-contraindication',
    })
  })

  it('says on which instrument and at what total the acute course ended out of remission (MAINT-2)', () => {
    const ill = walk(createCourse(protocols.ipt, { id: 'i' }), [
      { type: 'measure-recorded', at: '2027-01-04T10:50:00-05:00', instrument: 'hamd-17', total: 20 },
      { type: 'course-completed', at: '2027-01-04T10:55:00-05:00' },
    ]).course
    const result = startMaintenance(ill, { id: 'm', combinedWithMedication: true })
    expect(result.advisories).toEqual([
      {
        code: 'not-in-remission',
        message: expect.stringContaining('HAM-D-17 20 → 20 (1 rating)'),
        params: expect.objectContaining({ instrument: 'hamd-17', latest: 20, sustainedRatings: 0, ratings: 3 }),
        rule: 'MAINT-2',
      },
    ])
    expect(result.advisories[0]?.message).toContain('intensifying or changing the acute treatment')
  })
})
