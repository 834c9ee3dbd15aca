/**
 * Issue 15: the care pathway acute → continuation → maintenance → recurrence → a new acute course, and the advice a
 * supervisor expects along it, each scenario of the issue through the public API.
 */
import fc from 'fast-check'
import {
  applyEvent,
  type Course,
  type CourseEvent,
  createCourse,
  defineProtocol,
  type Issue,
  parseCourse,
  planCourse,
  protocols,
  reschedulePlan,
  rules,
  startMaintenance,
  startNextCourse,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { walk } from './support/course.js'
import { testVariant } from './support/protocol.js'

/** An instant `day` days after 4 January 2027 at 10:50 UTC (the day's session is over by then). */
const at = (day: number, minute = 0) => new Date(Date.UTC(2027, 0, 4 + day, 10, 50 + minute)).toISOString()

const codes = (issues: Issue[]) => issues.map((issue) => `${issue.code}:${issue.rule ?? ''}`)

const hamd = (day: number, total: number): CourseEvent => ({
  type: 'measure-recorded',
  at: at(day, 1),
  instrument: 'hamd-17',
  total,
})
const phq9 = (day: number, items: number[]): CourseEvent => ({
  type: 'measure-recorded',
  at: at(day, 2),
  instrument: 'phq-9',
  items,
})
/** PHQ-9 answers adding up to `total`, with item 9 (thoughts of death or self-harm) as given. */
const phqItems = (total: number, item9 = 0) => {
  const items = [0, 0, 0, 0, 0, 0, 0, 0, item9]
  let left = total - item9
  for (let index = 0; index < 8 && left > 0; index++) {
    items[index] = Math.min(3, left)
    left -= items[index] ?? 0
  }
  return items
}

/** An acute IPT course: weekly sessions, HAM-D totals rated after them, then completed from the initial phase. */
function acuteCourse(id: string, totals: number[], extra: CourseEvent[] = []): Course {
  const events: CourseEvent[] = totals.flatMap((total, week) => [
    { type: 'session-held', at: at(7 * week) } as CourseEvent,
    hamd(7 * week, total),
  ])
  const all = [...events, ...extra].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
  return walk(createCourse(protocols.ipt, { id }), [
    ...all,
    { type: 'course-completed', at: at(7 * totals.length + 30) },
  ]).course
}

describe('remission is judged on the series, each instrument on its own (MAINT-2)', () => {
  it('HAM-D-17 24 → 16, then a PHQ-9 of 4 with item 9 at 3: not in remission, and the flag is carried', () => {
    const acute = acuteCourse('acute-1', [24, 16], [phq9(15, phqItems(4, 3))])
    expect(acute.measures.map((m) => `${m.instrument} ${m.total}`)).toEqual(['hamd-17 24', 'hamd-17 16', 'phq-9 4'])
    const result = startMaintenance(acute, { id: 'm-1', combinedWithMedication: true })
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(codes(result.advisories)).toEqual(['safety-flag-carried:MEAS-2', 'not-in-remission:MAINT-2'])
    const [, advisory] = result.advisories
    // Neither series is in remission: the HAM-D-17 one ended at 16, and a positive suicide item is never remission.
    expect(advisory?.params?.series).toEqual([
      expect.objectContaining({ instrument: 'hamd-17', latest: 16, remission: false }),
      expect.objectContaining({ instrument: 'phq-9', latest: 4, remission: false, suicideItem: true }),
    ])
    expect(advisory?.message).toContain('HAM-D-17 24 → 16')
    expect(advisory?.message).toContain('suicide item 9 positive')
    expect(advisory?.message).toContain('a clinician would consider intensifying or changing the acute treatment')
  })

  it('HAM-D-17 24, 16, 15, 7: remission held for one weekly rating is not sustained (3 by default)', () => {
    const result = startMaintenance(acuteCourse('acute-1', [24, 16, 15, 7]), {
      id: 'm-1',
      combinedWithMedication: true,
    })
    expect(result.ok && codes(result.advisories)).toEqual(['not-in-remission:MAINT-2'])
    expect(result.advisories[0]?.params).toMatchObject({ instrument: 'hamd-17', sustainedRatings: 1, ratings: 3 })
    expect(result.advisories[0]?.message).toContain('remission held for 1 of 3 ratings')
  })

  it('three consecutive weekly ratings ≤ 7 are sustained remission; ratings weeks apart are not consecutive weekly', () => {
    const sustained = startMaintenance(acuteCourse('a', [24, 16, 7, 6, 5]), { id: 'm', combinedWithMedication: true })
    expect(sustained.ok && sustained.advisories).toEqual([])
    const sparse = walk(createCourse(protocols.ipt, { id: 'sparse' }), [
      hamd(0, 24),
      hamd(21, 7),
      hamd(42, 6),
      hamd(63, 5),
      { type: 'course-completed', at: at(64) },
    ]).course
    const result = startMaintenance(sparse, { id: 'm', combinedWithMedication: true })
    expect(result.advisories[0]?.params).toMatchObject({ sustainedRatings: 1 })
  })

  it('a later rating of another instrument does not hide an earlier series, and no ratings cannot show remission', () => {
    // HAM-D-17 in sustained remission, then a PHQ-9 of 12: the PHQ-9 series is not in remission.
    const mixed = acuteCourse('a', [24, 7, 6, 5], [phq9(22, phqItems(12))])
    expect(codes(startMaintenance(mixed, { id: 'm', combinedWithMedication: true }).advisories)).toEqual([
      'not-in-remission:MAINT-2',
    ])
    const unrated = walk(createCourse(protocols.ipt, { id: 'u' }), [{ type: 'course-completed', at: at(0) }]).course
    expect(codes(startNextCourse(unrated, protocols['ipt-continuation'], { id: 'c' }).advisories)).toEqual([
      'remission-not-assessed:MAINT-2',
    ])
  })
})

describe('the continuation protocol: a taper between acute treatment and maintenance (MAINT-6)', () => {
  it('is built in: every two weeks for 16 weeks by default, sourced, after an acute course in remission', () => {
    const protocol = protocols['ipt-continuation']
    expect(protocol.schedule).toMatchObject({
      type: 'continuation',
      taper: [{ sessions: 8, frequency: { every: 2, unit: 'week' } }],
    })
    expect(protocol.rules).toEqual(expect.arrayContaining(['MAINT-6', 'MAINT-2', 'SCHED-7']))
    expect(protocol.sources).toEqual(expect.arrayContaining(['Frank 1990', 'Reynolds 2006']))
    expect(protocol.entry).toEqual({ after: ['acute'], remission: { ratings: 1 } })
    expect(rules['MAINT-6'].references).toEqual(['Frank 1990', 'Reynolds 2006'])
    expect(createCourse(protocol, { id: 'c' }).phase).toBe('continuation')
  })

  it('plans 8 sessions two weeks apart at 10:00 local time across the daylight-saving change', () => {
    for (const [timeZone, offsets] of [
      ['America/New_York', ['-05:00', '-04:00']],
      ['Australia/Sydney', ['+11:00', '+10:00']],
    ] as const) {
      const plan = planCourse(protocols['ipt-continuation'], { start: '2027-02-22', time: '10:00', timeZone })
      expect(plan.contacts.map((contact) => contact.start.slice(0, 10))).toEqual([
        '2027-02-22',
        '2027-03-08',
        '2027-03-22',
        '2027-04-05',
        '2027-04-19',
        '2027-05-03',
        '2027-05-17',
        '2027-05-31',
      ])
      expect(plan.contacts.every((contact) => contact.start.slice(11, 16) === '10:00')).toBe(true)
      expect(new Set(plan.contacts.map((contact) => contact.start.slice(19)))).toEqual(new Set(offsets))
      expect(plan.contacts.every((contact) => contact.phase === 'continuation' && contact.kind === 'session')).toBe(
        true,
      )
    }
  })

  it('changes frequency within the course as the taper says, and a missed session moves the steps after it (SCHED-6)', () => {
    const taper = defineProtocol({
      ...testVariant,
      extends: 'ipt-continuation',
      id: 'continuation-taper',
      schedule: {
        taper: [
          { sessions: 2, frequency: { every: 1, unit: 'week' } },
          { sessions: 2, frequency: { every: 2, unit: 'week' } },
          { sessions: 2, frequency: { every: 1, unit: 'month' } },
        ],
      },
    })
    const plan = planCourse(taper, { start: '2027-03-01', time: '09:00', timeZone: 'Europe/Berlin' })
    const dates = plan.contacts.map((contact) => contact.start.slice(0, 10))
    expect(dates).toEqual(['2027-03-01', '2027-03-08', '2027-03-22', '2027-04-05', '2027-05-05', '2027-06-05'])
    const moved = reschedulePlan(plan, { type: 'missed', contactId: 'session-2027-03-08' })
    expect(moved.contacts.filter((c) => c.status === 'planned').map((c) => c.start.slice(0, 10))).toEqual([
      '2027-03-01',
      '2027-03-15',
      '2027-03-29',
      '2027-04-12',
      '2027-05-12',
      '2027-06-12',
    ])
    expect(() => planCourse(taper, { start: '2027-03-01', time: '09:00', timeZone: 'UTC', sessions: 4 })).toThrowError(
      /does not apply/,
    )
  })
})

describe('maintenance watches for recurrence (MAINT-7) and a recurrence hands on to a new acute course (MAINT-4)', () => {
  const maintenance = () => createCourse(protocols['ipt-m'], { id: 'm-1' })

  it('a HAM-D-17 of 22 and then a PHQ-9 of 21 each advise assessing for recurrence, once per instrument', () => {
    const { advisories: all } = walk(maintenance(), [
      hamd(0, 22),
      phq9(1, phqItems(21)),
      phq9(30, phqItems(22)),
      phq9(60, phqItems(5)),
      phq9(90, phqItems(10)),
      hamd(91, 14),
    ])
    // (HAM-D-17 totals without items also advise that item 3 could not be checked, MEAS-6.)
    const advisories = all.map((list) => list.filter((code) => code !== 'suicidality-not-recorded:MEAS-6'))
    expect(advisories).toEqual([
      ['recurrence-assessment:MAINT-7'],
      ['recurrence-assessment:MAINT-7'],
      // Still in the episode range: the state has not begun again.
      [],
      [],
      // Back in the range after a rating below it.
      ['recurrence-assessment:MAINT-7'],
      [],
    ])
  })

  it('names the instrument, the total and the threshold, and leaves the decision to the clinician', () => {
    const result = applyEvent(maintenance(), phq9(0, phqItems(21)))
    expect(result.ok && result.advisories[0]).toMatchObject({
      code: 'recurrence-assessment',
      rule: 'MAINT-7',
      params: { instrument: 'phq-9', total: 21, from: 10 },
    })
    expect(result.ok && result.course.phase).toBe('maintenance')
    // The thresholds are parameters.
    const watchful = defineProtocol({
      ...testVariant,
      extends: 'ipt-m',
      id: 'ipt-m-watchful',
      monitoring: { episodeRange: { 'phq-9': 8, 'hamd-17': null } },
    })
    expect(walk(createCourse(watchful, { id: 'w' }), [phq9(0, phqItems(9))]).advisories[0]).toEqual([
      'recurrence-assessment:MAINT-7',
    ])
    expect(walk(createCourse(watchful, { id: 'w' }), [hamd(0, 30)]).advisories).toEqual([
      ['suicidality-not-recorded:MEAS-6'],
    ])
  })

  it('recurrence-detected advises acute treatment, and startNextCourse starts it linked both ways', () => {
    const ended = walk(maintenance(), [hamd(0, 21), { type: 'recurrence-detected', at: at(1), note: 'HAM-D 21' }])
    expect(ended.advisories[1]).toEqual(['new-acute-course:MAINT-4'])
    const next = startNextCourse(ended.course, protocols.ipt, { id: 'acute-2' })
    if (!next.ok) throw new Error(JSON.stringify(next.issues))
    expect(next.advisories).toEqual([])
    expect(next.course).toMatchObject({ id: 'acute-2', phase: 'initial', linkedCourseId: 'm-1' })
    expect(next.previous).toMatchObject({ id: 'm-1', nextCourseId: 'acute-2', phase: 'discontinued' })
  })

  it('from an ongoing maintenance course, advises recording the recurrence there; without one, says so', () => {
    const rated = walk(maintenance(), [phq9(0, phqItems(14))]).course
    const open = startNextCourse(rated, protocols.ipt, { id: 'acute-2' })
    expect(open.ok && codes(open.advisories)).toEqual(['previous-course-open:MAINT-4'])
    const quiet = startNextCourse(maintenance(), protocols.ipt, { id: 'acute-2' })
    expect(quiet.ok && codes(quiet.advisories)).toEqual([
      'previous-course-open:MAINT-4',
      'recurrence-not-recorded:MAINT-4',
    ])
  })
})

describe('MAINT-3 as the reference states it: a reason is recorded, never required', () => {
  const acute = () => acuteCourse('a', [24, 16, 7, 6, 5])

  it.each(['remitted-on-ipt-alone', 'patient-preference', 'pregnancy'] as const)(
    'records %s as the reason IPT-M stands alone, with no advisory',
    (reason) => {
      const result = startMaintenance(acute(), { id: 'm', combinedWithMedication: false, monotherapyReason: reason })
      if (!result.ok) throw new Error(JSON.stringify(result.issues))
      expect(result.advisories).toEqual([])
      expect(parseCourse(JSON.stringify(result.course)).maintenance).toEqual({
        combinedWithMedication: false,
        monotherapyReason: reason,
      })
    },
  )

  it('without a reason, asks for one and never calls it a requirement', () => {
    for (const options of [{ combinedWithMedication: false }, {}]) {
      const result = startNextCourse(acute(), protocols['ipt-m'], { id: 'm', ...options })
      expect(result.ok && codes(result.advisories)).toEqual(['monotherapy-without-reason:MAINT-3'])
      const message = result.advisories[0]?.message ?? ''
      expect(message).toMatch(/record the reason/)
      expect(message).toMatch(/remitted on IPT alone, patient preference/)
      expect(message).not.toMatch(/\bneeds?\b|\brequire/)
    }
  })
})

describe('advice a supervisor would give (PHASE-7, SCHED-7, IPTA-1)', () => {
  it('a course completed without response advises another effective treatment; one in remission does not (PHASE-7)', () => {
    const complete = (totals: number[]) => {
      const events = totals.flatMap((total, week) => [
        { type: 'session-held', at: at(7 * week) } as CourseEvent,
        hamd(7 * week, total),
      ])
      const { advisories } = walk(createCourse(protocols.ipt, { id: 'c' }), [
        ...events,
        { type: 'course-completed', at: at(7 * totals.length) },
      ])
      return advisories.at(-1)?.filter((code) => code.startsWith('another-treatment')) ?? []
    }
    expect(complete([22, 21, 20])).toEqual(['another-treatment-advised:PHASE-7'])
    // A response without remission: still advised.
    expect(complete([22, 14, 10])).toEqual(['another-treatment-advised:PHASE-7'])
    expect(complete([22, 10, 6])).toEqual([])
    const result = applyEvent(walk(createCourse(protocols.ipt, { id: 'c' }), [hamd(0, 22), hamd(7, 21)]).course, {
      type: 'course-completed',
      at: at(8),
    })
    expect(result.ok && result.advisories.find((a) => a.code === 'another-treatment-advised')).toMatchObject({
      rule: 'PHASE-7',
      params: {
        response: false,
        series: [expect.objectContaining({ instrument: 'hamd-17', baseline: 22, latest: 21 })],
      },
      message: expect.stringContaining('offered another effective treatment'),
    })
  })

  it('three missed sessions in a row: engagement and risk check at the second (2 in a row) and third (3 in all)', () => {
    const missed = (day: number): CourseEvent => ({ type: 'session-missed', at: at(day) })
    const { advisories } = walk(createCourse(protocols.ipt, { id: 'c' }), [
      missed(0),
      missed(7),
      missed(14),
      missed(21),
      { type: 'session-held', at: at(28) },
      missed(35),
      missed(42),
    ])
    expect(advisories).toEqual([
      [],
      ['missed-sessions:SCHED-7'],
      ['missed-sessions:SCHED-7'],
      [],
      [],
      [],
      // A new run of two in a row begins.
      ['missed-sessions:SCHED-7'],
    ])
  })

  it('in IPT-A, whose data involve a parent, also advises contacting the parent; the thresholds are parameters', () => {
    const teen = walk(createCourse(protocols['ipt-a'], { id: 't' }), [
      { type: 'session-missed', at: at(0) },
      { type: 'session-missed', at: at(7) },
    ])
    const result = applyEvent(
      walk(createCourse(protocols['ipt-a'], { id: 't' }), [{ type: 'session-missed', at: at(0) }]).course,
      { type: 'session-missed', at: at(7) },
    )
    expect(teen.advisories[1]).toEqual(['missed-sessions:SCHED-7'])
    expect(result.ok && result.advisories[0]?.message).toContain('contact the parent')
    expect(result.ok && result.advisories[0]?.params).toMatchObject({ inARow: 2, contactParent: true })
    const lenient = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-lenient',
      monitoring: { attendance: { missedInARow: 3, missedInAll: 4 } },
    })
    const missed = [0, 7, 14, 21].map((day): CourseEvent => ({ type: 'session-missed', at: at(day) }))
    expect(walk(createCourse(lenient, { id: 'l' }), missed).advisories).toEqual([
      [],
      [],
      ['missed-sessions:SCHED-7'],
      ['missed-sessions:SCHED-7'],
    ])
  })

  it('an IPT-A course whose phone contacts in weeks 1–4 were never held advises each of them (IPTA-1)', () => {
    const checks = ['suicidality', 'school-attendance'] as const
    const held = (week: number): CourseEvent => ({
      type: 'session-held',
      at: at(7 * week),
      participants: ['patient', 'parent'],
      checks: [...checks],
    })
    const without = walk(createCourse(protocols['ipt-a'], { id: 't' }), [0, 1, 2, 3, 4, 5].map(held))
    expect(without.advisories.map((list) => list.filter((code) => code.startsWith('phone-contact')))).toEqual([
      [],
      ['phone-contact-missing:IPTA-1'],
      ['phone-contact-missing:IPTA-1'],
      ['phone-contact-missing:IPTA-1'],
      ['phone-contact-missing:IPTA-1'],
      [],
    ])
    const withCalls = walk(
      createCourse(protocols['ipt-a'], { id: 't' }),
      [0, 1, 2, 3, 4, 5].flatMap((week): CourseEvent[] => [
        held(week),
        ...(week < 4 ? [{ type: 'phone-contact-held', at: at(7 * week + 3), checks: [...checks] } as CourseEvent] : []),
      ]),
    )
    expect(withCalls.advisories.flat().filter((code) => code.startsWith('phone-contact'))).toEqual([])
  })

  it('a state is advised once when it begins: the initial-phase overrun once in a 16-session course (not 13 times)', () => {
    const events = Array.from({ length: 16 }, (_, week): CourseEvent => ({ type: 'session-held', at: at(7 * week) }))
    const { advisories } = walk(createCourse(protocols.ipt, { id: 'c' }), events)
    expect(advisories.flat().filter((code) => code.startsWith('initial-phase-overrun'))).toEqual([
      'initial-phase-overrun:PHASE-3',
    ])
  })

  it('an open safety flag keeps repeating on every event until reviewed (MEAS-2)', () => {
    const { advisories } = walk(createCourse(protocols.ipt, { id: 'c' }), [
      phq9(0, phqItems(8, 1)),
      { type: 'session-held', at: at(7) },
      { type: 'session-missed', at: at(14) },
      { type: 'session-missed', at: at(21) },
      { type: 'safety-reviewed', at: at(22), outcome: 'no-current-risk' },
      { type: 'session-held', at: at(28) },
    ])
    expect(advisories.map((list) => list.includes('safety-review-pending:MEAS-2'))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ])
  })

  it('state advisories are bounded: each begins at most as often as its state can begin (property)', () => {
    const kinds = fc.constantFrom('session-held', 'session-missed', 'session-cancelled') as fc.Arbitrary<
      'session-held' | 'session-missed' | 'session-cancelled'
    >
    fc.assert(
      fc.property(fc.array(kinds, { maxLength: 40 }), (types) => {
        const events = types.map((type, index): CourseEvent => ({ type, at: at(index) }))
        const { advisories } = walk(createCourse(protocols.ipt, { id: 'p' }), events)
        const count = (code: string) => advisories.flat().filter((c) => c.startsWith(code)).length
        expect(count('initial-phase-overrun')).toBe(types.filter((type) => type === 'session-held').length > 3 ? 1 : 0)
        // A model of SCHED-7: a run of missed sessions reaching 2, and all missed sessions reaching 3.
        let run = 0
        let total = 0
        let expected = 0
        for (const type of types) {
          if (type === 'session-held') run = 0
          if (type !== 'session-missed') continue
          run++
          total++
          if (run === 2 || total === 3) expected++
        }
        expect(count('missed-sessions')).toBe(expected)
      }),
      { numRuns: 150 },
    )
  })
})

