/**
 * Issue 14, part 5: messages a person can act on. The scenarios the issue lists, through the public API; a static
 * check of every message template in src/ (test/support/message-templates.ts); and a check of many real messages,
 * from fixed and fuzzed bad input to every function that explains itself, for the forms that go wrong.
 */
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import {
  applyEvent,
  assessProgress,
  type Course,
  type CourseEvent,
  createCourse,
  eventTypes,
  getProtocol,
  type Issue,
  type PlanOptions,
  type Protocol,
  ProtocolError,
  protocols,
  replay,
  reschedulePlan,
  safeDefineProtocol,
  safeParseCourse,
  safePlanCourse,
  safeReschedulePlan,
  selectProblemAreas,
  startMaintenance,
} from 'ipt-protocol'
import { safeProtocolToPlanDefinition } from 'ipt-protocol/fhir'
import { describe, expect, it } from 'vitest'
import { on } from './support/course.js'
import { thrownIssues } from './support/errors.js'
import { checkMessageTemplates } from './support/message-templates.js'

const options = { start: '2027-03-01', time: '10:00', timeZone: 'America/New_York' }
const root = fileURLToPath(new URL('..', import.meta.url))

/** What is wrong with a message, if anything. */
function messageProblems(message: string): string[] {
  const problems: string[] = []
  // "got undefined" and "got NaN" describe the value given; anywhere else the words come from a missing value.
  const words = message.replace(/\bgot (undefined|NaN)\b/g, 'got value')
  if (/\bundefined\b/.test(words)) problems.push('undefined')
  if (/\bNaN\b/.test(words)) problems.push('NaN')
  if (message.includes('[object ')) problems.push('[object …]')
  if (/(^|\s)a (?!one|uni|use|usu|eu)[aeiou]/i.test(message)) problems.push("'a' before a vowel")
  if (
    /(^|[^\d.,–-])1 (?:[a-z-]+ )?(?:sessions|areas|months|days|weeks|years|ratings|items|flags|events)\b/.test(message)
  ) {
    problems.push('1 before a plural')
  }
  if (/\b(\d+) to \1\b|\b(\d+)–\2\b/.test(message)) problems.push('a range of one number')
  if (/ {2}/.test(message)) problems.push('a double space')
  if (message.trim() !== message || message === '') problems.push('blank at an end')
  return problems
}

const messagesOf = (issues: readonly Issue[]) => issues.map((issue) => issue.message)

/** Every message a result carries: issues, advisories, reasons. */
function collect(result: unknown): string[] {
  const found: string[] = []
  const visit = (value: unknown, depth: number) => {
    if (depth > 6 || typeof value !== 'object' || value === null) return
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1)
      return
    }
    const record = value as Record<string, unknown>
    if (typeof record.code === 'string' && typeof record.message === 'string') found.push(record.message)
    for (const key of ['issues', 'advisories', 'reasons', 'refused', 'data', 'course', 'plan']) {
      if (key in record) visit(record[key], depth + 1)
    }
    if (typeof record.reason === 'string') found.push(record.reason)
  }
  visit(result, 0)
  return found
}

/** Runs a throwing function and collects the messages of its result or its error. */
function collectRun(run: () => unknown): string[] {
  try {
    return collect(run())
  } catch (error) {
    if (error instanceof ProtocolError) return messagesOf(error.issues)
    throw error
  }
}

function expectReadable(messages: readonly string[]): void {
  const bad = messages.flatMap((message) => messageProblems(message).map((problem) => `${problem}: ${message}`))
  expect(bad).toEqual([])
}

