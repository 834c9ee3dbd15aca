import fc from 'fast-check'
import {
  applyEvent,
  type Course,
  type CourseEvent,
  createCourse,
  type Protocol,
  parseCourse,
  protocols,
  replay,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { deepFreeze, expectExplained } from './support/course.js'

const areaArb = fc.constantFrom('grief', 'role-dispute', 'role-transition', 'interpersonal-deficits' as const)

/** An event of any type with a plausible payload, dated later; `step` minutes may be 0, or negative now and then. */
const eventBodyArb: fc.Arbitrary<Omit<CourseEvent, 'at'>> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        type: fc.constant('session-held' as const),
        participants: fc.option(fc.subarray(['patient', 'parent'] as const, { minLength: 1 }), { nil: undefined }),
      })
      .map(({ participants, ...rest }) => (participants ? { ...rest, participants } : rest)),
  },
  fc.constant({ type: 'session-missed' as const }),
  fc.constant({ type: 'session-cancelled' as const }),
  fc.constant({ type: 'phone-contact-held' as const }),
  { weight: 2, arbitrary: fc.constant({ type: 'inventory-completed' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('problem-areas-agreed' as const),
      areas: fc.array(areaArb, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ type: fc.constant('contract-agreed' as const), sessions: fc.integer({ min: 8, max: 18 }) }),
  },
  fc.record({
    type: fc.constant('contract-renegotiated' as const),
    sessions: fc.integer({ min: 1, max: 20 }),
    reason: fc.constant('review'),
  }),
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('phase-advanced' as const),
      to: fc.constantFrom('initial', 'middle', 'termination', 'maintenance' as const),
    }),
  },
  fc.record({
    type: fc.constant('measure-recorded' as const),
    instrument: fc.constantFrom('phq-9', 'hamd-17' as const),
    total: fc.integer({ min: 0, max: 27 }),
  }),
  fc.record({
    type: fc.constant('measure-recorded' as const),
    instrument: fc.constant('phq-9' as const),
    items: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 }),
  }),
  fc.record({
    type: fc.constant('safety-reviewed' as const),
    outcome: fc.constantFrom('no-current-risk', 'safety-plan', 'referred', 'emergency-care' as const),
  }),
  fc.constant({ type: 'course-completed' as const }),
  fc.record({
    type: fc.constant('course-discontinued' as const),
    reason: fc.constantFrom('drop-out', 'referral', 'other' as const),
  }),
)

const logArb: fc.Arbitrary<CourseEvent[]> = fc
  .array(fc.tuple(eventBodyArb, fc.integer({ min: -60, max: 20_000 })), { maxLength: 60 })
  .map((steps) => {
    let minutes = 0
    return steps.map(([body, step]) => {
      minutes += step
      return { ...body, at: new Date(Date.UTC(2027, 0, 4) + minutes * 60_000).toISOString() } as CourseEvent
    })
  })

const protocolArb: fc.Arbitrary<Protocol> = fc.constantFrom(...Object.values(protocols))

/** Applies events one by one, skipping the refused ones; returns each step's outcome. */
function stepwise(protocol: Protocol, events: CourseEvent[]) {
  let course = createCourse(protocol, { id: 'p' })
  const outcomes: Array<{ before: Course; ok: boolean; after: Course }> = []
  for (const event of events) {
    const before = course
    const result = applyEvent(deepFreeze(before), deepFreeze(structuredClone(event)))
    if (result.ok) course = result.course
    else expectExplained(result.issues)
    outcomes.push({ before, ok: result.ok, after: course })
  }
  return { course, outcomes }
}

describe('course lifecycle properties (random protocols and event logs)', () => {
  it('applyEvent never throws, never mutates its (deep-frozen) input, and explains every refusal', () => {
    fc.assert(
      fc.property(protocolArb, logArb, (protocol, events) => {
        const snapshot = JSON.stringify(events)
        stepwise(protocol, events)
        expect(JSON.stringify(events)).toBe(snapshot)
      }),
      { numRuns: 150 },
    )
  })

  it('no event leaves a terminal phase, and an ended course takes nothing but a safety review (PHASE-6, §8a)', () => {
    fc.assert(
      fc.property(protocolArb, logArb, (protocol, events) => {
        for (const [index, { before, ok, after }] of stepwise(protocol, events).outcomes.entries()) {
          if (before.phase === 'completed' || before.phase === 'discontinued') {
            expect(after.phase).toBe(before.phase)
            if (events[index]?.type !== 'safety-reviewed') {
              expect(ok).toBe(false)
              expect(after).toBe(before)
            }
          }
        }
      }),
      { numRuns: 150 },
    )
  })

  it('replay gives exactly what applying the accepted events one by one gives', () => {
    fc.assert(
      fc.property(protocolArb, logArb, (protocol, events) => {
        const { course, outcomes } = stepwise(protocol, events)
        const accepted = events.filter((_, index) => outcomes[index]?.ok)
        const replayed = replay(protocol, accepted, { id: 'p' })
        expect(replayed.ok).toBe(true)
        if (replayed.ok) expect(replayed.course).toEqual(course)
        const firstRefused = outcomes.findIndex((outcome) => !outcome.ok)
        const all = replay(protocol, events, { id: 'p' })
        if (firstRefused === -1) expect(all.ok).toBe(true)
        else expect(all).toMatchObject({ ok: false, index: firstRefused })
      }),
      { numRuns: 150 },
    )
  })

  it('refuses an event exactly when its instant is before the last accepted one, however each is written (LOG-1)', () => {
    const pad = (value: number, width = 2) => String(value).padStart(width, '0')
    /** An instant written with an offset (or Z) and 0–3 fraction digits. */
    const instantArb = fc
      .record({
        ms: fc.integer({ min: Date.UTC(2027, 0, 1), max: Date.UTC(2027, 0, 3) }),
        offset: fc.oneof(
          fc.constant(undefined),
          fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15),
        ),
        fraction: fc.integer({ min: 0, max: 3 }),
      })
      .map(({ ms, offset, fraction }) => {
        const local = new Date(ms + (offset ?? 0) * 60_000).toISOString().slice(0, 19)
        const digits = fraction ? `.${pad(ms % 1000, 3).slice(0, fraction)}` : ''
        const sign = (offset ?? 0) < 0 ? '-' : '+'
        const abs = Math.abs(offset ?? 0)
        return `${local}${digits}${offset === undefined ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`}`
      })
    const course = createCourse(protocols.ipt, { id: 'order' })
    fc.assert(
      fc.property(instantArb, instantArb, (first, second) => {
        const after = applyEvent(course, { type: 'session-missed', at: first })
        if (!after.ok) throw new Error('refused the first event')
        const result = applyEvent(after.course, { type: 'session-missed', at: second })
        expect(result.ok).toBe(Date.parse(second) >= Date.parse(first))
      }),
      { numRuns: 500 },
    )
  })

  it('every course round-trips through JSON and parseCourse', () => {
    fc.assert(
      fc.property(protocolArb, logArb, (protocol, events) => {
        for (const { after } of stepwise(protocol, events).outcomes) {
          expect(parseCourse(JSON.stringify(after))).toEqual(after)
        }
      }),
      { numRuns: 60 },
    )
  })
})
