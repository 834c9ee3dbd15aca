/**
 * ipt-protocol/research, assessFidelity: every indicator met by a course delivered as planned and not met by a
 * course that differs from it in one thing, through the public API; the overall adherence, which an open safety
 * flag always denies (ipt-reference §8a); calendar dates in the course's zone across a daylight-saving change.
 */
import {
  type Course,
  type CourseEvent,
  createCourse,
  defineProtocol,
  type Protocol,
  ProtocolError,
  planCourse,
  protocols,
  reschedulePlan,
} from 'ipt-protocol'
import {
  assessFidelity,
  type FidelityIndicator,
  type FidelityOptions,
  fidelityIndicators,
  type IndicatorId,
  indicatorIds,
  safeAssessFidelity,
} from 'ipt-protocol/research'
import { describe, expect, it } from 'vitest'
import { walk } from './support/course.js'
import { type Delivery, daysLater, deliver, later } from './support/fidelity.js'
import { testVariant } from './support/protocol.js'

function indicator(course: Course, id: IndicatorId, options: FidelityOptions = {}): FidelityIndicator {
  const found = assessFidelity(course, options).indicators.find((candidate) => candidate.id === id)
  if (!found) throw new Error(`no indicator ${id}`)
  return found
}

/** The index (in the planned events) of the n-th event of a type. */
const plannedLogs = new Map<string, CourseEvent[]>()
function nth(protocol: Parameters<typeof deliver>[0], type: CourseEvent['type'], n: number): number {
  const events = plannedLogs.get(protocol.id) ?? deliver(protocol, { ongoing: true }).events
  plannedLogs.set(protocol.id, events)
  let seen = 0
  for (const [index, event] of events.entries()) if (event.type === type && ++seen === n) return index
  throw new Error(`no ${type} #${n}`)
}

const flagItems = [2, 2, 1, 1, 1, 1, 1, 1, 1] // PHQ-9 item 9 = 1: a flag (MEAS-2)
const hamdItems = [2, 1, 1, 1, 1, 0, 2, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0] // HAM-D-17 item 3 = 1: a flag (MEAS-6)

const sessionIndex = (n: number) => nth(protocols.ipt, 'session-held', n)

