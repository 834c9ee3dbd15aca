/**
 * The safety invariants (ipt-reference §8a, architecture principle 7): a suicide-item flag (PHQ-9 item 9, MEAS-2;
 * HAM-D-17 item 3, MEAS-6) is raised by any record that carries it, even a refused one; it stays open until a
 * safety review closes it, through every phase, the end of the course, JSON, replay and the hand-off to
 * maintenance; every export shows it.
 */
import fc from 'fast-check'
import {
  allowedEvents,
  applyEvent,
  type Course,
  type CourseEvent,
  createCourse,
  type Issue,
  instruments,
  ProtocolError,
  parseCourse,
  protocols,
  replay,
  startMaintenance,
} from 'ipt-protocol'
import { renderTimeline } from 'ipt-protocol/timeline'
import { describe, expect, it } from 'vitest'
import { deepFreeze, on, storedAsVersion2, walk } from './support/course.js'

const phq9 = (items: unknown[], extra: object = {}): CourseEvent =>
  ({ type: 'measure-recorded', at: on(1), instrument: 'phq-9', items, ...extra }) as CourseEvent
const hamd = (item3: number, at = on(1)): CourseEvent => ({
  type: 'measure-recorded',
  at,
  instrument: 'hamd-17',
  items: [1, 1, item3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
})
const codes = (advisories: Issue[]) => advisories.map((advisory) => `${advisory.code}:${advisory.rule}`)
const flagAdvice = (advisories: Issue[]) => advisories.find((advisory) => advisory.code === 'suicidality-flag')

/** A standard IPT course whose PHQ-9 item 9 = 3 is open, ended by `end`. */
function endedWithFlag(end: CourseEvent): { course: Course; advisories: string[] } {
  const { course, advisories } = walk(createCourse(protocols.ipt, { id: 'acute' }), [
    phq9([2, 2, 2, 2, 1, 2, 1, 1, 3]),
    end,
  ])
  return { course, advisories: advisories[1] ?? [] }
}

describe('a refused measure still raises its flag (MEAS-2, MEAS-6, §8a)', () => {
  it.each([
    ['a total that is not the sum of the items', phq9([2, 2, 2, 2, 1, 2, 1, 1, 3], { total: 15 })],
    ['another item typed as 4', phq9([2, 2, 4, 2, 1, 2, 1, 1, 3])],
    ['a tenth item', phq9([2, 2, 2, 2, 1, 2, 1, 1, 3, 0])],
  ])('PHQ-9 item 9 = 3 with %s: refused, with the high-risk flag advised', (_, event) => {
    const result = applyEvent(createCourse(protocols.ipt, { id: 'c' }), event)
    expect(result.ok).toBe(false)
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).not.toEqual([])
    expect(flagAdvice(result.advisories)).toMatchObject({
      rule: 'MEAS-2',
      params: { instrument: 'phq-9', item: 9, value: 3, highRisk: true, stored: false },
    })
  })

  it('advises the flag of a measure refused by the schema, out of order, or on an ended course', () => {
    const course = walk(createCourse(protocols.ipt, { id: 'c' }), [{ type: 'session-held', at: on(5) }]).course
    const invalid = { ...phq9([0, 0, 0, 0, 0, 0, 0, 0, 2]), at: 'yesterday' } as CourseEvent
    const late = { ...phq9([0, 0, 0, 0, 0, 0, 0, 0, 2]), at: on(2) }
    const ended = walk(course, [{ type: 'course-discontinued', at: on(6), reason: 'drop-out' }]).course
    for (const [target, event] of [
      [course, invalid],
      [course, late],
      [ended, { ...hamd(3), at: on(7) }],
    ] as const) {
      const result = applyEvent(target, event)
      expect(result.ok).toBe(false)
      expect(flagAdvice(result.advisories)?.params).toMatchObject({ highRisk: true, stored: false })
    }
  })

  it('advises the flags of a log that replay refuses as a whole, with the index of each event', () => {
    const log = [hamd(4), { type: 'session-held', at: 'never' }] as CourseEvent[]
    const result = replay(protocols.ipt, log, { id: 'c' })
    expect(result.ok).toBe(false)
    expect(flagAdvice(result.advisories)).toMatchObject({ rule: 'MEAS-6', params: { value: 4, event: 0 } })
  })

  it('advises the flags of every event a refused log leaves unapplied, and reports the first problem in log order', () => {
    const flagged = { ...phq9([0, 0, 0, 0, 0, 0, 0, 0, 3]), at: on(3) }
    const outOfOrder = replay(
      protocols.ipt,
      [{ type: 'session-held', at: on(2) }, { type: 'session-held', at: on(1) }, flagged],
      { id: 'c' },
    )
    expect(outOfOrder).toMatchObject({ ok: false, index: 1 })
    expect(flagAdvice(outOfOrder.advisories)).toMatchObject({ params: { value: 3, stored: false, event: 2 } })
    expect(flagAdvice(replay(protocols.ipt, [flagged], { id: '' }).advisories)).toMatchObject({ params: { event: 0 } })
    // A rule refuses event 1 before the schema refuses event 2: the first problem is reported.
    const both = replay(
      protocols.ipt,
      [
        flagged,
        { type: 'phase-advanced', at: on(4), to: 'middle' },
        { type: 'session-held', at: 'never' },
      ] as CourseEvent[],
      { id: 'c' },
    )
    expect(both).toMatchObject({ ok: false, index: 1 })
    expect(both.ok ? [] : [...new Set(both.issues.map((issue) => issue.code))]).toEqual(['precondition-missing'])
    // A valid, accepted measure before a malformed event is reported as stored, not as refused.
    const stored = replay(protocols.ipt, [flagged, { type: 'session-held', at: 'never' }] as CourseEvent[], { id: 'c' })
    expect(stored).toMatchObject({ ok: false, index: 1 })
    expect(flagAdvice(stored.advisories)?.params).toMatchObject({ stored: true, event: 0 })
  })

  it('repeats the open flags of a course refused for another field', () => {
    const { course } = walk(createCourse(protocols.ipt, { id: 'c' }), [phq9([0, 0, 0, 0, 0, 0, 0, 0, 2])])
    const result = applyEvent({ ...course, note: 'x' } as Course, { type: 'session-held', at: on(2) })
    expect(result.ok).toBe(false)
    expect(codes(result.advisories)).toEqual(['safety-review-pending:MEAS-2'])
  })

  it('gives no flag for a suicide item of 0 or out of its range', () => {
    const result = applyEvent(createCourse(protocols.ipt, { id: 'c' }), phq9([0, 0, 0, 0, 0, 0, 0, 0, 4]))
    expect(result.ok).toBe(false)
    expect(flagAdvice(result.advisories)).toBeUndefined()
  })
})