describe('startNextCourse: refusals and the order of the pathway', () => {
  it('refuses a course not ended, one already handed on, its own id, and medication for an acute course', () => {
    const open = createCourse(protocols.ipt, { id: 'a' })
    expect(startNextCourse(open, protocols['ipt-continuation'], { id: 'c' })).toMatchObject({
      ok: false,
      issues: [{ code: 'previous-not-ended', rule: 'PHASE-6', params: { phase: 'initial' } }],
    })
    const done = acuteCourse('a', [20, 6])
    const first = startNextCourse(done, protocols['ipt-continuation'], { id: 'c' })
    if (!first.ok) throw new Error(JSON.stringify(first.issues))
    expect(startNextCourse(first.previous, protocols['ipt-continuation'], { id: 'c2' })).toMatchObject({
      ok: false,
      issues: [{ code: 'already-handed-on', rule: 'PHASE-6', params: { next: 'c' } }],
    })
    expect(startNextCourse(done, protocols['ipt-continuation'], { id: 'a' })).toMatchObject({
      ok: false,
      issues: [{ code: 'already-handed-on', path: ['id'] }],
    })
    const medicated = startNextCourse(first.course, protocols.ipt, { id: 'x', combinedWithMedication: true })
    // (An ongoing continuation course may be handed on to a new acute course after a recurrence.)
    expect(medicated.ok || medicated.issues.map((issue) => issue.code)).toEqual(['option-not-applicable'])
    expect(startNextCourse(first.course, protocols['ipt-m'], { id: 'x' })).toMatchObject({
      ok: false,
      issues: [{ code: 'previous-not-ended', params: { phase: 'continuation' } }],
    })
    expect(startNextCourse(done, { ...protocols.ipt, id: 'Bad' }, { id: 'x' })).toMatchObject({
      ok: false,
      issues: [{ path: ['protocol', 'id'] }],
    })
    expect(
      startNextCourse(done, protocols['ipt-m'], {
        id: 'x',
        plan: { start: '2027-02-30', time: '10:00', timeZone: 'UTC' },
      }),
    ).toMatchObject({
      ok: false,
      issues: [{ code: 'invalid-date', path: ['plan', 'start'] }],
    })
  })

  it('advises a pathway out of order, never refuses it', () => {
    const maintenance = walk(createCourse(protocols['ipt-m'], { id: 'm' }), [
      hamd(0, 5),
      { type: 'course-completed', at: at(1) },
    ]).course
    const result = startNextCourse(maintenance, protocols['ipt-continuation'], { id: 'c' })
    expect(result.ok && codes(result.advisories)).toEqual(['pathway-order:MAINT-6'])
    expect(result.advisories[0]?.params).toEqual({ kind: 'maintenance', after: ['acute'] })
  })

  it('never changes its input, and refuses an invalid record with its open flags repeated', () => {
    const done = acuteCourse('a', [20, 6], [phq9(1, phqItems(5, 2))])
    const before = JSON.stringify(done)
    startNextCourse(done, protocols['ipt-continuation'], { id: 'c' })
    expect(JSON.stringify(done)).toBe(before)
    const broken = startNextCourse({ ...done, phase: 'nowhere' } as unknown as Course, protocols.ipt, { id: 'x' })
    expect(broken.ok).toBe(false)
    expect(codes(broken.advisories)).toEqual(['safety-review-pending:MEAS-2'])
    expect(broken.ok || broken.issues[0]?.path?.[0]).toBe('previous')
  })
})

