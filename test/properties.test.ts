import fc from 'fast-check'
import {
  type CoursePlan,
  CoursePlanSchema,
  defineProtocol,
  type PlanOptions,
  type Protocol,
  protocols,
  reschedulePlan,
  safePlanCourse,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { testVariant } from './support/protocol.js'
import { localInZone, wallClock } from './support/time.js'

const zones = [
  'UTC',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Europe/London',
  'America/Santiago',
  'Pacific/Chatham',
  'America/St_Johns',
  'Antarctica/Troll',
  'Asia/Tehran',
]

const dateArb = (min: string, max: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10))

const frequencyArb = fc.oneof(
  fc.record({ every: fc.integer({ min: 1, max: 2 }), unit: fc.constant('week' as const) }),
  fc.record({ every: fc.constant(1), unit: fc.constant('week' as const), times: fc.constant(2) }),
  fc.record({ every: fc.integer({ min: 3, max: 10 }), unit: fc.constant('day' as const) }),
  fc.record({ every: fc.constant(1), unit: fc.constant('month' as const) }),
)

/** Random acute protocols built with the public defineProtocol, with or without early frequency and phone contacts. */
const acuteProtocolArb: fc.Arbitrary<Protocol> = fc
  .record({
    min: fc.integer({ min: 4, max: 20 }),
    extra: fc.integer({ min: 0, max: 4 }),
    initial: fc.integer({ min: 1, max: 2 }),
    termination: fc.integer({ min: 1, max: 2 }),
    frequency: frequencyArb,
    early: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    phoneUntil: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    lead: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    offsetDays: fc.integer({ min: 1, max: 3 }),
  })
  .map((p) =>
    defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'random',
      schedule: {
        sessions: { min: p.min, default: p.min + p.extra, max: p.min + p.extra },
        frequency: p.frequency,
        ...(p.early ? { earlyFrequency: { sessions: p.early, frequency: { every: 1, unit: 'week', times: 2 } } } : {}),
        phases: { initialMaxSessions: p.initial, terminationSessions: p.termination },
        participantsBySession: [{ session: 'first', participants: ['patient', 'parent'] }],
        extraContacts: [
          ...(p.phoneUntil
            ? [
                {
                  kind: 'phone-contact' as const,
                  placement: {
                    type: 'after-sessions' as const,
                    fromSession: 1,
                    toSession: p.phoneUntil,
                    offsetDays: p.offsetDays,
                  },
                  durationMinutes: 15,
                  participants: ['patient' as const],
                },
              ]
            : []),
          ...(p.lead
            ? [
                {
                  kind: 'pre-group-session' as const,
                  placement: { type: 'before-first-session' as const, leadDays: p.lead },
                  durationMinutes: 50,
                  participants: ['patient' as const],
                },
              ]
            : []),
        ],
      },
    }),
  )

const protocolArb = fc.oneof(acuteProtocolArb, fc.constantFrom(...Object.values(protocols)))

