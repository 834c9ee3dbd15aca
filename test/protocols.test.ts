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
import { testVariant } from './support/protocol.js'

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

  it('IPT-A: 12 weekly sessions (up to 16), phases 1–4 / 5–8 / 9–12, a phone contact after each of sessions 1–4, a parent in the first and the last session', () => {
    const { schedule, population, basedOn } = protocols['ipt-a']
    expect(basedOn).toEqual({ id: 'ipt', version: protocols.ipt.version })
    expect(population).toMatchObject({
      minAgeYears: 12,
      maxAgeYears: 18,
      rule: 'READY-5',
      younger: { alternative: 'FB-IPT' },
    })
    if (schedule.type !== 'acute') throw new Error('acute expected')
    expect(schedule.sessions).toEqual({ min: 12, default: 12, max: 16 })
    expect(schedule.frequency).toEqual({ every: 1, unit: 'week' })
    expect(schedule.phases).toEqual({ initialMaxSessions: 4, terminationSessions: 4 })
    expect(schedule.participantsBySession).toEqual([
      { session: 'first', participants: ['patient', 'parent'], rule: 'IPTA-2' },
      { session: 'last', participants: ['patient', 'parent'], rule: 'IPTA-2' },
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

  it('group IPT (WHO 2016, Asrat 2021): pre-group, initial = group session 1, middle 2–7, termination 8; 10 sessions 1 / 8 / 1', () => {
    const options = { start: '2027-03-01', time: '10:00', timeZone: 'UTC' }
    const phases = (sessions?: number) =>
      planCourse(protocols['ipt-group'], { ...options, ...(sessions ? { sessions } : {}) }).contacts.map(
        (contact) => `${contact.kind === 'session' ? contact.number : contact.kind}:${contact.phase}`,
      )
    expect(phases()).toEqual([
      'pre-group-session:initial',
      '1:initial',
      ...[2, 3, 4, 5, 6, 7].map((n) => `${n}:middle`),
      '8:termination',
    ])
    const ten = phases(10)
    expect(ten.filter((p) => p.endsWith(':middle'))).toHaveLength(8)
    expect(ten.slice(1, 2)).toEqual(['1:initial'])
    expect(ten.at(-1)).toBe('10:termination')
  })

  it('IPT-B plans one engagement session a week before its 8 sessions; late-life IPT contracts exactly 16 (§5)', () => {
    const options = { start: '2027-03-01', time: '10:00', timeZone: 'UTC' }
    const brief = planCourse(protocols['ipt-b'], options).contacts
    expect(brief.map((contact) => contact.kind)).toEqual(['engagement-session', ...Array(8).fill('session')])
    expect(brief.slice(0, 2).map((contact) => contact.start)).toEqual([
      '2027-03-01T10:00:00+00:00',
      '2027-03-08T10:00:00+00:00',
    ])
    expect(protocols['ipt-late-life'].schedule).toMatchObject({ sessions: { min: 16, default: 16, max: 16 } })
    expect(() => planCourse(protocols['ipt-late-life'], { ...options, sessions: 12 })).toThrow(ProtocolError)
  })
})

describe('defineProtocol', () => {
  it('extends a built-in by id, overriding parts and recording its base', () => {
    const variant = defineProtocol({
      ...testVariant,
      extends: 'ipt-a',
      id: 'ipt-a-no-phone',
      name: 'IPT-A without phone contacts',
      schedule: { extraContacts: [] },
    })
    expect(variant.basedOn).toEqual({ id: 'ipt-a', version: protocols['ipt-a'].version })
    expect(variant.schedule.extraContacts).toEqual([])
    expect(variant.schedule.participantsBySession).toEqual(protocols['ipt-a'].schedule.participantsBySession)
    expect(variant.population).toEqual(protocols['ipt-a'].population)
  })

  it('extends a protocol object, merging nested objects key by key', () => {
    const variant = defineProtocol({
      ...testVariant,
      extends: protocols.ipt,
      id: 'ipt-55',
      schedule: { sessionMinutes: { max: 55 } },
    })
    expect(variant.schedule.sessionMinutes).toEqual({ min: 45, default: 50, max: 55 })
    expect(variant.schedule.type === 'acute' && variant.schedule.frequency).toEqual(
      protocols.ipt.schedule.type === 'acute' && protocols.ipt.schedule.frequency,
    )
  })

  it('removes an optional field given null, and replaces a schedule of another type whole', () => {
    const adults = defineProtocol({ ...testVariant, extends: 'ipt-a', id: 'ipt-a-any-age', population: null })
    expect(adults.population).toBeUndefined()
    const monthly = defineProtocol({
      ...testVariant,
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
    const definition = {
      ...testVariant,
      extends: base,
      id: 'x',
      schedule: { sessions: { min: 10, default: 10, max: 10 } },
    }
    const before = JSON.stringify(definition)
    defineProtocol(definition)
    expect(JSON.stringify(definition)).toBe(before)
  })

  it('reports every broken invariant at once, with codes, paths and rule ids', () => {
    const result = safeDefineProtocol({
      ...testVariant,
      ...testVariant,
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
      ...testVariant,
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
    [{ ...testVariant, extends: 'ipt', id: 'Bad Id' }, ['invalid-format@id']],
    [{ ...testVariant, extends: 'ipt', typo: 1 }, ['unrecognized-keys@']],
    [
      { ...testVariant, extends: 'ipt', schedule: { sessions: { min: 0 } } },
      ['phases-exceed-sessions@schedule.phases', 'too-small@schedule.sessions.min'],
    ],
    [{ ...testVariant, extends: 'ipt', rules: ['SCHED-99'] }, ['invalid-value@rules.0']],
    [{ ...testVariant, extends: 'ipt', rules: ['READY-4', 'READY-4'] }, ['duplicate@rules']],
    [
      {
        ...testVariant,
        extends: 'ipt',
        schedule: { earlyFrequency: { sessions: 12, frequency: { every: 1, unit: 'week' } } },
      },
      ['early-frequency-too-long@schedule.earlyFrequency.sessions'],
    ],
    [
      {
        ...testVariant,
        extends: 'ipt',
        schedule: { participantsBySession: [{ session: 13, participants: ['patient'] }] },
      },
      ['session-out-of-range@schedule.participantsBySession.0.session'],
    ],
    [
      { ...testVariant, extends: 'ipt', population: { minAgeYears: 20, maxAgeYears: 10 } },
      ['invalid-range@population'],
    ],
    // A variant describes itself and has its own version (issue 13); both are reported with any other problem.
    [{ extends: 'ipt-a', id: 'v', version: '1.0.0' }, ['variant-description-required@description']],
    [{ extends: 'ipt-a', id: 'v', version: '1.0.0', description: '  ' }, ['variant-description-required@description']],
    [{ extends: 'ipt-a', id: 'v', description: 'mine' }, ['variant-version-required@version']],
    [
      { extends: 'ipt-a', id: 'Bad Id', version: null, description: null },
      ['invalid-format@id', 'variant-description-required@description', 'variant-version-required@version'],
    ],
    // A rule the data decide is listed only where the data apply it.
    [{ ...testVariant, extends: 'ipt', rules: ['IPTA-1'] }, ['rule-not-applied@rules.0']],
    [{ ...testVariant, extends: 'ipt-group', rules: ['READY-4', 'SCHED-1'] }, ['rule-not-applied@rules.1']],
  ])('refuses %j with %j', (definition, expected) => {
    expect(codes(definition).sort()).toEqual(expected)
  })

  it('ignores a __proto__ key instead of polluting any prototype', () => {
    const definition = JSON.parse(
      '{"extends":"ipt","id":"p","version":"0.1.0","description":"d","__proto__":{"polluted":true},"schedule":{"__proto__":{"x":1}}}',
    )
    expect(codes(definition).sort()).toEqual(['unrecognized-keys@', 'unrecognized-keys@schedule'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('behaviour follows the data, never the id', () => {
  it("a researcher's copy of IPT-A under another id plans exactly like IPT-A", () => {
    const copy = defineProtocol({
      ...testVariant,
      extends: 'ipt-a',
      id: 'my-adolescent-ipt',
      name: 'Adolescent IPT (copy)',
    })
    const options = { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' }
    expect(planCourse(copy, options).contacts).toEqual(planCourse(protocols['ipt-a'], options).contacts)
  })

  it('IPT with a phone contact added gets phone contacts; IPT-A without them gets none', () => {
    const withPhone = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-phone',
      schedule: { extraContacts: protocols['ipt-a'].schedule.extraContacts },
    })
    const withoutPhone = defineProtocol({
      ...testVariant,
      extends: 'ipt-a',
      id: 'ipt-a-no-phone',
      schedule: { extraContacts: [] },
    })
    const options = { start: '2027-03-01', time: '16:00', timeZone: 'UTC' }
    expect(planCourse(withPhone, options).contacts.filter((c) => c.kind === 'phone-contact')).toHaveLength(4)
    expect(planCourse(withoutPhone, options).contacts.filter((c) => c.kind === 'phone-contact')).toHaveLength(0)
  })
})

describe('defineProtocol: merging and checks at their bounds', () => {
  const issuesOf = (definition: unknown) => {
    const result = safeDefineProtocol(definition as Protocol)
    return result.success ? [] : result.issues
  }

  it('SCHED-5: allows up to seven contacts a week, and several a period only for weeks', () => {
    const daily = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-daily-start',
      schedule: { earlyFrequency: { sessions: 7, frequency: { every: 1, unit: 'week', times: 7 } } },
    })
    expect(daily.schedule.type === 'acute' && daily.schedule.earlyFrequency?.frequency.times).toBe(7)
    const fortnightly = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-four-a-fortnight',
      schedule: { frequency: { every: 2, unit: 'week', times: 4 } },
    })
    expect(fortnightly.schedule.type === 'acute' && fortnightly.schedule.frequency).toEqual({
      every: 2,
      unit: 'week',
      times: 4,
    })
    expect(
      issuesOf({ ...testVariant, extends: 'ipt', schedule: { frequency: { every: 1, unit: 'day', times: 2 } } }),
    ).toEqual([
      expect.objectContaining({
        code: 'invalid-frequency',
        path: ['schedule', 'frequency', 'times'],
        params: { times: 2 },
        rule: 'SCHED-5',
      }),
    ])
  })

  it('keeps a base value given undefined, and merges a schedule of the same type key by key', () => {
    const variant = defineProtocol({
      ...testVariant,
      extends: 'ipt-a',
      id: 'ipt-a-60',
      name: undefined,
      schedule: { type: 'acute', sessionMinutes: { max: 60 } },
    } as never) // `name: undefined` is what a JavaScript caller may pass; the types forbid it.
    expect(variant.name).toBe(protocols['ipt-a'].name)
    expect(variant.schedule).toEqual({
      ...protocols['ipt-a'].schedule,
      sessionMinutes: { ...protocols['ipt-a'].schedule.sessionMinutes, max: 60 },
    })
  })

  it('names what extends was given when it is neither a protocol nor a built-in id', () => {
    expect(issuesOf({ extends: 'cbt', id: 'x' })).toEqual([
      expect.objectContaining({ code: 'unknown-protocol', path: ['extends'], params: { value: 'cbt' } }),
    ])
    expect(issuesOf({ extends: 7 })[0]?.params).toEqual({ value: 'number' })
    expect(issuesOf({ extends: ['ipt'] })[0]?.params).toEqual({ value: 'object' })
  })

  it('refuses a definition that is not a plain object with its own message', () => {
    for (const definition of [null, [], 'ipt']) {
      expect(issuesOf(definition)).toEqual([
        { code: 'invalid-type', message: 'A protocol definition must be an object', path: [] },
      ])
    }
  })

  it('treats a null __proto__ override as an unknown key, never as a removal', () => {
    expect(
      codes(JSON.parse('{"extends":"ipt","id":"p","version":"0.1.0","description":"d","__proto__":null}')),
    ).toEqual(['unrecognized-keys@'])
  })

  it('AREA-3: allows as many problem areas as it lists, and no more', () => {
    const two = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-two-areas',
      problemAreas: { allowed: ['grief', 'role-transition'], max: 2 },
    })
    expect(two.problemAreas.max).toBe(2)
    expect(
      issuesOf({ ...testVariant, extends: 'ipt', problemAreas: { allowed: ['grief', 'role-transition'], max: 3 } }),
    ).toEqual([
      expect.objectContaining({ code: 'too-many-problem-areas', path: ['problemAreas', 'max'], rule: 'AREA-3' }),
    ])
  })
})

describe('getProtocol', () => {
  it('names the id it does not know, in the error and its issue', () => {
    for (const [id, shown, value] of [
      ['cbt', '"cbt"', 'cbt'],
      [42, '(number)', 'number'],
    ] as const) {
      try {
        getProtocol(id as never)
        expect.unreachable()
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError)
        expect((error as ProtocolError).issues).toEqual([
          {
            code: 'unknown-protocol',
            message: `No built-in protocol ${shown}; the ids are ipt, ipt-a, ipt-continuation, ipt-m, ipt-group, ipt-b, ipt-late-life`,
            path: ['id'],
            params: { value, known: Object.keys(protocols) },
          },
        ])
      }
    }
  })
})

describe('ProtocolSchema: ids, versions and defaults', () => {
  const complete = () => {
    const { basedOn: _basedOn, ...rest } = JSON.parse(JSON.stringify(protocols.ipt)) as Protocol
    return rest
  }

  it.each(['a', '7', 'ipt-2', 'a'.repeat(64)])('accepts the id %j', (id) => {
    expect(codes({ ...complete(), id })).toEqual([])
  })

  it.each(['', '-ipt', 'IPT', 'ipt_2', 'ipt!', '!ipt', 'a'.repeat(65)])('refuses the id %j', (id) => {
    expect(codes({ ...complete(), id })).toEqual(['invalid-format@id'])
  })

  it.each(['0.0.1', '10.20.30'])('accepts the version %j', (version) => {
    expect(codes({ ...complete(), version })).toEqual([])
  })

  it.each(['1.0', '1.0.0-beta', 'v1.0.0', '1..0', 'a.b.c'])('refuses the version %j', (version) => {
    expect(codes({ ...complete(), version })).toEqual(['invalid-format@version'])
  })

  it('MEAS-5: a complete definition gets the defaults for what it leaves out', () => {
    const { description: _d, monitoring: _m, sources: _s, ...rest } = complete()
    const schedule = { ...rest.schedule, participantsBySession: undefined, extraContacts: undefined }
    const protocol = defineProtocol(JSON.parse(JSON.stringify({ ...rest, id: 'minimal', schedule })))
    expect(protocol.description).toBe('')
    expect(protocol.sources).toEqual([])
    expect(protocol.monitoring).toEqual({
      review: { share: 0.5, minSessions: 4 },
      ratingEverySessions: 4,
      eachContact: [],
    })
    expect(protocol.initialTasks).toEqual({
      required: ['inventory'],
      advised: ['diagnosis', 'sick-role', 'medication-evaluation', 'formulation', 'baseline-measure'],
    })
    expect(protocol.schedule.participantsBySession).toEqual([])
    expect(protocol.schedule.extraContacts).toEqual([])
  })
})

describe('ProtocolSchema: cross-field invariants at their bounds', () => {
  it.each([
    [{ sessions: { min: 12, default: 17, max: 16 } }, ['invalid-range@schedule.sessions']],
    [
      {
        sessions: { min: 12, default: 12, max: 12 },
        participantsBySession: [{ session: 12, participants: ['patient'] }],
      },
      [],
    ],
    [{ phases: { initialMaxSessions: 9, terminationSessions: 3 } }, []],
    [
      {
        extraContacts: [
          {
            kind: 'phone-contact',
            placement: { type: 'after-sessions', fromSession: 3, toSession: 2, offsetDays: 1 },
            durationMinutes: 10,
            participants: ['patient'],
          },
        ],
      },
      ['session-out-of-range@schedule.extraContacts.0.placement'],
    ],
    [
      {
        extraContacts: [
          {
            kind: 'phone-contact',
            placement: { type: 'after-sessions', fromSession: 1, toSession: 12, offsetDays: 1 },
            durationMinutes: 10,
            participants: ['patient'],
          },
        ],
      },
      ['session-out-of-range@schedule.extraContacts.0.placement'],
    ],
    [
      {
        extraContacts: [
          {
            kind: 'phone-contact',
            placement: { type: 'after-sessions', fromSession: 1, toSession: 11, offsetDays: 1 },
            durationMinutes: 10,
            participants: ['patient'],
          },
          {
            kind: 'phone-contact',
            placement: { type: 'before-first-session', leadDays: 7 },
            durationMinutes: 10,
            participants: ['patient'],
          },
        ],
      },
      ['duplicate@schedule.extraContacts'],
    ],
  ])('PHASE-1, SCHED-1: a schedule of 12 or more sessions with %j gives %j', (schedule, expected) => {
    expect(codes({ ...testVariant, extends: 'ipt', id: 'x', schedule }).sort()).toEqual(expected)
  })

  it('names the rule and the counts of a broken phase or early-frequency bound (PHASE-1, SCHED-5)', () => {
    const result = safeDefineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'x',
      schedule: {
        phases: { initialMaxSessions: 10, terminationSessions: 3 },
        earlyFrequency: { sessions: 12, frequency: { every: 1, unit: 'week', times: 2 } },
      },
    })
    expect(result.success ? [] : result.issues.map(({ code, params, rule }) => ({ code, params, rule }))).toEqual([
      {
        code: 'phases-exceed-sessions',
        params: { initialMaxSessions: 10, terminationSessions: 3, minSessions: 12 },
        rule: 'PHASE-1',
      },
      { code: 'early-frequency-too-long', params: undefined, rule: 'SCHED-5' },
    ])
  })

  it('AREA-3: names the list that repeats a problem area, and accepts a population of one age', () => {
    expect(codes({ ...testVariant, extends: 'ipt', problemAreas: { allowed: ['grief', 'grief'], max: 1 } })).toEqual([
      'duplicate@problemAreas.allowed',
    ])
    expect(
      codes({ ...testVariant, extends: 'ipt', id: 'x', population: { minAgeYears: 65, maxAgeYears: 65 } }),
    ).toEqual([])
  })

  it.each([
    // monthly over at least 24 months: 24 sessions
    [{ every: 1, unit: 'month' }, 24, 24],
    // every two months over at least 7 months: 4 sessions (months 0, 2, 4, 6)
    [{ every: 2, unit: 'month' }, 7, 4],
    // twice weekly over at least 28 days: 8 sessions
    [{ every: 1, unit: 'week', times: 2 }, 1, 8],
    // every three days over at least 28 days: 9 sessions
    [{ every: 3, unit: 'day' }, 1, 9],
    // every ten weeks: at least the first session
    [{ every: 10, unit: 'week' }, 1, 1],
  ] as const)(
    'MAINT-1: a maintenance schedule %j over at least %i months may name sessions up to %i',
    (frequency, min, last) => {
      const definition = (session: number) => ({
        ...testVariant,
        extends: 'ipt-m',
        id: 'x',
        schedule: {
          months: { min, default: min, max: Math.max(min, 24) },
          frequency,
          participantsBySession: [{ session, participants: ['patient', 'partner'] }],
        },
      })
      expect(codes(definition(last))).toEqual([])
      expect(codes(definition(last + 1))).toEqual(['session-out-of-range@schedule.participantsBySession.0.session'])
    },
  )
})