describe('HAM-D-17 item 3 (suicide) raises a flag like PHQ-9 item 9 (MEAS-6)', () => {
  it.each([
    [1, false],
    [2, false],
    [3, true],
    [4, true],
  ])('item 3 = %i is stored, repeated and high risk: %s', (value, highRisk) => {
    const { course, advisories } = walk(createCourse(protocols.ipt, { id: 'c' }), [
      hamd(value),
      { type: 'session-held', at: on(2) },
    ])
    expect(course.safety.open).toEqual([{ at: on(1), instrument: 'hamd-17', item: 3, value, highRisk, rule: 'MEAS-6' }])
    expect(course.measures[0]?.item3).toBe(value)
    expect(advisories).toEqual([
      ['suicidality-flag:MEAS-6', 'safety-review-pending:MEAS-6'],
      ['safety-review-pending:MEAS-6'],
    ])
  })
})

describe('a course that ends keeps its open flags (§8a)', () => {
  it.each<[string, CourseEvent]>([
    ['completed', { type: 'course-completed', at: on(2) }],
    ['discontinued', { type: 'course-discontinued', at: on(2), reason: 'drop-out' }],
  ])('%s with an open flag: accepted, advised, and a safety review is still taken', (phase, end) => {
    const { course, advisories } = endedWithFlag(end)
    expect(course.phase).toBe(phase)
    expect(advisories).toContain('safety-flag-open-at-end:MEAS-2')
    expect(advisories).toContain('safety-review-pending:MEAS-2')
    expect(course.safety.open).toHaveLength(1)
    expect(allowedEvents(course).allowed).toEqual(['safety-reviewed'])
    const reviewed = applyEvent(course, {
      type: 'safety-reviewed',
      at: on(3),
      outcome: 'emergency-care',
      note: 'Taken to the emergency department',
    })
    if (!reviewed.ok) throw new Error(JSON.stringify(reviewed.issues))
    expect(reviewed.course.phase).toBe(phase)
    expect(reviewed.course.safety.open).toEqual([])
    expect(reviewed.course.safety.reviews).toEqual([
      {
        at: on(3),
        outcome: 'emergency-care',
        note: 'Taken to the emergency department',
        closed: course.safety.open,
      },
    ])
    expect(reviewed.advisories).toEqual([])
  })

  it('refuses a review applied without its outcome, still repeating the open flag; replay of a migrated log takes it', () => {
    const { course } = endedWithFlag({ type: 'course-completed', at: on(2) })
    const review: CourseEvent = { type: 'safety-reviewed', at: on(3), outcome: 'not-recorded' }
    const result = applyEvent(course, review)
    expect(result.ok ? [] : codes(result.issues)).toEqual(['outcome-required:MEAS-2'])
    expect(codes(result.advisories)).toEqual(['safety-review-pending:MEAS-2'])
    const replayed = replay(protocols.ipt, [...course.events, review], { id: 'acute' })
    expect(replayed.ok && replayed.course.safety.reviews).toEqual([
      { at: on(3), outcome: 'not-recorded', closed: course.safety.open },
    ])
  })
})