const planInputArb = protocolArb.chain((protocol) =>
  fc.record({
    protocol: fc.constant(protocol),
    // Sundays a few weeks before daylight-saving changes, and the hours clocks skip, so gaps are hit often.
    start: fc.oneof(
      dateArb('2000-01-01', '2040-12-31'),
      fc.constantFrom(
        '2027-02-28',
        '2027-03-07',
        '2027-03-14',
        '2027-03-21',
        '2027-09-19',
        '2027-09-26',
        '2027-10-03',
        '2027-03-28',
      ),
    ),
    time: fc.oneof(
      fc
        .record({ h: fc.integer({ min: 0, max: 23 }), m: fc.integer({ min: 0, max: 59 }) })
        .map(({ h, m }) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
      fc.constantFrom('00:15', '01:30', '02:00', '02:15', '02:30', '02:45', '03:30'),
    ),
    timeZone: fc.constantFrom(...zones),
    blackouts: fc.array(
      fc.record({ offset: fc.integer({ min: 0, max: 300 }), length: fc.integer({ min: 0, max: 30 }) }),
      { maxLength: 3 },
    ),
    sessions:
      protocol.schedule.type === 'acute'
        ? fc.integer({ min: protocol.schedule.sessions.min, max: protocol.schedule.sessions.max })
        : fc.constant(undefined),
  }),
)

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

interface PlanInput {
  start: string
  time: string
  timeZone: string
  blackouts: Array<{ offset: number; length: number }>
  sessions: number | undefined
}

function toOptions(input: PlanInput): PlanOptions {
  return {
    start: input.start,
    time: input.time,
    timeZone: input.timeZone,
    blackouts: input.blackouts.map(({ offset, length }) => ({
      from: shift(input.start, offset),
      to: shift(input.start, offset + length),
    })),
    ...(input.sessions === undefined ? {} : { sessions: input.sessions }),
  }
}

const mainKinds = new Set(['session', 'maintenance-session'])

function checkPlan(plan: CoursePlan, options: PlanOptions): void {
  const instants = plan.contacts.map((contact) => Date.parse(contact.start))
  for (let i = 1; i < instants.length; i++) expect(instants[i]).toBeGreaterThan(instants[i - 1] ?? Number.NaN)

  const shifted = new Map(
    plan.advisories.filter((a) => a.code === 'time-shifted').map((a) => [a.params?.contactId, a.params?.actual]),
  )
  for (const contact of plan.contacts) {
    const local = localInZone(contact.start, options.timeZone)
    expect(local).toEqual(wallClock(contact.start))
    expect(local.time).toBe(shifted.get(contact.id) ?? options.time)
    if (contact.status === 'planned') {
      for (const range of options.blackouts ?? [])
        expect(local.date >= range.from && local.date <= range.to).toBe(false)
    }
  }
  const planned = plan.contacts.filter((contact) => mainKinds.has(contact.kind) && contact.status === 'planned')
  const schedule = plan.schedule
  const contracted = schedule.type === 'acute' ? (options.sessions ?? schedule.sessions.default) : plan.sessions
  expect(planned).toHaveLength(contracted)
  expect(planned.map((contact) => contact.number)).toEqual(planned.map((_, index) => index + 1))
  expect(CoursePlanSchema.parse(JSON.parse(JSON.stringify(plan)))).toEqual(plan)
}

describe('planCourse properties (random protocols, start dates, zones and blackouts)', () => {
  it('contacts increase in time, keep their local time, honour blackouts and the contract, and round-trip', () => {
    fc.assert(
      fc.property(planInputArb, (input) => {
        const options = toOptions(input)
        const result = safePlanCourse(input.protocol, options)
        if (!result.success) {
          // Only a plan that blackouts make impossible may fail, and it says so.
          expect(result.issues.map((issue) => issue.code)).toEqual(['no-free-slot'])
          return
        }
        checkPlan(result.data, options)
      }),
      { numRuns: 200 },
    )
  })

  it('a missed contact keeps every earlier contact in place and the contracted count', () => {
    fc.assert(
      fc.property(planInputArb, fc.nat(), (input, pick) => {
        const options = toOptions(input)
        const result = safePlanCourse(input.protocol, options)
        if (!result.success) return
        const plan = result.data
        const target = plan.contacts[pick % plan.contacts.length]
        if (!target) return
        const moved = reschedulePlan(plan, { type: 'missed', contactId: target.id })
        const earlier = (p: CoursePlan) => p.contacts.filter((c) => Date.parse(c.start) < Date.parse(target.start))
        expect(earlier(moved)).toEqual(earlier(plan))
        expect(moved.contacts.find((c) => c.id === target.id)?.status).toBe('missed')
        checkPlan(moved, options)
      }),
      { numRuns: 150 },
    )
  })

  it('a new blackout moves nothing before it and keeps the contracted count', () => {
    fc.assert(
      fc.property(
        planInputArb,
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 20 }),
        (input, offset, length) => {
          const options = toOptions(input)
          const result = safePlanCourse(input.protocol, options)
          if (!result.success) return
          const blackout = { from: shift(input.start, offset), to: shift(input.start, offset + length) }
          const moved = reschedulePlan(result.data, { type: 'blackout', ...blackout })
          const earlier = (p: CoursePlan) => p.contacts.filter((c) => wallClock(c.start).date < blackout.from)
          expect(earlier(moved)).toEqual(earlier(result.data))
          checkPlan(moved, { ...options, blackouts: [...(options.blackouts ?? []), blackout] })
        },
      ),
      { numRuns: 150 },
    )
  })
})
