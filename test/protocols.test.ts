import {
  defineProtocol,
  getProtocol,
  type Protocol,
  ProtocolError,
  ProtocolSchema,
  planCourse,
  protocols,
  ruleIds,
  rules,
  safeDefineProtocol,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'

const builtinIds = ['ipt', 'ipt-a', 'ipt-m', 'ipt-group', 'ipt-b', 'ipt-late-life'] as const

function codes(definition: unknown): string[] {
  const result = safeDefineProtocol(definition as Protocol)
  return result.success ? [] : result.issues.map((issue) => `${issue.code}@${issue.path?.join('.')}`)
}

describe('the protocol catalogue', () => {
  it.each(builtinIds)('%s is valid, plain JSON, and round-trips through ProtocolSchema', (id) => {
    const protocol = protocols[id]
    expect(protocol.id).toBe(id)
    expect(getProtocol(id)).toBe(protocol)
    expect(ProtocolSchema.parse(JSON.parse(JSON.stringify(protocol)))).toEqual(protocol)
  })

  it.each(builtinIds)('%s names only rules of the catalogue, each with a source', (id) => {
    for (const rule of protocols[id].rules) {
      expect(ruleIds).toContain(rule)
      expect(rules[rule].sources.length).toBeGreaterThan(0)
    }
  })

  it('is read-only', () => {
    expect(Object.isFrozen(protocols)).toBe(true)
    expect(Object.isFrozen(protocols.ipt.schedule)).toBe(true)
    expect(() => {
      ;(protocols.ipt.problemAreas.allowed as string[]).push('x')
    }).toThrow(TypeError)
  })

  it('refuses an unknown id with a ProtocolError', () => {
    expect(() => getProtocol('cbt')).toThrow(ProtocolError)
    expect(() => getProtocol('toString')).toThrow(ProtocolError)
    expect(() => getProtocol(42 as never)).toThrow(ProtocolError)
  })

  it('standard IPT: 12–16 weekly sessions of 45–60 min, initial up to 3, termination 3, at most 2 of 4 areas', () => {
    const { schedule, problemAreas } = protocols.ipt
    expect(schedule.type).toBe('acute')
    if (schedule.type !== 'acute') return
    expect(schedule.sessions).toEqual({ min: 12, default: 16, max: 16 })
    expect(schedule.frequency).toEqual({ every: 1, unit: 'week' })
    expect(schedule.sessionMinutes).toEqual({ min: 45, default: 50, max: 60 })
    expect(schedule.phases).toEqual({ initialMaxSessions: 3, terminationSessions: 3 })
    expect(problemAreas).toEqual({
      allowed: ['grief', 'role-dispute', 'role-transition', 'interpersonal-deficits'],
      max: 2,
    })
  })

  it('IPT-A carries the seed rules: 12 weekly sessions, a phone contact after each of sessions 1–4, a parent in session 1', () => {
    const { schedule, population, basedOn } = protocols['ipt-a']
    expect(basedOn).toEqual({ id: 'ipt', version: '1.0.0' })
    expect(population).toEqual({ minAgeYears: 12, maxAgeYears: 18 })
    if (schedule.type !== 'acute') throw new Error('acute expected')
    expect(schedule.sessions).toEqual({ min: 12, default: 12, max: 12 })
    expect(schedule.frequency).toEqual({ every: 1, unit: 'week' })
    expect(schedule.participantsBySession).toEqual([
      { session: 'first', participants: ['patient', 'parent'], rule: 'IPTA-2' },
    ])
    expect(schedule.extraContacts.map((contact) => [contact.kind, contact.placement])).toEqual([
      ['phone-contact', { type: 'after-sessions', fromSession: 1, toSession: 4, offsetDays: 3 }],
    ])
  })

  it('IPT-M is monthly over 24–36 months (default 36); group IPT has a pre-group session; IPT-B an initial phase of 2', () => {
    const maintenance = protocols['ipt-m'].schedule
    expect(maintenance).toMatchObject({
      type: 'maintenance',
      months: { min: 24, default: 36, max: 36 },
      frequency: { every: 1, unit: 'month' },
    })
    expect(protocols['ipt-group'].schedule.extraContacts[0]?.kind).toBe('pre-group-session')
    expect(protocols['ipt-group'].format).toBe('group')
    expect(protocols['ipt-b'].schedule).toMatchObject({ sessions: { default: 8 }, phases: { initialMaxSessions: 2 } })
    expect(protocols['ipt-late-life'].schedule.sessionMinutes.min).toBeLessThan(
      protocols.ipt.schedule.sessionMinutes.min,
    )
  })
})

describe('defineProtocol', () => {
  it('extends a built-in by id, overriding parts and recording its base', () => {
    const variant = defineProtocol({
      extends: 'ipt-a',
      id: 'ipt-a-no-phone',
      name: 'IPT-A without phone contacts',
      schedule: { extraContacts: [] },
    })
    expect(variant.basedOn).toEqual({ id: 'ipt-a', version: '1.0.0' })
    expect(variant.schedule.extraContacts).toEqual([])
    expect(variant.schedule.participantsBySession).toEqual(protocols['ipt-a'].schedule.participantsBySession)
    expect(variant.population).toEqual(protocols['ipt-a'].population)
  })

  it('extends a protocol object, merging nested objects key by key', () => {
    const variant = defineProtocol({ extends: protocols.ipt, id: 'ipt-55', schedule: { sessionMinutes: { max: 55 } } })
    expect(variant.schedule.sessionMinutes).toEqual({ min: 45, default: 50, max: 55 })
    expect(variant.schedule.frequency).toEqual(protocols.ipt.schedule.frequency)
  })

  it('removes an optional field given null, and replaces a schedule of another type whole', () => {
    const adults = defineProtocol({ extends: 'ipt-a', id: 'ipt-a-any-age', population: null })
    expect(adults.population).toBeUndefined()
    const monthly = defineProtocol({
      extends: 'ipt',
      id: 'ipt-monthly',
      schedule: {
        type: 'maintenance',
        months: { min: 6, default: 12, max: 12 },
        frequency: { every: 1, unit: 'month' },
        sessionMinutes: { min: 50, default: 50, max: 50 },
        participants: ['patient'],
      },
    })
    expect(monthly.schedule).toEqual({
      type: 'maintenance',
      months: { min: 6, default: 12, max: 12 },
      frequency: { every: 1, unit: 'month' },
      sessionMinutes: { min: 50, default: 50, max: 50 },
      participants: ['patient'],
      participantsBySession: [],
      extraContacts: [],
    })
  })

  it('accepts a complete definition without a base', () => {
    const { basedOn: _basedOn, ...complete } = JSON.parse(JSON.stringify(protocols['ipt-group'])) as Protocol
    const copy = defineProtocol({ ...complete, id: 'my-group' })
    expect(copy.basedOn).toBeUndefined()
    expect(copy.schedule).toEqual(protocols['ipt-group'].schedule)
  })

  it('never mutates the definition or its base', () => {
    const base = JSON.parse(JSON.stringify(protocols.ipt)) as Protocol
    const definition = { extends: base, id: 'x', schedule: { sessions: { min: 10, default: 10, max: 10 } } }
    const before = JSON.stringify(definition)
    defineProtocol(definition)
    expect(JSON.stringify(definition)).toBe(before)
  })

  it('reports every broken invariant at once, with codes, paths and rule ids', () => {
    const result = safeDefineProtocol({
      extends: 'ipt',
      id: 'broken',
      schedule: {
        sessions: { min: 4, default: 3, max: 6 },
        phases: { initialMaxSessions: 3, terminationSessions: 3 },
        extraContacts: [
          {
            kind: 'phone-contact',
            placement: { type: 'after-sessions', fromSession: 2, toSession: 9, offsetDays: 1 },
            durationMinutes: 10,
            participants: ['patient'],
          },
        ],
      },
      problemAreas: { allowed: ['grief'], max: 2 },
    })
    expect(result.success).toBe(false)
    if (result.success) return
    expect(result.issues.map(({ code, path, rule }) => ({ code, path, rule }))).toEqual([
      { code: 'invalid-range', path: ['schedule', 'sessions'], rule: undefined },
      { code: 'phases-exceed-sessions', path: ['schedule', 'phases'], rule: 'PHASE-1' },
      { code: 'session-out-of-range', path: ['schedule', 'extraContacts', 0, 'placement'], rule: undefined },
      { code: 'too-many-problem-areas', path: ['problemAreas', 'max'], rule: 'AREA-3' },
    ])
    for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(10)
  })

  it('throws a ProtocolError carrying the same issues', () => {
    const definition = {
      extends: 'ipt' as const,
      id: 'bad',
      schedule: { frequency: { every: 1, unit: 'month' as const, times: 2 } },
    }
    const result = safeDefineProtocol(definition)
    expect(() => defineProtocol(definition)).toThrow(ProtocolError)
    try {
      defineProtocol(definition)
    } catch (error) {
      expect((error as ProtocolError).issues).toEqual(result.success ? [] : result.issues)
      expect((error as ProtocolError).issues[0]).toMatchObject({ code: 'invalid-frequency', rule: 'SCHED-5' })
    }
  })

  it.each([
    [null, ['invalid-type@']],
    [42, ['invalid-type@']],
    [{ extends: 'cbt' }, ['unknown-protocol@extends']],
    [{ extends: 7 }, ['unknown-protocol@extends']],
    [{ extends: 'ipt', id: 'Bad Id' }, ['invalid-format@id']],
    [{ extends: 'ipt', typo: 1 }, ['unrecognized-keys@']],
    [
      { extends: 'ipt', schedule: { sessions: { min: 0 } } },
      ['phases-exceed-sessions@schedule.phases', 'too-small@schedule.sessions.min'],
    ],
    [{ extends: 'ipt', rules: ['SCHED-99'] }, ['invalid-value@rules.0']],
    [{ extends: 'ipt', rules: ['SCHED-1', 'SCHED-1'] }, ['duplicate@rules']],
    [
      { extends: 'ipt', schedule: { earlyFrequency: { sessions: 12, frequency: { every: 1, unit: 'week' } } } },
      ['early-frequency-too-long@schedule.earlyFrequency.sessions'],
    ],
    [
      { extends: 'ipt', schedule: { participantsBySession: [{ session: 13, participants: ['patient'] }] } },
      ['session-out-of-range@schedule.participantsBySession.0.session'],
    ],
    [{ extends: 'ipt', population: { minAgeYears: 20, maxAgeYears: 10 } }, ['invalid-range@population']],
  ])('refuses %j with %j', (definition, expected) => {
    expect(codes(definition).sort()).toEqual(expected)
  })

  it('ignores a __proto__ key instead of polluting any prototype', () => {
    const definition = JSON.parse(
      '{"extends":"ipt","id":"p","__proto__":{"polluted":true},"schedule":{"__proto__":{"x":1}}}',
    )
    expect(codes(definition).sort()).toEqual(['unrecognized-keys@', 'unrecognized-keys@schedule'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('behaviour follows the data, never the id', () => {
  it("a researcher's copy of IPT-A under another id plans exactly like IPT-A", () => {
    const copy = defineProtocol({ extends: 'ipt-a', id: 'my-adolescent-ipt', name: 'Adolescent IPT (copy)' })
    const options = { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' }
    expect(planCourse(copy, options).contacts).toEqual(planCourse(protocols['ipt-a'], options).contacts)
  })

  it('IPT with a phone contact added gets phone contacts; IPT-A without them gets none', () => {
    const withPhone = defineProtocol({
      extends: 'ipt',
      id: 'ipt-phone',
      schedule: { extraContacts: protocols['ipt-a'].schedule.extraContacts },
    })
    const withoutPhone = defineProtocol({ extends: 'ipt-a', id: 'ipt-a-no-phone', schedule: { extraContacts: [] } })
    const options = { start: '2027-03-01', time: '16:00', timeZone: 'UTC' }
    expect(planCourse(withPhone, options).contacts.filter((c) => c.kind === 'phone-contact')).toHaveLength(4)
    expect(planCourse(withoutPhone, options).contacts.filter((c) => c.kind === 'phone-contact')).toHaveLength(0)
  })
})