/** Each indicator: a course that meets it, one that does not, and the options to read them with. */
const cases: Record<IndicatorId, { met: () => Course; notMet: () => Course; options?: FidelityOptions }> = {
  'contract-in-range': {
    met: () => deliver(protocols.ipt),
    notMet: () =>
      deliver(protocols.ipt, {
        ongoing: true,
        after: {
          [sessionIndex(5)]: [
            { type: 'contract-renegotiated', at: later('2027-03-29T10:50:00-04:00', 1), sessions: 18, reason: 'r' },
          ],
        },
      }),
  },
  renegotiations: {
    met: () => deliver(protocols.ipt),
    notMet: () =>
      deliver(protocols.ipt, {
        after: {
          [sessionIndex(6)]: [
            {
              type: 'contract-renegotiated',
              at: '2027-04-05T10:50:00-04:00',
              areas: ['role-dispute'],
              reason: 'focus',
            },
          ],
        },
      }),
  },
  'sessions-delivered': {
    met: () => deliver(protocols.ipt),
    notMet: () =>
      deliver(protocols.ipt, {
        drop: (_, index) => index > sessionIndex(10),
        ending: { type: 'course-discontinued', at: '2027-05-10T09:00:00-04:00', reason: 'drop-out' },
      }),
  },
  attendance: {
    met: () => deliver(protocols.ipt),
    notMet: () =>
      deliver(protocols.ipt, {
        after: {
          [sessionIndex(5)]: [
            { type: 'session-missed', at: '2027-03-29T10:50:00-04:00' },
            { type: 'session-missed', at: '2027-03-29T10:50:00-04:00' },
          ],
        },
      }),
  },
  'planned-ending': {
    met: () => deliver(protocols.ipt),
    notMet: () =>
      deliver(protocols.ipt, {
        drop: (_, index) => index > sessionIndex(14),
        ending: { type: 'course-discontinued', at: '2027-06-20T09:00:00-04:00', reason: 'referral' },
      }),
  },
  'session-intervals': {
    met: () => deliver(protocols.ipt),
    notMet: () =>
      deliver(protocols.ipt, {
        change: (event, index) => (index === sessionIndex(7) ? { ...event, at: daysLater(event.at, 3) } : event),
      }),
  },
  'longest-gap': {
    met: () => deliver(protocols.ipt),
    // Session 7 held 4 days late: a gap of 11 days, over the 10 asked for here.
    notMet: () =>
      deliver(protocols.ipt, {
        change: (event, index) => (index === sessionIndex(7) ? { ...event, at: daysLater(event.at, 4) } : event),
      }),
    options: { maxGapDays: 10 },
  },
  'calendar-span': {
    met: () => deliver(protocols.ipt),
    notMet: () =>
      deliver(protocols.ipt, {
        change: (event, index) => (index === sessionIndex(16) ? { ...event, at: daysLater(event.at, 7) } : event),
      }),
  },
  'planned-dates': {
    met: () => deliver(protocols.ipt),
    notMet: () =>
      deliver(protocols.ipt, {
        change: (event, index) => (index === sessionIndex(7) ? { ...event, at: daysLater(event.at, 1) } : event),
      }),
  },
  'initial-phase-length': {
    met: () => deliver(protocols.ipt),
    notMet: () => deliver(protocols.ipt, { initialSessions: 4 }),
  },
  'middle-phase-preconditions': {
    met: () => deliver(protocols.ipt),
    notMet: () => {
      const lax = defineProtocol({
        ...testVariant,
        extends: 'ipt',
        id: 'ipt-lax',
        name: 'IPT without required tasks',
        initialTasks: { required: [], advised: [] },
      })
      return deliver(lax, { drop: (event) => event.type === 'inventory-completed' })
    },
  },
  'initial-tasks': {
    met: () => deliver(protocols.ipt),
    notMet: () =>
      deliver(protocols.ipt, { drop: (event) => event.type === 'task-completed' && event.task === 'sick-role' }),
  },
  'termination-timing': {
    met: () => deliver(protocols.ipt),
    notMet: () => deliver(protocols.ipt, { terminationLeft: 2 }),
  },
  'baseline-rating': {
    met: () => deliver(protocols.ipt),
    notMet: () =>
      deliver(protocols.ipt, { drop: (event, index) => event.type === 'measure-recorded' && index < sessionIndex(2) }),
  },
  'rating-interval': {
    met: () => deliver(protocols.ipt),
    notMet: () =>
      deliver(protocols.ipt, {
        drop: (event, index) => event.type === 'measure-recorded' && index > sessionIndex(5) && index < sessionIndex(6),
      }),
  },
  'phq9-flags-reviewed': {
    met: () => deliver(protocols.ipt, flagAfter(2, 'phq-9', 0)),
    notMet: () => deliver(protocols.ipt, flagAfter(2, 'phq-9', 7)),
  },
  'hamd17-flags-reviewed': {
    met: () => deliver(protocols.ipt, flagAfter(2, 'hamd-17', 0)),
    notMet: () => deliver(protocols.ipt, flagAfter(2, 'hamd-17', 7)),
  },
  'phone-contacts': {
    met: () => deliver(protocols['ipt-a']),
    notMet: () => {
      let seen = 0
      return deliver(protocols['ipt-a'], { drop: (event) => event.type === 'phone-contact-held' && ++seen === 2 })
    },
  },
  'session-participants': {
    met: () => deliver(protocols['ipt-a']),
    notMet: () =>
      deliver(protocols['ipt-a'], {
        change: (event) =>
          event.type === 'session-held' && event.at.startsWith('2027-03-01')
            ? { ...event, participants: ['patient'] }
            : event,
      }),
  },
  'pre-session-contacts': {
    met: () => deliver(protocols['ipt-group']),
    notMet: () =>
      deliver(protocols['ipt-group'], {
        replan: (plan) =>
          reschedulePlan(plan, {
            type: 'cancelled',
            contactId: plan.contacts.find((contact) => contact.kind === 'pre-group-session')?.id ?? '',
          }),
      }),
  },
  'maintenance-gaps': {
    met: () => deliver(protocols['ipt-m']),
    notMet: () => {
      let seen = 0
      return deliver(protocols['ipt-m'], { drop: (event) => event.type === 'session-held' && ++seen === 5 })
    },
  },
}