describe('startMaintenance carries the open flags into the new course (§8a)', () => {
  it('copies each flag with the course that raised it, advises it, and the first IPT-M session repeats it', () => {
    const { course: acute } = endedWithFlag({ type: 'course-completed', at: on(2) })
    const result = startMaintenance(acute, { id: 'm', combinedWithMedication: true })
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    expect(result.course.linkedCourseId).toBe('acute')
    expect(result.course.safety.open).toEqual([
      { at: on(1), instrument: 'phq-9', item: 9, value: 3, highRisk: true, rule: 'MEAS-2', courseId: 'acute' },
    ])
    expect(codes(result.advisories)).toContain('safety-flag-carried:MEAS-2')
    const first = applyEvent(result.course, { type: 'session-held', at: on(30) })
    expect(first.ok && first.advisories).toEqual([
      expect.objectContaining({
        code: 'safety-review-pending',
        rule: 'MEAS-2',
        params: expect.objectContaining({ courseId: 'acute', value: 3, highRisk: true }),
      }),
    ])
  })
})

describe('a refused hand-off still repeats the open flags (§8a)', () => {
  it('startMaintenance of a discontinued course, or with invalid options, advises the flags it cannot carry', () => {
    const { course: dropped } = endedWithFlag({ type: 'course-discontinued', at: on(2), reason: 'drop-out' })
    for (const options of [
      { id: 'm', combinedWithMedication: true },
      { id: '', combinedWithMedication: true },
    ]) {
      const result = startMaintenance(dropped, options)
      expect(result.ok).toBe(false)
      expect(codes(result.advisories)).toEqual(['safety-review-pending:MEAS-2'])
    }
  })
})

describe('a stored flag must be what its instrument says (MEAS-2, MEAS-6)', () => {
  it.each([
    ['a PHQ-9 flag on item 3', { instrument: 'phq-9', item: 3, value: 2, highRisk: true, rule: 'MEAS-2' }],
    ['a value of 4 on PHQ-9', { instrument: 'phq-9', item: 9, value: 4, highRisk: true, rule: 'MEAS-2' }],
    ['a high-risk flag marked low', { instrument: 'hamd-17', item: 3, value: 4, highRisk: false, rule: 'MEAS-6' }],
    ['the wrong rule', { instrument: 'hamd-17', item: 3, value: 1, highRisk: false, rule: 'MEAS-2' }],
  ])('parseCourse refuses %s', (_, flag) => {
    const course = createCourse(protocols.ipt, { id: 'c' })
    const edited = { ...course, safety: { open: [{ at: on(1), ...flag }], reviews: [] } }
    expect(() => parseCourse(edited)).toThrow(ProtocolError)
  })
})

