/**
 * The rule catalogue against the IPT reference (ipt-reference.md): every rule says where it comes from, and a rule
 * credited to the literature names the literature.
 */
import fc from 'fast-check'
import {
  applyEvent,
  createCourse,
  dataRules,
  defineProtocol,
  type Protocol,
  ProtocolSchema,
  protocols,
  type RuleId,
  ruleIds,
  rules,
  safeDefineProtocol,
  safePlanCourse,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { testVariant } from './support/protocol.js'

/** A reference that is a published text: not a seed, not the project's own reference page, not a design note. */
const isPublished = (reference: string) => !/^(seeds? |ipt-reference|design)/.test(reference)

describe('the rule catalogue', () => {
  it.each(ruleIds)('%s has a statement, sources and, where tagged lit, a published reference', (id) => {
    const rule = rules[id]
    expect(rule.id).toBe(id)
    expect(rule.statement.length).toBeGreaterThan(20)
    expect(rule.sources.length).toBeGreaterThan(0)
    if (rule.sources.includes('lit')) expect(rule.references.filter(isPublished), id).not.toEqual([])
    if (rule.sources.includes('seed'))
      expect(
        rule.references.some((ref) => ref.startsWith('seed')),
        id,
      ).toBe(true)
  })

  it('credits what the revised reference credits (issue 13)', () => {
    const references = (id: (typeof ruleIds)[number]) => rules[id].references
    expect(references('MEAS-2')).toEqual(expect.arrayContaining(['Simon 2013', 'Louzon 2016']))
    expect(references('MEAS-3')).toEqual(
      expect.arrayContaining(['Zimmerman 2013', 'Frank 1991 (consensus definitions)']),
    )
    // Kroenke 2001 gives the PHQ-9's bands, not its remission and response thresholds.
    expect(rules['MEAS-4'].sources).toEqual(['lit?'])
    expect(references('MEAS-4').join()).not.toContain('Kroenke')
    expect(references('AREA-6')).toEqual(
      expect.arrayContaining(['seed 004', expect.stringMatching(/^DSM-5-TR/), expect.stringMatching(/^ICD-11/)]),
    )
    // The stages of a role dispute are the Guide's; seed 004 never names them.
    expect(references('AREA-7')[0]).toMatch(/Guide, role-disputes/)
    expect(rules['MAINT-5'].sources).toEqual(['seed', 'design'])
    expect(rules['MAINT-4'].sources).toContain('design')
    expect(rules['SCHED-2'].statement).toContain('45–50 minutes in the literature')
    for (const id of ['SCHED-2', 'PHASE-1', 'PHASE-5'] as const)
      expect(references(id).filter(isPublished), id).not.toEqual([])
    expect(rules['MEAS-7'].sources).toEqual(['lit?', 'design'])
  })
})

/**
 * What each rule the data decide says about a protocol's data, written from the reference (§2–§5, §8), apart from
 * the library's own table: a protocol that lists one of these rules must have the data it describes, and one
 * whose data have them must list it.
 */
const spec: Partial<Record<RuleId, (protocol: Protocol) => boolean>> = {
  // SCHED-1: individual acute IPT is 12–16 weekly sessions; group and brief IPT set their own ranges.
  'SCHED-1': ({ schedule: s }) =>
    s.type === 'acute' &&
    s.frequency.unit === 'week' &&
    s.frequency.every === 1 &&
    (s.frequency.times ?? 1) === 1 &&
    s.sessions.min >= 12 &&
    s.sessions.max <= 16,
  // SCHED-2: 45–60 minutes.
  'SCHED-2': ({ schedule: s }) => s.sessionMinutes.min >= 45 && s.sessionMinutes.max <= 60,
  // PHASE-1, PHASE-3, PHASE-5: the phases of an acute course.
  'PHASE-1': ({ schedule: s }) => s.type === 'acute',
  'PHASE-3': ({ schedule: s }) => s.type === 'acute',
  'PHASE-5': ({ schedule: s }) => s.type === 'acute',
  // PHASE-4: what remains between the initial and termination phases, so there must be something left.
  'PHASE-4': ({ schedule: s }) =>
    s.type === 'acute' && s.sessions.min - s.phases.initialMaxSessions - s.phases.terminationSessions > 0,
  // AREA-6 … AREA-9: the selection rules of the areas a protocol allows, in the initial phase of an acute course.
  'AREA-6': (p) => p.schedule.type === 'acute' && p.problemAreas.allowed.includes('grief'),
  'AREA-7': (p) => p.schedule.type === 'acute' && p.problemAreas.allowed.includes('role-dispute'),
  'AREA-3': (p) => p.problemAreas.max <= 2,
  // MAINT-1 … MAINT-4: a maintenance schedule.
  'MAINT-1': ({ schedule: s }) => s.type === 'maintenance',
  'MAINT-4': ({ schedule: s }) => s.type === 'maintenance',
  // PHASE-2: an acute course whose protocol lists initial tasks.
  'PHASE-2': (p) => p.schedule.type === 'acute' && p.initialTasks.required.length + p.initialTasks.advised.length > 0,
  // MEAS-7: ratings at an interval, or a baseline rating among the initial tasks of an acute course.
  'MEAS-7': (p) =>
    p.monitoring.ratingEverySessions !== undefined ||
    (p.schedule.type === 'acute' &&
      [...p.initialTasks.required, ...p.initialTasks.advised].includes('baseline-measure')),
  // MEAS-5: the no-response review of an acute course, at its review point.
  'MEAS-5': (p) => p.schedule.type === 'acute' && p.monitoring.review !== undefined,
  // IPTA-1 … IPTA-3: IPT-A's phone contacts, parent sessions and checks, as the data carry them.
  'IPTA-1': ({ schedule: s }) => s.extraContacts.some((contact) => contact.rule === 'IPTA-1'),
  'IPTA-2': ({ schedule: s }) => s.participantsBySession.some((entry) => entry.rule === 'IPTA-2'),
  'IPTA-3': ({ monitoring }) => monitoring.rule === 'IPTA-3' && monitoring.eachContact.length > 0,
}

function expectRulesFollowData(protocol: Protocol): void {
  for (const [rule, holds] of Object.entries(spec) as Array<[RuleId, (p: Protocol) => boolean]>) {
    expect(protocol.rules.includes(rule), `${protocol.id} ${rule}`).toBe(holds(protocol))
  }
  for (const rule of ['READY-1', 'SCHED-3', 'SCHED-6', 'PHASE-6', 'MEAS-2', 'MEAS-6', 'LOG-1'] as const) {
    expect(protocol.rules, `${protocol.id} applies ${rule} like every protocol`).toContain(rule)
  }
}

describe('a protocol lists the rules its data apply (issue 13)', () => {
  it.each(Object.keys(protocols) as Array<keyof typeof protocols>)('%s', (id) => {
    expectRulesFollowData(protocols[id])
    expect(protocols[id].rules).toEqual(ruleIds.filter((rule) => protocols[id].rules.includes(rule)))
  })

  it('group and brief IPT do not claim SCHED-1’s 12–16 sessions', () => {
    expect(protocols['ipt-group'].rules).not.toContain('SCHED-1')
    expect(protocols['ipt-b'].rules).not.toContain('SCHED-1')
    expect(protocols.ipt.rules).toContain('SCHED-1')
    // Their own ranges are their contracts' (SCHED-3): refusing 12 group sessions never cites SCHED-1.
    const plan = safePlanCourse(protocols['ipt-group'], {
      start: '2027-03-01',
      time: '10:00',
      timeZone: 'UTC',
      sessions: 12,
    })
    expect(plan.success ? [] : plan.issues.map((issue) => issue.rule)).toEqual(['SCHED-3'])
    const refused = applyEvent(createCourse(protocols['ipt-b'], { id: 'b' }), {
      type: 'contract-agreed',
      at: '2027-03-01T10:00:00Z',
      sessions: 12,
    })
    expect(refused.ok ? [] : refused.issues.map((issue) => `${issue.code}:${issue.rule}`)).toEqual([
      'sessions-out-of-range:SCHED-3',
    ])
  })

  it('a variant of IPT-A without phone contacts no longer lists IPTA-1, nor its base’s description or version', () => {
    const noPhone = defineProtocol({
      extends: 'ipt-a',
      id: 'ipt-a-no-phone',
      version: '0.1.0',
      description: 'IPT-A without the phone contacts of weeks 1–4.',
      schedule: { extraContacts: [] },
    })
    expect(noPhone.rules).not.toContain('IPTA-1')
    expect(noPhone.rules).toEqual(expect.arrayContaining(['IPTA-2', 'IPTA-3', 'READY-5']))
    expect(noPhone.description).toBe('IPT-A without the phone contacts of weeks 1–4.')
    expect(noPhone.version).toBe('0.1.0')
    expect(noPhone.basedOn).toEqual({ id: 'ipt-a', version: protocols['ipt-a'].version })
    expect(safeDefineProtocol({ extends: 'ipt-a', id: 'x', schedule: { extraContacts: [] } } as never)).toMatchObject({
      success: false,
      issues: [{ code: 'variant-description-required' }, { code: 'variant-version-required' }],
    })
  })

  it('a variant keeps its base’s readiness rules, which no data decide, unless it lists its own', () => {
    const ready = ['READY-2', 'READY-3', 'READY-4', 'READY-6', 'READY-7'] as const
    const variant = defineProtocol({ ...testVariant, extends: 'ipt', id: 'v' })
    expect(variant.rules).toEqual(expect.arrayContaining([...ready, 'MAINT-5']))
    const own = defineProtocol({ ...testVariant, extends: 'ipt', id: 'v', rules: ['READY-4'] })
    expect(own.rules.filter((rule) => rule.startsWith('READY-'))).toEqual(['READY-1', 'READY-4'])
    expect(own.rules).not.toContain('MAINT-5')
  })

  it('ProtocolSchema refuses a protocol that lists a rule its data do not apply, or leaves out one they do', () => {
    for (const protocol of Object.values(protocols)) {
      for (const rule of ruleIds) {
        if (protocol.rules.includes(rule) || !Object.hasOwn(dataRules, rule)) continue
        const claimed = ProtocolSchema.safeParse({ ...protocol, rules: [...protocol.rules, rule] })
        expect(claimed.success, `${protocol.id} claiming ${rule}`).toBe(false)
        expect(claimed.error?.issues[0]?.path).toEqual(['rules', protocol.rules.length])
      }
      for (const rule of protocol.rules.filter((r) => Object.hasOwn(dataRules, r))) {
        const omitted = ProtocolSchema.safeParse({ ...protocol, rules: protocol.rules.filter((r) => r !== rule) })
        expect(omitted.success, `${protocol.id} without ${rule}`).toBe(false)
      }
    }
  })

  it('dataRules names exactly the rules the data decide: any other a protocol may list itself', () => {
    const minimal = defineProtocol({ ...testVariant, extends: 'ipt-m', id: 'm', rules: [] })
    for (const rule of ruleIds) {
      if (minimal.rules.includes(rule)) continue
      const listed = ProtocolSchema.safeParse({ ...minimal, rules: [...minimal.rules, rule] })
      expect(listed.success, rule).toBe(!Object.hasOwn(dataRules, rule))
    }
    expect(Object.keys(dataRules).every((rule) => ruleIds.includes(rule as RuleId))).toBe(true)
  })

  it('for any variant, the rules follow the data (property)', () => {
    const variantArb = fc.record({
      base: fc.constantFrom(...(Object.keys(protocols) as Array<keyof typeof protocols>)),
      min: fc.integer({ min: 6, max: 20 }),
      extra: fc.integer({ min: 0, max: 4 }),
      minutes: fc.constantFrom([45, 50, 60], [35, 45, 50], [30, 50, 60], [90, 90, 90], [50, 50, 55]),
      phases: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 })),
      dropContacts: fc.boolean(),
      dropParticipants: fc.boolean(),
      areas: fc.subarray(['grief', 'role-dispute', 'role-transition', 'interpersonal-deficits'] as const, {
        minLength: 1,
      }),
      weekly: fc.boolean(),
    })
    let defined = 0
    fc.assert(
      fc.property(variantArb, (v) => {
        const acute = protocols[v.base].schedule.type === 'acute'
        const [min, def, max] = v.minutes
        const result = safeDefineProtocol({
          ...testVariant,
          extends: v.base,
          id: 'variant',
          schedule: {
            ...(acute
              ? {
                  sessions: { min: v.min, default: v.min + v.extra, max: v.min + v.extra },
                  phases: { initialMaxSessions: v.phases[0], terminationSessions: v.phases[1] },
                  frequency: v.weekly ? { every: 1, unit: 'week' as const } : { every: 2, unit: 'week' as const },
                }
              : {}),
            sessionMinutes: { min, default: def, max },
            ...(v.dropContacts ? { extraContacts: [] } : {}),
            ...(v.dropParticipants ? { participantsBySession: [] } : {}),
          },
          problemAreas: { allowed: v.areas, max: Math.min(2, v.areas.length) },
        })
        // Phases that do not fit the sessions, or contacts after sessions that do not exist, are refused first.
        if (result.success) {
          defined++
          expectRulesFollowData(result.data)
        }
      }),
      { numRuns: 200 },
    )
    expect(defined).toBeGreaterThan(100)
  })
})