/** A PHQ-9 or HAM-D-17 flag raised at session `n`, reviewed `days` later (0: the same day). */
function flagAfter(n: number, instrument: 'phq-9' | 'hamd-17', days: number): Delivery {
  const index = sessionIndex(n)
  const reviewAt = sessionIndex(n + days / 7)
  const at = deliver(protocols.ipt, { ongoing: true }).events[index]?.at as string
  const measure: CourseEvent = {
    type: 'measure-recorded',
    at,
    instrument,
    items: instrument === 'phq-9' ? flagItems : hamdItems,
  }
  const review = (when: string): CourseEvent => ({ type: 'safety-reviewed', at: when, outcome: 'no-current-risk' })
  if (days === 0) return { after: { [index]: [measure, review(at)] } }
  const reviewWhen = deliver(protocols.ipt, { ongoing: true }).events[reviewAt]?.at as string
  return { after: { [index]: [measure], [reviewAt]: [review(reviewWhen)] } }
}

describe('assessFidelity: every indicator, met and not met', () => {
  it('covers every indicator', () => {
    expect(Object.keys(cases).sort()).toEqual([...indicatorIds].sort())
    expect(fidelityIndicators.map((definition) => definition.id)).toEqual([...indicatorIds])
  })

  it.each(indicatorIds)('%s', (id) => {
    const { met, notMet, options } = cases[id]
    const good = indicator(met(), id, options)
    const bad = indicator(notMet(), id, options)
    expect(good.status, JSON.stringify(good)).toBe('met')
    expect(bad.status, JSON.stringify(bad)).toBe('not-met')
    // The events that decided a deviation are named, and point into the log.
    const course = notMet()
    expect(bad.events.length).toBeGreaterThan(0)
    for (const index of bad.events) expect(course.events[index]).toBeDefined()
    const definition = fidelityIndicators.find((candidate) => candidate.id === id)
    expect(bad.domain).toBe(definition?.domain)
    expect(JSON.parse(JSON.stringify(bad))).toEqual(bad)
  })
})