describe('the timeline shows an open flag (§8a)', () => {
  it('draws a warning on a course with an open flag, and none once it is reviewed', () => {
    const { course } = endedWithFlag({ type: 'course-completed', at: on(2) })
    const svg = renderTimeline(course)
    expect(svg).toContain('<g class="safety-flag" data-open="1">')
    expect(svg).toContain('Safety review due · open flags: 1 · since 2 Mar 2027')
    // A host cannot blank the warning out.
    expect(renderTimeline(course, { labels: { safetyFlag: ' ' } })).toContain('Safety review due')
    const reviewed = walk(course, [{ type: 'safety-reviewed', at: on(3), outcome: 'no-current-risk' }]).course
    expect(renderTimeline(reviewed)).not.toContain('safety-flag')
  })
})

describe('stored courses of schemaVersion 1 are migrated (§8a)', () => {
  it('names the instrument of an old flag and keeps an old review as one whose outcome was not recorded', () => {
    const current = walk(createCourse(protocols.ipt, { id: 'old' }), [
      phq9([0, 0, 0, 0, 0, 0, 0, 0, 1]),
      { type: 'safety-reviewed', at: on(2), outcome: 'safety-plan' },
      phq9([0, 0, 0, 0, 0, 0, 0, 0, 2], { at: on(3) }),
    ]).course
    const events = current.events.map((event) => {
      if (event.type !== 'safety-reviewed') return event
      const { outcome: _, ...old } = event
      return old
    })
    const stored = deepFreeze({
      ...storedAsVersion2(current),
      schemaVersion: 1,
      safety: { open: [{ at: on(3), value: 2, highRisk: true }], lastReviewedAt: on(2) },
      events,
    })
    const migrated = parseCourse(JSON.stringify(stored))
    expect(migrated.schemaVersion).toBe(4)
    expect(migrated.safety).toEqual({
      open: [{ at: on(3), instrument: 'phq-9', item: 9, value: 2, highRisk: true, rule: 'MEAS-2' }],
      reviews: [{ at: on(2), outcome: 'not-recorded', closed: [] }],
    })
    expect(migrated.events[1]).toEqual({ type: 'safety-reviewed', at: on(2), outcome: 'not-recorded' })
    expect(parseCourse(stored)).toEqual(migrated)
    expect(stored.schemaVersion).toBe(1)
  })

  it('flags the HAM-D-17 item 3 that version 1 left unflagged after the last review, as a replay would (MEAS-6)', () => {
    const current = walk(createCourse(protocols.ipt, { id: 'old' }), [
      hamd(2, on(1)),
      { type: 'safety-reviewed', at: on(2), outcome: 'no-current-risk' },
      phq9([0, 0, 0, 0, 0, 0, 0, 0, 1], { at: on(3) }),
      hamd(4, on(4)),
    ]).course
    const version1 = {
      ...storedAsVersion2(current),
      schemaVersion: 1,
      measures: current.measures.map(({ item3: _, ...measure }) => measure),
      safety: { open: [{ at: on(3), value: 1, highRisk: false }], lastReviewedAt: on(2) },
      events: current.events.map((event) =>
        event.type === 'safety-reviewed' ? { type: event.type, at: event.at } : event,
      ),
    }
    const migrated = parseCourse(version1)
    expect(migrated.safety.open).toEqual(current.safety.open)
    expect(migrated.measures).toEqual(current.measures)
    const replayed = replay(protocols.ipt, migrated.events, { id: 'old' })
    expect(replayed.ok && replayed.course.safety.open).toEqual(migrated.safety.open)
  })
})