describe('the scenarios of issue 14', () => {
  const course = createCourse(protocols.ipt, { id: 'c' })

  it('an unknown event type lists the valid types, at the path of the type', () => {
    const result = applyEvent(course, { type: 'sesion-held', at: on(0) } as unknown as CourseEvent)
    expect(result.ok).toBe(false)
    const [issue, ...rest] = result.ok ? [] : result.issues
    expect(rest).toEqual([])
    expect(issue).toMatchObject({ code: 'unknown-type', path: ['event', 'type'] })
    expect(issue?.message).toBe(`Expected one of ${eventTypes.map((type) => JSON.stringify(type)).join(', ')}`)
    expect(issue?.params).toEqual({ discriminator: 'type', options: [...eventTypes] })
    const replayed = replay(protocols.ipt, [{ type: 'x', at: on(0) }] as unknown as CourseEvent[], { id: 'r' })
    expect(replayed.ok ? [] : replayed.issues).toMatchObject([{ code: 'unknown-type', path: ['events', 0, 'type'] }])
  })

  it('an event with no type at all says the same', () => {
    const result = applyEvent(course, { at: on(0) } as unknown as CourseEvent)
    expect(result.ok ? [] : result.issues).toMatchObject([
      { code: 'unknown-type', path: ['event', 'type'], message: expect.stringContaining('"session-held"') },
    ])
  })

  it('an unknown change to a plan lists the valid changes', () => {
    const plan = safePlanCourse(protocols.ipt, options)
    if (!plan.success) throw new Error('no plan')
    const result = safeReschedulePlan(plan.data, { type: 'postponed', contactId: 'x' } as never)
    expect(result.success ? [] : result.issues).toEqual([
      {
        code: 'unknown-type',
        message: 'Expected one of "held", "missed", "cancelled", "blackout", "sessions"',
        path: ['change', 'type'],
        params: { discriminator: 'type', options: ['held', 'missed', 'cancelled', 'blackout', 'sessions'] },
      },
    ])
  })

  it.each([
    [protocols.ipt, { sessions: 0 }, 'sessions must be 12 to 16 for this protocol, got 0', 'SCHED-3', 12, 16],
    [protocols.ipt, { sessions: -3 }, 'sessions must be 12 to 16 for this protocol, got -3', 'SCHED-3', 12, 16],
    [protocols.ipt, { sessions: 20 }, 'sessions must be 12 to 16 for this protocol, got 20', 'SCHED-3', 12, 16],
    [protocols.ipt, { sessions: 5000 }, 'sessions must be 12 to 16 for this protocol, got 5000', 'SCHED-3', 12, 16],
    [protocols['ipt-b'], { sessions: 0 }, 'sessions must be 8 for this protocol, got 0', 'SCHED-3', 8, 8],
    [
      protocols.ipt,
      { sessionMinutes: 0 },
      'sessionMinutes must be 45 to 60 for this protocol, got 0',
      'SCHED-3',
      45,
      60,
    ],
    [
      protocols.ipt,
      { sessionMinutes: 900 },
      'sessionMinutes must be 45 to 60 for this protocol, got 900',
      'SCHED-3',
      45,
      60,
    ],
    [protocols['ipt-m'], { months: 0 }, 'months must be 24 to 36 for this protocol, got 0', 'MAINT-1', 24, 36],
    [protocols['ipt-m'], { months: 500 }, 'months must be 24 to 36 for this protocol, got 500', 'MAINT-1', 24, 36],
  ] as const)(
    '%#: a range refusal names its rule and the protocol range (%j)',
    (protocol, given, message, rule, min, max) => {
      const result = safePlanCourse(protocol, { ...options, ...given } as PlanOptions)
      const [name, value] = Object.entries(given)[0] ?? []
      expect(result.success ? [] : result.issues).toEqual([
        { code: 'out-of-range', message, path: [name], params: { value, min, max }, rule },
      ])
    },
  )

  it('follow-up bounds name MAINT-5 and their range', () => {
    const result = safePlanCourse(protocols.ipt, { ...options, followUp: { everyMonths: 0, count: 99 } })
    expect(result.success ? [] : result.issues).toEqual([
      {
        code: 'out-of-range',
        message: 'everyMonths must be 3 to 6 for a follow-up policy, got 0',
        path: ['followUp', 'everyMonths'],
        params: { value: 0, min: 3, max: 6 },
        rule: 'MAINT-5',
      },
      {
        code: 'out-of-range',
        message: 'count must be 1 to 20 for a follow-up policy, got 99',
        path: ['followUp', 'count'],
        params: { value: 99, min: 1, max: 20 },
        rule: 'MAINT-5',
      },
    ])
  })

  it('a count that is no whole number is still refused by the schema', () => {
    const result = safePlanCourse(protocols.ipt, { ...options, sessions: 12.5 })
    expect(result.success ? [] : result.issues.map((issue) => issue.code)).toEqual(['invalid-type'])
  })

  it('an option the schedule does not have reads right for either schedule', () => {
    const acute = safePlanCourse(protocols.ipt, { ...options, months: 12 })
    const maintenance = safePlanCourse(protocols['ipt-m'], { ...options, sessions: 12 })
    expect([acute, maintenance].flatMap((result) => (result.success ? [] : messagesOf(result.issues)))).toEqual([
      "months does not apply to this protocol's acute schedule",
      "sessions does not apply to this protocol's maintenance schedule",
    ])
  })

  it('"the 1 area listed"', () => {
    const result = safeDefineProtocol({
      extends: 'ipt',
      id: 'one-area',
      version: '0.1.0',
      description: 'One area.',
      problemAreas: { allowed: ['grief'], max: 2 },
    })
    expect(result.success ? [] : messagesOf(result.issues)).toContain('max (2) exceeds the 1 area listed')
  })

  it('a stored course without a schemaVersion says so, and the versions it reads', () => {
    const { schemaVersion: _, ...stored } = createCourse(protocols.ipt, { id: 'c' })
    const missing = safeParseCourse(stored)
    expect(missing.success ? [] : messagesOf(missing.issues)).toEqual([
      'The course has no schemaVersion; this version reads 1 to 4',
    ])
    const future = safeParseCourse({ ...stored, schemaVersion: 99 })
    expect(future.success ? [] : messagesOf(future.issues)).toEqual([
      'Cannot read a course of schemaVersion 99; this version reads 1 to 4',
    ])
  })

  it("getProtocol('ipt-x') names the id and lists the known ones", () => {
    expect(thrownIssues(() => getProtocol('ipt-x'))).toEqual([
      {
        code: 'unknown-protocol',
        message:
          'No built-in protocol "ipt-x"; the ids are ipt, ipt-a, ipt-continuation, ipt-m, ipt-group, ipt-b, ipt-late-life',
        path: ['id'],
        params: { value: 'ipt-x', known: Object.keys(protocols) },
      },
    ])
  })

  it("every function given a non-protocol (protocols['ipt-x'], an id, null) says what a protocol is", () => {
    const missing = (protocols as Record<string, Protocol>)['ipt-x'] as Protocol
    const expected = (got: string) => [
      {
        code: 'invalid-type',
        message: `Expected a protocol (a value of protocols, getProtocol(id) or defineProtocol(…)), got ${got}`,
        path: ['protocol'],
        params: { expected: 'protocol' },
      },
    ]
    for (const [protocol, got] of [
      [missing, 'undefined'],
      ['ipt', '"ipt"'],
      [null, 'null'],
      [42, '42'],
    ] as const) {
      const given = protocol as unknown as Protocol
      const planned = safePlanCourse(given, options)
      expect(planned.success ? [] : planned.issues).toEqual(expected(got))
      expect(thrownIssues(() => createCourse(given, { id: 'c' }))).toEqual(expected(got))
      const replayed = replay(given, [], { id: 'r' })
      expect(replayed.ok ? [] : replayed.issues).toEqual(expected(got))
      const fhir = safeProtocolToPlanDefinition(given)
      expect(fhir.success ? [] : fhir.issues).toEqual(expected(got))
    }
  })
})