describe('assessFidelity: what each indicator reads', () => {
  it('a course delivered as planned is adherent, its indicators met or not applicable', () => {
    for (const id of ['ipt', 'ipt-a', 'ipt-group', 'ipt-b', 'ipt-m', 'ipt-late-life'] as const) {
      const report = assessFidelity(deliver(protocols[id]))
      expect(report.adherence, id).toMatchObject({ status: 'adherent', notMet: 0, unknown: 0, openSafetyFlags: 0 })
      expect(report.indicators.map((indicator) => indicator.id)).toEqual([...indicatorIds])
    }
  })

  it('an open safety flag makes a course not adherent, whatever else it met (§8a)', () => {
    const course = deliver(protocols.ipt, {
      after: {
        [sessionIndex(16)]: [
          { type: 'measure-recorded', at: '2027-06-14T10:51:00-04:00', instrument: 'phq-9', items: flagItems },
        ],
      },
    })
    const report = assessFidelity(course)
    expect(report.adherence).toMatchObject({ status: 'not-adherent', notMet: 1, openSafetyFlags: 1 })
    const flags = report.indicators.find((indicator) => indicator.id === 'phq9-flags-reviewed')
    expect(flags).toMatchObject({ status: 'not-met', value: { flags: 1, open: 1, reviewed: 0 } })
    expect(course.events[flags?.events[0] ?? -1]?.type).toBe('measure-recorded')
  })

  it('reports the time to review and each outcome of the flags', () => {
    const late = indicator(deliver(protocols.ipt, flagAfter(2, 'phq-9', 7)), 'phq9-flags-reviewed')
    expect(late.value).toMatchObject({
      flags: 1,
      reviewed: 1,
      open: 0,
      daysToReview: [7],
      maxDaysToReview: 7,
      outcomes: { 'no-current-risk': 1 },
    })
    expect(late.expected).toEqual({ open: 0, withinDays: 1, outcomeRecorded: true })
    expect(
      indicator(deliver(protocols.ipt, flagAfter(2, 'phq-9', 7)), 'phq9-flags-reviewed', { reviewWithinDays: 7 })
        .status,
    ).toBe('met')
  })

  it('an ongoing course is unknown where only its end decides, and judged so far elsewhere', () => {
    const course = deliver(protocols.ipt, { drop: (_, index) => index > sessionIndex(5), ongoing: true })
    const report = assessFidelity(course)
    const status = Object.fromEntries(report.indicators.map((indicator) => [indicator.id, indicator.status]))
    expect(status).toMatchObject({
      'sessions-delivered': 'unknown',
      'planned-ending': 'unknown',
      'calendar-span': 'unknown',
      'termination-timing': 'unknown',
      'session-intervals': 'met',
      'rating-interval': 'met',
      'initial-phase-length': 'met',
    })
    expect(report.adherence.status).toBe('undetermined')
    expect(report.dose).toMatchObject({ contracted: 16, sessionsHeld: 5, intervalDays: [7, 7, 7, 7], spanDays: 28 })
  })

  it('a new course has nothing decided yet, and a course without a plan has no plan to compare with', () => {
    const empty = assessFidelity(createCourse(protocols.ipt, { id: 'new' }))
    expect(empty.adherence).toMatchObject({ status: 'undetermined', notMet: 0 })
    // A course without a plan takes no contact ids (SCHED-6, issue 14): the delivered log without them.
    const unplanned = (protocol: Protocol) =>
      deliver(protocol).events.map((event) => {
        const { contactId: _, ...rest } = event as CourseEvent & { contactId?: string | undefined }
        return rest as CourseEvent
      })
    const noPlan = walk(createCourse(protocols.ipt, { id: 'x' }), unplanned(protocols.ipt)).course
    const report = assessFidelity(noPlan)
    for (const id of ['calendar-span', 'planned-dates'] as const) {
      expect(report.indicators.find((indicator) => indicator.id === id)?.status).toBe('not-applicable')
    }
    expect(report.indicators.find((indicator) => indicator.id === 'pre-session-contacts')?.status).toBe(
      'not-applicable',
    )
    const group = walk(createCourse(protocols['ipt-group'], { id: 'g' }), unplanned(protocols['ipt-group'])).course
    expect(indicator(group, 'pre-session-contacts').status).toBe('unknown')
  })

  it('participants not recorded are unknown, not met', () => {
    const course = deliver(protocols['ipt-a'], {
      change: (event) => (event.type === 'session-held' ? { type: 'session-held', at: event.at } : event),
    })
    expect(indicator(course, 'session-participants').status).toBe('unknown')
  })

  it('a termination never begun fails a completed course', () => {
    const course = deliver(protocols.ipt, { terminationLeft: 0 })
    expect(indicator(course, 'termination-timing')).toMatchObject({ status: 'not-met', value: { sessionsLeft: null } })
  })

  it('takes its thresholds from the protocol data', () => {
    const a = assessFidelity(deliver(protocols['ipt-a']))
    const byId = Object.fromEntries(a.indicators.map((indicator) => [indicator.id, indicator]))
    expect(byId['initial-phase-length']?.expected).toEqual({ max: 4 })
    expect(byId['termination-timing']?.expected).toEqual({ sessionsLeftAtLeast: 4 })
    expect(byId['contract-in-range']?.expected).toEqual({ min: 12, max: 16 })
    expect(byId['rating-interval']?.expected).toEqual({ everySessions: 4 })
    expect(byId['phone-contacts']).toMatchObject({ rule: 'IPTA-1', expected: { afterSessions: { from: 1, to: 4 } } })
    expect(byId['session-participants']?.rule).toBe('IPTA-2')
    expect(byId['session-intervals']?.expected).toEqual({ frequency: { every: 1, unit: 'week' }, windowDays: 2 })
  })
})