describe('a flag stays open until reviewed, whatever happens (property)', () => {
  type Body = { [K in CourseEvent['type']]: Omit<Extract<CourseEvent, { type: K }>, 'at'> }[CourseEvent['type']]
  const item = fc.integer({ min: 0, max: 4 })
  const validItems = (instrument: 'phq-9' | 'hamd-17') =>
    fc.tuple(...instruments[instrument].itemMax.map((max) => fc.integer({ min: 0, max })))
  const bodyArb: fc.Arbitrary<Body> = fc.oneof(
    // Valid forms mostly, so that flags are stored; forms refused for their length, an item or the total too.
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.constant('measure-recorded' as const),
        instrument: fc.constant('phq-9' as const),
        items: validItems('phq-9'),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.constant('measure-recorded' as const),
        instrument: fc.constant('hamd-17' as const),
        items: validItems('hamd-17'),
      }),
    },
    fc.record({
      type: fc.constant('measure-recorded' as const),
      instrument: fc.constant('phq-9' as const),
      items: fc.array(item, { minLength: 8, maxLength: 10 }),
      total: fc.option(fc.integer({ min: 0, max: 27 }), { nil: undefined }),
    }),
    fc.record({
      type: fc.constant('measure-recorded' as const),
      instrument: fc.constant('hamd-17' as const),
      items: fc.array(item, { minLength: 17, maxLength: 17 }),
    }),
    fc.constant({ type: 'session-held' as const }),
    fc.record({
      type: fc.constant('safety-reviewed' as const),
      outcome: fc.constantFrom('no-current-risk', 'safety-plan', 'referred', 'emergency-care' as const),
    }),
    fc.constant<Body>({ type: 'inventory-completed' }),
    fc.constant<Body>({ type: 'problem-areas-agreed', areas: ['grief'] }),
    fc.constant<Body>({ type: 'contract-agreed', sessions: 12 }),
    fc.constantFrom(
      { type: 'phase-advanced' as const, to: 'middle' as const },
      { type: 'phase-advanced' as const, to: 'termination' as const },
    ),
    fc.constant({ type: 'course-completed' as const }),
    fc.constant({ type: 'course-discontinued' as const, reason: 'drop-out' as const }),
  )

  /** The flag a measure carries by the rules themselves: its suicide item, when in range and above 0. */
  function expectedFlag(event: CourseEvent): boolean {
    if (event.type !== 'measure-recorded' || !event.items) return false
    const value = event.items[event.instrument === 'phq-9' ? 8 : 2] ?? 0
    return value > 0 && value <= (event.instrument === 'phq-9' ? 3 : 4)
  }

  it('through every phase, the end of the course, JSON, replay and startMaintenance (300 runs)', () => {
    let maxOpen = 0
    fc.assert(
      fc.property(fc.array(bodyArb, { maxLength: 40 }), (bodies) => {
        const events = bodies.map((body, index) => ({ ...body, at: on(index) }) as CourseEvent)
        let course = createCourse(protocols.ipt, { id: 'acute' })
        let open = 0
        const accepted: CourseEvent[] = []
        for (const event of events) {
          course = parseCourse(JSON.stringify(course))
          const result = applyEvent(course, event)
          // A flag the record carries is advised, whether the record is accepted or refused.
          expect(flagAdvice(result.advisories) !== undefined).toBe(expectedFlag(event))
          if (result.ok) {
            accepted.push(event)
            course = result.course
            if (event.type === 'safety-reviewed') open = 0
            if (expectedFlag(event)) open++
          }
          expect(course.safety.open).toHaveLength(open)
          // One advisory carries every open flag (issue 12: linear, not one per flag per event).
          const pending = result.advisories.filter((advisory) => advisory.code === 'safety-review-pending')
          expect(pending.map((advisory) => advisory.params?.open)).toEqual(open ? [open] : [])
          maxOpen = Math.max(maxOpen, open)
        }
        const replayed = replay(protocols.ipt, accepted, { id: 'acute' })
        expect(replayed.ok && replayed.course.safety).toEqual(course.safety)
        if (course.phase === 'completed') {
          const handedOn = startMaintenance(course, { id: 'm', combinedWithMedication: true })
          expect(handedOn.ok && handedOn.course.safety.open).toHaveLength(open)
        }
      }),
      { numRuns: 300 },
    )
    // The runs reach several flags open at once, so the property is about more than one flag.
    expect(maxOpen).toBeGreaterThan(3)
  })
})