describe('every message template in src/ reads right for any value', () => {
  it('has no count before a plural noun, article before a value or range of one number without handling', () => {
    expect(checkMessageTemplates(root)).toEqual([])
  })
})

describe('real messages from bad input', () => {
  const protocolList = Object.values(protocols)
  const acute = protocolList.filter((protocol) => protocol.schedule.type === 'acute')

  /**
   * A course of `protocol` in the middle phase with a contract of `contracted` sessions (none when undefined) and
   * up to `held` sessions held, and every message the events on the way gave (termination due, beyond the contract).
   */
  function courseWith(protocol: Protocol, contracted: number | undefined, held: number): [Course, string[]] {
    const events: CourseEvent[] = [
      { type: 'inventory-completed', at: on(0, '09:00') },
      { type: 'problem-areas-agreed', at: on(0, '09:05'), areas: ['role-transition'] },
      ...(contracted ? [{ type: 'contract-agreed' as const, at: on(0, '09:10'), sessions: contracted }] : []),
      { type: 'session-held', at: on(0) },
      { type: 'phase-advanced', at: on(0, '11:00'), to: 'middle' },
    ]
    for (let index = 1; index < held; index++) events.push({ type: 'session-held', at: on(index * 7) })
    let course = createCourse(protocol, { id: 'c' })
    const messages: string[] = []
    for (const event of events) {
      const result = applyEvent(course, event)
      messages.push(...collect(result))
      if (result.ok) course = result.course
    }
    return [course, messages]
  }

  it('fixed cases: each kind of refusal and advisory the public API gives', () => {
    const messages: string[] = []
    for (const protocol of protocolList) {
      messages.push(
        ...collect(safePlanCourse(protocol, { ...options, sessions: 1, months: 1, sessionMinutes: 1 })),
        ...collect(safePlanCourse(protocol, { ...options, timeZone: 'EST' })),
        ...collect(safePlanCourse(protocol, { ...options, start: '2027-02-30', time: '25:00', timeZone: 'Mars/X' })),
        ...collect(safePlanCourse(protocol, { ...options, time: '02:30', start: '2027-03-14' })),
        ...collect(safePlanCourse(protocol, { ...options, blackouts: [{ from: '2027-03-10', to: '2027-03-01' }] })),
      )
    }
    for (const protocol of acute) {
      const { min, max } = protocol.schedule.type === 'acute' ? protocol.schedule.sessions : { min: 1, max: 1 }
      for (const contracted of [undefined, min, max]) {
        const [course, walked] = courseWith(protocol, contracted, (contracted ?? max) + 1)
        messages.push(
          ...walked,
          ...collect(applyEvent(course, { type: 'session-held', at: on(400) })),
          ...collect(applyEvent(course, { type: 'contract-agreed', at: on(400), sessions: 1 })),
          ...collect(
            applyEvent(course, { type: 'contract-renegotiated', at: on(400), sessions: 1, reason: 'A test.' }),
          ),
          ...collect(applyEvent(course, { type: 'phase-advanced', at: on(400), to: 'middle' })),
          ...collect(applyEvent(course, { type: 'course-completed', at: on(400) })),
          ...collect(applyEvent(course, { type: 'phone-contact-held', at: on(400) })),
          ...collect(applyEvent(course, { type: 'problem-areas-agreed', at: on(400), areas: ['grief', 'grief'] })),
        )
      }
      messages.push(...collectRun(() => createCourse(protocol, { id: 'c' })))
    }
    messages.push(
      ...collectRun(() => getProtocol('nope')),
      ...collectRun(() =>
        assessProgress([
          { at: '2027-03-01', instrument: 'phq-9', total: 20 },
          { at: '2027-03-08', instrument: 'hamd-17', total: 10 },
        ]),
      ),
      ...collectRun(() =>
        selectProblemAreas(
          {
            episodeOnset: '2027-01-15',
            lifeEvents: [
              { kind: 'death', date: '2026-12-15' },
              { kind: 'role-change', date: '2027-01-16' },
            ],
          },
          { windowMonths: 1, normalGriefMonths: 1 },
        ),
      ),
      ...collectRun(() =>
        startMaintenance(createCourse(protocols.ipt, { id: 'a' }), { id: 'm', combinedWithMedication: true }),
      ),
    )
    expect(messages.length).toBeGreaterThan(50)
    expectReadable(messages)
  })

  it('fuzzed plan options, protocol ranges, events and inventories give readable messages', () => {
    const messages: string[] = []
    const small = fc.integer({ min: -2, max: 30 })
    fc.assert(
      fc.property(
        fc.constantFrom(...protocolList),
        fc.record(
          {
            sessions: small,
            months: fc.integer({ min: -2, max: 200 }),
            sessionMinutes: small,
            followUp: fc.record({ everyMonths: small, count: small }),
          },
          { requiredKeys: [] },
        ),
        (protocol, given) => void messages.push(...collect(safePlanCourse(protocol, { ...options, ...given }))),
      ),
      { numRuns: 200 },
    )
    fc.assert(
      fc.property(
        fc.record({ min: small, default: small, max: small }),
        fc.record({ initialMaxSessions: small, terminationSessions: small }),
        fc.integer({ min: 0, max: 5 }),
        fc.subarray(['grief', 'role-dispute', 'role-transition', 'interpersonal-deficits'] as const),
        (sessions, phases, max, allowed) =>
          void messages.push(
            ...collect(
              safeDefineProtocol({
                extends: 'ipt',
                id: 'fuzzed',
                version: '0.1.0',
                description: 'Fuzzed.',
                schedule: { sessions, phases },
                problemAreas: { allowed, max },
              } as never),
            ),
          ),
      ),
      { numRuns: 200 },
    )
    fc.assert(
      fc.property(
        fc.constantFrom(...acute),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        fc.integer({ min: 0, max: 20 }),
        fc.oneof(
          fc.constantFrom(...eventTypes).map((type) => ({ type })),
          fc.string().map((type) => ({ type })),
          fc.record({ type: fc.constant('contract-agreed'), sessions: fc.integer({ min: -1, max: 30 }) }),
          fc.record({
            type: fc.constant('contract-renegotiated'),
            sessions: fc.integer({ min: -1, max: 30 }),
            reason: fc.constant('A test.'),
          }),
        ),
        (protocol, contracted, held, event) => {
          const [course, walked] = courseWith(protocol, contracted, held)
          messages.push(...walked, ...collect(applyEvent(course, { at: on(400), ...event } as CourseEvent)))
        },
      ),
      { numRuns: 150 },
    )
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom('death', 'dispute', 'role-change'),
            days: fc.integer({ min: -800, max: 60 }),
          }),
          {
            maxLength: 4,
          },
        ),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0, max: 3 }),
        (events, windowMonths, normalGriefMonths) => {
          const lifeEvents = events.map(({ kind, days }) => ({
            kind,
            date: new Date(Date.UTC(2027, 0, 15 + days)).toISOString().slice(0, 10),
          }))
          messages.push(
            ...collectRun(() =>
              selectProblemAreas({ episodeOnset: '2027-01-15', lifeEvents } as never, {
                windowMonths,
                normalGriefMonths,
              }),
            ),
          )
        },
      ),
      { numRuns: 150 },
    )
    expect(messages.length).toBeGreaterThan(300)
    expectReadable(messages)
  })

  it('the checks can fail: each catches the mistake it is for', () => {
    expect(messageProblems('with a acute schedule')).toEqual(["'a' before a vowel"])
    expect(messageProblems('exceeds the 1 areas listed')).toEqual(['1 before a plural'])
    expect(messageProblems('reads 1 to 1')).toEqual(['a range of one number'])
    expect(messageProblems('schemaVersion undefined; reads 1')).toEqual(['undefined'])
    expect(messageProblems('got [object Object]  twice')).toEqual(['[object …]', 'a double space'])
    expect(messageProblems('Expected number, got NaN')).toEqual([])
    expect(messageProblems('12 of the 16 contracted sessions were held; a unique one')).toEqual([])
  })

  it('a plan rescheduled keeps readable messages', () => {
    const plan = safePlanCourse(protocols['ipt-a'], options)
    if (!plan.success) throw new Error('no plan')
    expectReadable(collectRun(() => reschedulePlan(plan.data, { type: 'missed', contactId: 'nope' })))
  })
})
