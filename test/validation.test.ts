import {
  type CoursePlan,
  CoursePlanSchema,
  type Protocol,
  ProtocolError,
  planCourse,
  protocols,
  safeDefineProtocol,
  safePlanCourse,
  safeReschedulePlan,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { testVariant } from './support/protocol.js'

const defineIssues = (definition: unknown) => {
  const result = safeDefineProtocol(definition as Protocol)
  return result.success ? [] : result.issues
}
const utc = { start: '2027-03-01', time: '10:00', timeZone: 'UTC' }

describe('issues: English messages and params for the checks zod makes', () => {
  it('a wrong type names what was expected and what was given', () => {
    const given = [
      [42, 'number'],
      [null, 'null'],
      [['x'], 'array'],
      [{}, 'object'],
    ] as const
    for (const [start, kind] of given) {
      const result = safePlanCourse(protocols.ipt, { ...utc, start: start as never })
      expect(result.success ? [] : result.issues).toEqual([
        {
          code: 'invalid-type',
          message: `Expected string, got ${kind}`,
          path: ['start'],
          params: { expected: 'string' },
        },
      ])
    }
  })

  it('a size bound says what it counts: a value, a length or a number of items', () => {
    expect(defineIssues({ ...testVariant, extends: 'ipt', schedule: { sessions: { min: 0 } } })).toContainEqual({
      code: 'too-small',
      message: 'The value must be at least 1',
      path: ['schedule', 'sessions', 'min'],
      params: { minimum: 1, inclusive: true, origin: 'number' },
    })
    expect(defineIssues({ ...testVariant, extends: 'ipt', name: '' })).toEqual([
      {
        code: 'too-small',
        message: 'The length must be at least 1',
        path: ['name'],
        params: { minimum: 1, inclusive: true, origin: 'string' },
      },
    ])
    expect(defineIssues({ ...testVariant, extends: 'ipt', schedule: { participants: [] } })).toEqual([
      {
        code: 'too-small',
        message: 'The number of items must be at least 1',
        path: ['schedule', 'participants'],
        params: { minimum: 1, inclusive: true, origin: 'array' },
      },
    ])
    expect(defineIssues({ ...testVariant, extends: 'ipt', schedule: { sessionMinutes: { max: 601 } } })).toEqual([
      {
        code: 'too-big',
        message: 'The value must be at most 600',
        path: ['schedule', 'sessionMinutes', 'max'],
        params: { maximum: 600, inclusive: true, origin: 'number' },
      },
    ])
  })

  it('an unknown value lists the values allowed', () => {
    expect(defineIssues({ ...testVariant, extends: 'ipt', format: 'couple' })).toEqual([
      {
        code: 'invalid-value',
        message: 'Expected one of "individual", "group", "conjoint"',
        path: ['format'],
        params: { values: ['individual', 'group', 'conjoint'] },
      },
    ])
  })

  it('unknown keys are named, one or several', () => {
    expect(defineIssues({ ...testVariant, extends: 'ipt', typo: 1 })).toEqual([
      { code: 'unrecognized-keys', message: 'Unknown key: typo', path: [], params: { keys: ['typo'] } },
    ])
    expect(defineIssues({ ...testVariant, extends: 'ipt', typo: 1, other: 2 })).toEqual([
      {
        code: 'unrecognized-keys',
        message: 'Unknown keys: typo, other',
        path: [],
        params: { keys: ['typo', 'other'] },
      },
    ])
  })

  it('a start that is not an instant with an offset says so', () => {
    const plan = planCourse(protocols.ipt, utc)
    const contacts = plan.contacts.map((contact, index) =>
      index === 0 ? { ...contact, start: '2027-03-01T10:00:00' } : contact,
    )
    const result = safeReschedulePlan({ ...plan, contacts } as CoursePlan, {
      type: 'blackout',
      from: '2027-05-01',
      to: '2027-05-01',
    })
    expect(result.success ? [] : result.issues).toEqual([
      {
        code: 'invalid-format',
        message: 'Expected an ISO 8601 instant with an offset',
        path: ['plan', 'contacts', 0, 'start'],
        params: { format: 'datetime', origin: 'string' },
      },
    ])
  })

  it('a library check keeps its code, rule and params, and has no params when it gives none', () => {
    expect(
      defineIssues({ ...testVariant, extends: 'ipt', schedule: { sessions: { min: 14, default: 13, max: 16 } } }),
    ).toEqual([
      {
        code: 'invalid-range',
        message: 'Expected min ≤ default ≤ max, got 14, 13, 16',
        path: ['schedule', 'sessions'],
      },
    ])
    expect(
      defineIssues({ ...testVariant, extends: 'ipt', schedule: { frequency: { every: 1, unit: 'month', times: 2 } } }),
    ).toEqual([
      {
        code: 'invalid-frequency',
        message: 'Several contacts per period need a period of weeks with a day for each',
        path: ['schedule', 'frequency', 'times'],
        params: { times: 2 },
        rule: 'SCHED-5',
      },
    ])
  })

  it('an issue carries only the fields it has: no params or rule it was not given', () => {
    const plan = planCourse(protocols.ipt, utc)
    const range = safeReschedulePlan(plan, { type: 'blackout', from: '2027-05-02', to: '2027-05-01' })
    expect(range.success ? [] : range.issues.map((issue) => Object.keys(issue))).toEqual([['code', 'message', 'path']])
    const custom = defineIssues({
      ...testVariant,
      extends: 'ipt',
      schedule: { sessions: { min: 14, default: 13, max: 16 } },
    })
    expect(custom.map((issue) => Object.keys(issue))).toEqual([['code', 'message', 'path']])
    const zod = defineIssues({ ...testVariant, extends: 'ipt', format: 'couple' })
    expect(zod.map((issue) => Object.keys(issue.params ?? {}))).toEqual([['values']])
  })

  it('an advisory carries only the fields it has', () => {
    const plan = planCourse(protocols.ipt, { start: '2027-03-07', time: '02:30', timeZone: 'America/New_York' })
    expect(plan.advisories.map((advisory) => Object.keys(advisory).sort())).toEqual([['code', 'message', 'params']])
    expect(CoursePlanSchema.parse(JSON.parse(JSON.stringify(plan))).advisories).toEqual(plan.advisories)
  })
})

describe('ProtocolError', () => {
  it('lists every issue in its message, each with its path when it has one', () => {
    try {
      planCourse(protocols.ipt, { start: '2027-02-30', time: '25:00', timeZone: 'UTC' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError)
      expect(error).toBeInstanceOf(Error)
      expect((error as ProtocolError).name).toBe('ProtocolError')
      expect((error as ProtocolError).message).toBe(
        [
          'start: "2027-02-30" is not a date in the calendar',
          'time: Expected a time of day as HH:mm (00:00–23:59), got "25:00"',
        ].join('\n'),
      )
    }
    expect(new ProtocolError([{ code: 'x', message: 'No path here', path: [] }]).message).toBe('No path here')
  })

  it('safe functions return the same issues the throwing ones throw', () => {
    const result = safePlanCourse(protocols.ipt, { ...utc, sessions: 40 })
    expect(() => planCourse(protocols.ipt, { ...utc, sessions: 40 })).toThrow(
      expect.objectContaining({ issues: result.success ? [] : result.issues }),
    )
  })
})