describe('assessFidelity: calendar dates in the course zone', () => {
  it('counts dates in the plan zone across a daylight-saving change, whatever offset the instants are written in', () => {
    // Sessions at 23:30 in New York from 8 March 2027 (clocks go forward on 14 March), recorded in UTC.
    const plan = planCourse(protocols.ipt, { start: '2027-03-08', time: '23:30', timeZone: 'America/New_York' })
    const events: CourseEvent[] = plan.contacts.slice(0, 4).map((contact) => ({
      type: 'session-held',
      at: new Date(Date.parse(contact.start)).toISOString(),
    }))
    const course = walk(createCourse(protocols.ipt, { id: 'utc', plan }), events).course
    const report = assessFidelity(course)
    expect(report.timeZone).toBe('America/New_York')
    expect(report.indicators.find((indicator) => indicator.id === 'planned-dates')?.status).toBe('met')
    expect(report.dose.intervalDays).toEqual([7, 7, 7])
    // Without the zone, UTC dates fall on the next day: a plan-less course reads the zone from the options.
    const bare = walk(createCourse(protocols.ipt, { id: 'bare' }), events).course
    expect(assessFidelity(bare).dose.spanDays).toBe(21)
    expect(assessFidelity(bare, { timeZone: 'America/New_York' }).timeZone).toBe('America/New_York')
  })

  it('counts the days to a review on the local calendar', () => {
    const course = walk(createCourse(protocols.ipt, { id: 'late-night' }), [
      { type: 'measure-recorded', at: '2027-03-13T23:50:00-05:00', instrument: 'phq-9', items: flagItems },
      { type: 'safety-reviewed', at: '2027-03-14T08:00:00-04:00', outcome: 'safety-plan' },
    ]).course
    expect(indicator(course, 'phq9-flags-reviewed', { timeZone: 'America/New_York' }).value).toMatchObject({
      daysToReview: [1],
    })
    expect(indicator(course, 'phq9-flags-reviewed', { timeZone: 'Asia/Tokyo' }).value).toMatchObject({
      daysToReview: [0],
    })
  })
})

describe('assessFidelity: input', () => {
  it('throws ProtocolError for an invalid course or options, and the safe twin returns the issues', () => {
    expect(() => assessFidelity({} as never)).toThrow(ProtocolError)
    const course = deliver(protocols.ipt)
    const result = safeAssessFidelity(course, { windowDays: -1, timeZone: 'Mars/Base' })
    expect(result).toMatchObject({ success: false })
    if (!result.success) {
      expect(result.issues.map((issue) => issue.path)).toEqual(
        expect.arrayContaining([
          ['options', 'timeZone'],
          ['options', 'windowDays'],
        ]),
      )
    }
    expect(safeAssessFidelity({ ...course, phase: 'nowhere' } as never)).toMatchObject({
      success: false,
      issues: [{ path: ['course', 'phase'] }],
    })
  })

  it('never changes the course it reads', () => {
    const course = deliver(protocols['ipt-a'])
    const copy = structuredClone(course)
    assessFidelity(course)
    expect(course).toEqual(copy)
  })
})