describe('scenario: a whole pathway, acute → continuation → maintenance → recurrence → a new acute course', () => {
  const zone = 'America/New_York'
  /** The instant `minutes` after a planned contact's start. */
  const plus = (start: string, minutes: number) => new Date(Date.parse(start) + minutes * 60_000).toISOString()

  it('links each course to the next, and carries the open safety flag into every course until it is reviewed', () => {
    // 1. Acute IPT, 16 weekly sessions; a PHQ-9 with item 9 at 1 in week 13 raises a flag nobody reviews.
    const acutePlan = planCourse(protocols.ipt, { start: '2027-01-04', time: '10:00', timeZone: zone })
    const totals = [24, 22, 19, 17, 14, 11, 10, 9, 9, 8, 8, 8, 8, 7, 6, 5]
    const acuteEvents: CourseEvent[] = []
    for (const [index, contact] of acutePlan.contacts.entries()) {
      acuteEvents.push({ type: 'session-held', at: plus(contact.start, 50) })
      acuteEvents.push({
        type: 'measure-recorded',
        at: plus(contact.start, 51),
        instrument: 'hamd-17',
        total: totals[index] ?? 0,
      })
      if (index === 0) acuteEvents.push({ type: 'inventory-completed', at: plus(contact.start, 52) })
      if (index === 1) {
        acuteEvents.push({ type: 'problem-areas-agreed', at: plus(contact.start, 52), areas: ['grief'] })
        acuteEvents.push({ type: 'contract-agreed', at: plus(contact.start, 53), sessions: 16 })
      }
      if (index === 2) acuteEvents.push({ type: 'phase-advanced', at: plus(contact.start, 54), to: 'middle' })
      if (index === 12) {
        acuteEvents.push({
          type: 'measure-recorded',
          at: plus(contact.start, 55),
          instrument: 'phq-9',
          items: phqItems(3, 1),
        })
        acuteEvents.push({ type: 'phase-advanced', at: plus(contact.start, 56), to: 'termination' })
      }
    }
    const lastAcute = acutePlan.contacts.at(-1)?.start ?? ''
    acuteEvents.push({ type: 'course-completed', at: plus(lastAcute, 60) })
    const acute = walk(createCourse(protocols.ipt, { id: 'acute-1', plan: acutePlan }), acuteEvents)
    expect(acute.course.phase).toBe('completed')
    expect(acute.course.safety.open).toHaveLength(1)
    // Completed in remission on HAM-D-17 (5) but with the PHQ-9's suicide item positive: not a clean success.
    expect(acute.advisories.at(-1)).toEqual([
      'safety-flag-open-at-end:MEAS-2',
      'another-treatment-advised:PHASE-7',
      'safety-review-pending:MEAS-2',
    ])

    // 2. Continuation: 8 sessions every two weeks. The PHQ-9's positive item 9 is not remission (MAINT-2).
    const toContinuation = startNextCourse(acute.course, protocols['ipt-continuation'], {
      id: 'continuation-1',
      combinedWithMedication: true,
      plan: { start: '2027-05-03', time: '10:00', timeZone: zone },
    })
    if (!toContinuation.ok) throw new Error(JSON.stringify(toContinuation.issues))
    expect(codes(toContinuation.advisories)).toEqual(['safety-flag-carried:MEAS-2', 'not-in-remission:MAINT-2'])
    const continuationPlan = toContinuation.course.plan?.contacts ?? []
    expect(continuationPlan).toHaveLength(8)
    const continuation = walk(toContinuation.course, [
      ...continuationPlan.flatMap((contact): CourseEvent[] => [
        { type: 'session-held', at: plus(contact.start, 50) },
        { type: 'measure-recorded', at: plus(contact.start, 51), instrument: 'phq-9', items: phqItems(3) },
      ]),
      { type: 'course-completed', at: plus(continuationPlan.at(-1)?.start ?? '', 60) },
    ])
    // The carried flag repeats on every event of the continuation course (MEAS-2).
    expect(continuation.advisories.every((list) => list.includes('safety-review-pending:MEAS-2'))).toBe(true)

    // 3. Maintenance after continuation: three PHQ-9s of 3, two weeks apart, are sustained remission there.
    const handOff = startMaintenance(continuation.course, {
      id: 'maintenance-1',
      combinedWithMedication: false,
      monotherapyReason: 'remitted-on-ipt-alone',
      plan: { start: '2027-07-05', time: '10:00', timeZone: zone },
    })
    if (!handOff.ok) throw new Error(JSON.stringify(handOff.issues))
    expect(codes(handOff.advisories)).toEqual(['safety-flag-carried:MEAS-2'])
    expect(handOff.advisories[0]?.params).toMatchObject({ courseId: 'acute-1' })
    const monthly = handOff.course.plan?.contacts ?? []

    // 4. A PHQ-9 of 14 in month 10 advises assessing for recurrence; the clinician records it.
    const maintenance = walk(handOff.course, [
      ...monthly.slice(0, 9).map((contact): CourseEvent => ({ type: 'session-held', at: plus(contact.start, 50) })),
      { type: 'measure-recorded', at: plus(monthly[9]?.start ?? '', 30), instrument: 'phq-9', items: phqItems(14) },
      { type: 'recurrence-detected', at: plus(monthly[9]?.start ?? '', 50) },
    ])
    expect(maintenance.advisories.at(-2)).toContain('recurrence-assessment:MAINT-7')
    expect(maintenance.advisories.at(-1)).toContain('new-acute-course:MAINT-4')

    // 5. A new acute course after the recurrence, with the flag of the first course still open.
    const again = startNextCourse(maintenance.course, protocols.ipt, {
      id: 'acute-2',
      plan: { start: '2028-05-08', time: '10:00', timeZone: zone },
    })
    if (!again.ok) throw new Error(JSON.stringify(again.issues))
    expect(codes(again.advisories)).toEqual(['safety-flag-carried:MEAS-2'])
    expect(again.course.safety.open).toEqual([expect.objectContaining({ courseId: 'acute-1', instrument: 'phq-9' })])

    // The links, both ways.
    expect(
      [toContinuation.previous, toContinuation.course, handOff.course, again.course].map((c) => c.linkedCourseId),
    ).toEqual([undefined, 'acute-1', 'continuation-1', 'maintenance-1'])
    expect([toContinuation.previous, handOff.previous, again.previous].map((c) => c.nextCourseId)).toEqual([
      'continuation-1',
      'maintenance-1',
      'acute-2',
    ])
    // Every record survives JSON and parseCourse.
    for (const record of [toContinuation.previous, handOff.previous, again.previous, again.course]) {
      expect(parseCourse(JSON.stringify(record))).toEqual(record)
    }
    // A review in the new course closes the flag there.
    const reviewed = walk(again.course, [
      { type: 'safety-reviewed', at: '2028-05-08T15:00:00Z', outcome: 'safety-plan' },
    ])
    expect(reviewed.course.safety.open).toEqual([])
  })
})
