import fc from 'fast-check'
import {
  assessReadiness,
  defineProtocol,
  type Intake,
  type Protocol,
  ProtocolError,
  protocols,
  type Readiness,
  type ReadinessKind,
  type RuleId,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { thrownPaths } from './support/errors.js'
import { testVariant } from './support/protocol.js'

type Field = keyof Intake

/** Freezes `value` and everything it holds. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const item of Object.values(value)) deepFreeze(item)
  }
  return value
}

/** A researcher's variant that lists no READY rule at all: READY-1 must still apply. */
const noRules = deepFreeze(defineProtocol({ ...testVariant, extends: 'ipt', id: 'x', rules: [] }))

const allProtocols: Array<[string, Protocol]> = [...Object.entries(protocols), ['researcher (rules: [])', noRules]]

/** An age inside the protocol's population. */
const ageFor = (protocol: Protocol) =>
  protocol.population?.minAgeYears === 60 ? 70 : protocol.rules.includes('READY-5') ? 15 : 34

/** Every field assessed, nothing found, at an age the protocol is for. */
const clear = (protocol: Protocol = protocols.ipt): Intake => ({
  ageYears: ageFor(protocol),
  severeSuicidality: false,
  homicidality: false,
  acutePsychosis: false,
  organicCauseExcluded: true,
  concurrentDeepPsychotherapy: false,
  bipolar: false,
  substanceAbuse: false,
  intellectualDisability: false,
  cognitiveImpairment: false,
  severeDementia: false,
  acceptsTreatment: true,
})

/** `intake` without `fields`. */
function without(intake: Intake, ...fields: Field[]): Intake {
  const copy: Record<string, unknown> = { ...intake }
  for (const field of fields) delete copy[field]
  return copy as Intake
}

const reasonsFor = (result: Readiness, field: Field) => result.reasons.filter((reason) => reason.path?.[0] === field)

/** A reason as the spec describes it; the message only has to be a sentence. */
const reason = (code: string, rule: RuleId, field: Field, params: Record<string, unknown>) => ({
  code,
  rule,
  path: [field],
  params,
  message: expect.stringMatching(/^[A-Z].{10,}\S$/),
})

const notAssessed = (field: Field, rule: RuleId) => reason('not-assessed', rule, field, { kind: 'assess-first' })

const ready1 = [
  ['severeSuicidality', 'severe-suicidality', 'Severe suicidality'],
  ['homicidality', 'homicidality', 'Homicidal ideation'],
  ['acutePsychosis', 'acute-psychosis', 'An acute psychotic episode'],
] as const

describe('assessReadiness: ready', () => {
  it.each(allProtocols)('%s: ready when everything was assessed and nothing was found', (_, protocol) => {
    expect(assessReadiness(clear(protocol), protocol)).toEqual({ kind: 'ready', reasons: [], missing: [] })
  })

  it('IPT-M and a protocol without READY rules need only the READY-1 fields assessed', () => {
    const minimal: Intake = { severeSuicidality: false, homicidality: false, acutePsychosis: false }
    for (const protocol of [protocols['ipt-m'], noRules]) {
      expect(assessReadiness(minimal, protocol)).toEqual({ kind: 'ready', reasons: [], missing: [] })
    }
  })

  it('bipolar disorder on mood-stabilising medication adds a READY-6 note without holding back ready', () => {
    const result = assessReadiness({ ...clear(), bipolar: true, moodStabilisingMedication: true }, protocols.ipt)
    expect(result).toEqual({
      kind: 'ready',
      reasons: [reason('bipolar-adjunct', 'READY-6', 'bipolar', expect.objectContaining({ kind: 'note' }))],
      missing: [],
    })
  })
})

describe('assessReadiness: the scenarios of the issue give the safe answer', () => {
  it('adult IPT, homicidal and abusing substances: stabilise first, with both reasons (READY-1, READY-7)', () => {
    const result = assessReadiness({ ...clear(), homicidality: true, substanceAbuse: true }, protocols.ipt)
    expect(result).toEqual({
      kind: 'stabilise-first',
      reasons: [
        reason('homicidality', 'READY-1', 'homicidality', { kind: 'stabilise-first' }),
        reason('substance-abuse', 'READY-7', 'substanceAbuse', { kind: 'assess-first' }),
      ],
      missing: [],
    })
  })

  it('IPT-M, severely suicidal and acutely psychotic: stabilise first (READY-1 applies to maintenance)', () => {
    const result = assessReadiness(
      { severeSuicidality: true, homicidality: false, acutePsychosis: true },
      protocols['ipt-m'],
    )
    expect(result).toEqual({
      kind: 'stabilise-first',
      reasons: [
        reason('severe-suicidality', 'READY-1', 'severeSuicidality', { kind: 'stabilise-first' }),
        reason('acute-psychosis', 'READY-1', 'acutePsychosis', { kind: 'stabilise-first' }),
      ],
      missing: [],
    })
  })

  it('bipolar disorder without mood-stabilising medication: not ready, assess first (READY-6)', () => {
    const expected = reason('bipolar-without-mood-stabiliser', 'READY-6', 'bipolar', {
      kind: 'assess-first',
      alternative: 'IPSRT',
    })
    expect(assessReadiness({ ...clear(), bipolar: true, moodStabilisingMedication: false }, protocols.ipt)).toEqual({
      kind: 'assess-first',
      reasons: [expected],
      missing: [],
    })
    expect(assessReadiness({ ...clear(), bipolar: true }, protocols.ipt)).toEqual({
      kind: 'assess-first',
      reasons: [expected],
      missing: ['moodStabilisingMedication'],
    })
  })

  it('no commitment to IPT: assess first, naming CBT (READY-4)', () => {
    expect(assessReadiness({ ...clear(), acceptsTreatment: false }, protocols.ipt)).toEqual({
      kind: 'assess-first',
      reasons: [reason('no-commitment', 'READY-4', 'acceptsTreatment', { kind: 'assess-first', alternative: 'CBT' })],
      missing: [],
    })
  })

  it('late-life IPT at 34: not indicated, naming standard IPT (READY-8)', () => {
    const result = assessReadiness({ ...clear(protocols['ipt-late-life']), ageYears: 34 }, protocols['ipt-late-life'])
    expect(result).toEqual({
      kind: 'not-indicated',
      reasons: [
        reason('outside-population', 'READY-8', 'ageYears', {
          kind: 'not-indicated',
          alternative: 'ipt',
          source: expect.any(String),
        }),
      ],
      missing: [],
    })
  })

  it.each(allProtocols)('%s: a field merely not assessed gives assess-first, never stabilise-first', (_, protocol) => {
    for (const [field] of ready1) {
      expect(assessReadiness(without(clear(protocol), field), protocol)).toEqual({
        kind: 'assess-first',
        reasons: [notAssessed(field, 'READY-1')],
        missing: [field],
      })
    }
    expect(assessReadiness({}, protocol).kind).toBe('assess-first')
  })
})

describe('assessReadiness: stabilise first (READY-1, every protocol)', () => {
  it.each(allProtocols)('%s: each READY-1 finding gives stabilise-first with its own reason', (_, protocol) => {
    for (const [field, code, start] of ready1) {
      const result = assessReadiness({ ...clear(protocol), [field]: true }, protocol)
      expect(result.kind).toBe('stabilise-first')
      expect(result.reasons).toContainEqual(reason(code, 'READY-1', field, { kind: 'stabilise-first' }))
      expect(reasonsFor(result, field).find((entry) => entry.code === code)?.message).toMatch(
        new RegExp(`^${start}.*stabilise first`),
      )
      expect(result.missing).toEqual([])
    }
  })

  it('outranks everything not yet assessed, which is still listed', () => {
    const result = assessReadiness({ homicidality: true }, protocols.ipt)
    expect(result.kind).toBe('stabilise-first')
    expect(result.reasons).toContainEqual(
      reason('homicidality', 'READY-1', 'homicidality', { kind: 'stabilise-first' }),
    )
    expect(result.missing).toContain('severeSuicidality')
    expect(result.missing).toContain('acutePsychosis')
  })

  it('outranks IPT-A not being indicated, and both reasons are given', () => {
    const result = assessReadiness({ ...clear(protocols['ipt-a']), severeSuicidality: true }, protocols['ipt-a'])
    expect(result.kind).toBe('stabilise-first')
    expect(result.reasons).toEqual([
      reason('severe-suicidality', 'READY-1', 'severeSuicidality', { kind: 'stabilise-first' }),
      reason('excluded-condition', 'READY-5', 'severeSuicidality', { kind: 'not-indicated' }),
    ])
  })
})

/** Each finding other than READY-1, what it changes in the clear intake, and the reason it must give. */
const findings: Array<[string, Partial<Intake>, ReturnType<typeof reason>, Exclude<ReadinessKind, 'ready'>]> = [
  [
    'organic cause not excluded (READY-2)',
    { organicCauseExcluded: false },
    reason('organic-cause-not-excluded', 'READY-2', 'organicCauseExcluded', { kind: 'assess-first' }),
    'assess-first',
  ],
  [
    'concurrent deep psychotherapy (READY-3)',
    { concurrentDeepPsychotherapy: true },
    reason('concurrent-deep-psychotherapy', 'READY-3', 'concurrentDeepPsychotherapy', { kind: 'assess-first' }),
    'assess-first',
  ],
  [
    'no commitment (READY-4)',
    { acceptsTreatment: false },
    reason('no-commitment', 'READY-4', 'acceptsTreatment', { kind: 'assess-first', alternative: 'CBT' }),
    'assess-first',
  ],
  [
    'bipolar without mood stabiliser (READY-6)',
    { bipolar: true, moodStabilisingMedication: false },
    reason('bipolar-without-mood-stabiliser', 'READY-6', 'bipolar', { kind: 'assess-first', alternative: 'IPSRT' }),
    'assess-first',
  ],
  [
    'substance abuse (READY-7)',
    { substanceAbuse: true },
    reason('substance-abuse', 'READY-7', 'substanceAbuse', { kind: 'assess-first' }),
    'assess-first',
  ],
  [
    'intellectual disability (READY-5)',
    { intellectualDisability: true },
    reason('intellectual-disability', 'READY-5', 'intellectualDisability', { kind: 'assess-first' }),
    'assess-first',
  ],
  [
    'cognitive impairment (READY-8)',
    { cognitiveImpairment: true, severeDementia: false },
    reason('cognitive-impairment', 'READY-8', 'cognitiveImpairment', { kind: 'assess-first', alternative: 'IPT-CI' }),
    'assess-first',
  ],
  [
    'severe dementia (READY-8)',
    { cognitiveImpairment: true, severeDementia: true },
    reason('severe-dementia', 'READY-8', 'severeDementia', { kind: 'not-indicated' }),
    'not-indicated',
  ],
]

describe('assessReadiness: every finding gives a reason, whatever the protocol', () => {
  describe.each(allProtocols)('%s', (_, protocol) => {
    const adolescent = protocol.rules.includes('READY-5')
    it.each(findings)('%s', (_, change, expected, kind) => {
      const result = assessReadiness({ ...clear(protocol), ...change }, protocol)
      // IPT-A answers intellectual disability with its own READY-5 exclusion, not the general reason.
      const ownExclusion = adolescent && 'intellectualDisability' in change
      expect(result.reasons).toContainEqual(
        ownExclusion
          ? expect.objectContaining({ code: 'excluded-condition', path: ['intellectualDisability'] })
          : expected,
      )
      expect(result.missing).toEqual([])
      // IPT-A excludes bipolar disorder, intellectual disability and substance abuse outright (READY-5).
      const excluded =
        adolescent && ('bipolar' in change || 'intellectualDisability' in change || 'substanceAbuse' in change)
      expect(result.kind).toBe(excluded ? 'not-indicated' : kind)
      const others = result.reasons.filter(
        (entry) => entry.code !== expected.code && entry.code !== 'cognitive-impairment',
      )
      if (!adolescent) expect(others).toEqual([])
    })
  })

  it('several findings give several reasons; the answer is the most urgent', () => {
    const result = assessReadiness(
      {
        ...clear(),
        concurrentDeepPsychotherapy: true,
        acceptsTreatment: false,
        bipolar: true,
        moodStabilisingMedication: true,
      },
      protocols.ipt,
    )
    expect(result.kind).toBe('assess-first')
    expect(result.reasons.map((entry) => `${entry.code}:${entry.rule}`)).toEqual([
      'concurrent-deep-psychotherapy:READY-3',
      'no-commitment:READY-4',
      'bipolar-adjunct:READY-6',
    ])
    const worse = assessReadiness({ ...clear(), severeDementia: true, substanceAbuse: true }, protocols.ipt)
    expect(worse.kind).toBe('not-indicated')
    expect(worse.reasons.map((entry) => entry.params?.kind).sort()).toEqual(['assess-first', 'not-indicated'])
  })

  it.each(allProtocols)('%s: cognitive impairment makes dementia severity required (READY-8)', (_, protocol) => {
    expect(
      assessReadiness({ ...without(clear(protocol), 'severeDementia'), cognitiveImpairment: true }, protocol),
    ).toEqual({
      kind: 'assess-first',
      reasons: [
        reason('cognitive-impairment', 'READY-8', 'cognitiveImpairment', {
          kind: 'assess-first',
          alternative: 'IPT-CI',
        }),
        notAssessed('severeDementia', 'READY-8'),
      ],
      missing: ['severeDementia'],
    })
  })
})

/** The fields a protocol's rules make required, besides READY-1's three (always required). */
const requiredBy: Array<[RuleId, Field]> = [
  ['READY-2', 'organicCauseExcluded'],
  ['READY-3', 'concurrentDeepPsychotherapy'],
  ['READY-4', 'acceptsTreatment'],
  ['READY-6', 'bipolar'],
  ['READY-7', 'substanceAbuse'],
  ['READY-8', 'cognitiveImpairment'],
]

describe('assessReadiness: what must have been assessed', () => {
  it.each(requiredBy)('%s requires %s when the protocol lists it', (rule, field) => {
    for (const [, protocol] of allProtocols) {
      const result = assessReadiness(without(clear(protocol), field), protocol)
      if (protocol.rules.includes(rule)) {
        expect(result.kind).toBe('assess-first')
        expect(result.reasons).toEqual([notAssessed(field, rule)])
        expect(result.missing).toEqual([field])
      } else if (!protocol.rules.includes('READY-5')) {
        expect(result).toEqual({ kind: 'ready', reasons: [], missing: [] })
      }
    }
  })

  it('the rules decide: READY-8 alone requires cognition, and nothing else beyond READY-1', () => {
    const onlyReady8 = defineProtocol({ ...testVariant, extends: 'ipt', id: 'ipt-ready-8', rules: ['READY-8'] })
    expect(assessReadiness({}, onlyReady8)).toEqual({
      kind: 'assess-first',
      reasons: [
        notAssessed('severeSuicidality', 'READY-1'),
        notAssessed('homicidality', 'READY-1'),
        notAssessed('acutePsychosis', 'READY-1'),
        notAssessed('cognitiveImpairment', 'READY-8'),
      ],
      missing: ['severeSuicidality', 'homicidality', 'acutePsychosis', 'cognitiveImpairment'],
    })
  })

  it('adult IPT: an empty intake lists every field that matters as not assessed, each once', () => {
    const result = assessReadiness({}, protocols.ipt)
    expect(result.kind).toBe('assess-first')
    const expected: Field[] = [
      'severeSuicidality',
      'homicidality',
      'acutePsychosis',
      'organicCauseExcluded',
      'concurrentDeepPsychotherapy',
      'acceptsTreatment',
      'bipolar',
      'substanceAbuse',
    ]
    expect([...result.missing].sort()).toEqual([...expected].sort())
    expect(result.reasons).toHaveLength(expected.length)
    for (const field of expected)
      expect(reasonsFor(result, field)).toEqual([expect.objectContaining({ code: 'not-assessed' })])
  })

  it('names the intake field each reason is about', () => {
    const result = assessReadiness(
      without({ ...clear(), severeSuicidality: true }, 'organicCauseExcluded'),
      protocols.ipt,
    )
    expect(result.reasons.map((entry) => [entry.code, entry.path])).toEqual([
      ['severe-suicidality', ['severeSuicidality']],
      ['not-assessed', ['organicCauseExcluded']],
    ])
  })
})

describe('assessReadiness: IPT-A (READY-5)', () => {
  const ipta = protocols['ipt-a']
  const exclusions: Field[] = [
    'severeSuicidality',
    'homicidality',
    'acutePsychosis',
    'bipolar',
    'intellectualDisability',
    'substanceAbuse',
  ]

  it.each(exclusions)('%s: not indicated for adolescents (excluded-condition)', (field) => {
    const result = assessReadiness({ ...clear(ipta), [field]: true }, ipta)
    const excluded = reasonsFor(result, field).filter((entry) => entry.code === 'excluded-condition')
    expect(excluded).toEqual([reason('excluded-condition', 'READY-5', field, { kind: 'not-indicated' })])
    expect(excluded[0]?.message).toMatch(/^IPT-A is not indicated/)
    expect(result.kind).toBe(ready1.some(([name]) => name === field) ? 'stabilise-first' : 'not-indicated')
  })

  it.each([
    [11, 'FB-IPT'],
    [19, 'ipt'],
  ])('age %i is outside 12–18: not indicated, naming %s', (ageYears, alternative) => {
    const result = assessReadiness({ ...clear(ipta), ageYears }, ipta)
    expect(result).toEqual({
      kind: 'not-indicated',
      reasons: [
        reason('outside-population', 'READY-5', 'ageYears', {
          kind: 'not-indicated',
          alternative,
          source: expect.any(String),
        }),
      ],
      missing: [],
    })
    expect(result.reasons[0]?.message).toContain(String(ageYears))
    expect(result.reasons[0]?.message).toContain(alternative)
  })

  it.each([12, 18])('age %i is inside the population', (ageYears) => {
    expect(assessReadiness({ ...clear(ipta), ageYears }, ipta)).toEqual({ kind: 'ready', reasons: [], missing: [] })
  })

  it('age not assessed: assess first', () => {
    expect(assessReadiness(without(clear(ipta), 'ageYears'), ipta)).toEqual({
      kind: 'assess-first',
      reasons: [notAssessed('ageYears', 'READY-5')],
      missing: ['ageYears'],
    })
  })

  it('READY-5 on its own requires every exclusion field and the age', () => {
    const onlyReady5 = defineProtocol({ ...testVariant, extends: 'ipt-a', id: 'ipt-a-ready-5', rules: ['READY-5'] })
    for (const field of [...exclusions, 'ageYears'] as const) {
      const result = assessReadiness(without(clear(ipta), field), onlyReady5)
      expect(result.kind).toBe('assess-first')
      expect(result.reasons).toEqual([expect.objectContaining({ code: 'not-assessed', path: [field] })])
      expect(result.missing).toEqual([field])
    }
  })

  it('a field that READY-1 and READY-5 both need is reported not assessed once', () => {
    const result = assessReadiness(without(clear(ipta), 'severeSuicidality'), ipta)
    expect(result).toEqual({
      kind: 'assess-first',
      reasons: [expect.objectContaining({ code: 'not-assessed', path: ['severeSuicidality'] })],
      missing: ['severeSuicidality'],
    })
    const nothing = assessReadiness({}, ipta)
    expect(nothing.kind).toBe('assess-first')
    expect(nothing.missing).toEqual(expect.arrayContaining([...exclusions, 'ageYears']))
    expect(nothing.reasons).toHaveLength(nothing.missing.length)
    expect(new Set(nothing.missing).size).toBe(nothing.missing.length)
  })
})

describe('assessReadiness: late-life IPT (READY-8)', () => {
  const lateLife = protocols['ipt-late-life']

  it.each([34, 59])('age %i is under 60: not indicated, naming standard IPT', (ageYears) => {
    const result = assessReadiness({ ...clear(lateLife), ageYears }, lateLife)
    expect(result.kind).toBe('not-indicated')
    expect(result.reasons).toEqual([
      reason('outside-population', 'READY-8', 'ageYears', {
        kind: 'not-indicated',
        alternative: 'ipt',
        source: expect.any(String),
      }),
    ])
  })

  it.each([60, 95])('age %i is inside the population', (ageYears) => {
    expect(assessReadiness({ ...clear(lateLife), ageYears }, lateLife)).toEqual({
      kind: 'ready',
      reasons: [],
      missing: [],
    })
  })

  it('age or cognition not assessed: assess first', () => {
    expect(assessReadiness(without(clear(lateLife), 'ageYears'), lateLife)).toEqual({
      kind: 'assess-first',
      reasons: [notAssessed('ageYears', 'READY-8')],
      missing: ['ageYears'],
    })
    expect(assessReadiness(without(clear(lateLife), 'cognitiveImpairment', 'severeDementia'), lateLife)).toEqual({
      kind: 'assess-first',
      reasons: [notAssessed('cognitiveImpairment', 'READY-8')],
      missing: ['cognitiveImpairment'],
    })
  })
})

describe('assessReadiness: reasons read as sentences', () => {
  it('each reason names its finding in words', () => {
    const everything: Intake = {
      ageYears: 40,
      severeSuicidality: true,
      homicidality: true,
      acutePsychosis: true,
      organicCauseExcluded: false,
      concurrentDeepPsychotherapy: true,
      bipolar: true,
      substanceAbuse: true,
      intellectualDisability: true,
      cognitiveImpairment: true,
      severeDementia: true,
      acceptsTreatment: false,
    }
    const result = assessReadiness(everything, protocols.ipt)
    const message = (field: Field) => reasonsFor(result, field)[0]?.message
    expect(message('homicidality')).toMatch(/^Homicidal ideation/)
    expect(message('severeSuicidality')).toMatch(/^Severe suicidality/)
    expect(message('acutePsychosis')).toMatch(/psychotic/)
    expect(message('organicCauseExcluded')).toMatch(/organic cause/)
    expect(message('substanceAbuse')).toMatch(/substance/i)
    expect(message('bipolar')).toMatch(/^Bipolar disorder/)
    expect(message('severeDementia')).toMatch(/^Severe dementia/)
    expect(message('cognitiveImpairment')).toMatch(/IPT-CI/)
    for (const entry of result.reasons) {
      expect(entry.message).toMatch(/^[A-Z][^\n]+\S$/)
      expect(entry.message).not.toMatch(/undefined|\[object|[a-z][A-Z]/)
    }
  })

  it('a field not assessed is named in words, not by its key', () => {
    const result = assessReadiness({}, protocols['ipt-a'])
    for (const entry of result.reasons) {
      expect(entry.message).toMatch(/was not assessed/)
      expect(entry.message).not.toContain(String(entry.path?.[0]))
    }
  })
})

describe('assessReadiness: invalid input', () => {
  it('throws a ProtocolError for an invalid intake, naming the field', () => {
    expect(() => assessReadiness({ ageYears: -3 }, protocols.ipt)).toThrow(ProtocolError)
    expect(thrownPaths(() => assessReadiness({ ageYears: -3 }, protocols.ipt))).toEqual([['intake', 'ageYears']])
    expect(() => assessReadiness({ suicidal: true } as unknown as Intake, protocols.ipt)).toThrow(ProtocolError)
    expect(thrownPaths(() => assessReadiness({ bipolar: 'yes' } as unknown as Intake, protocols.ipt))).toEqual([
      ['intake', 'bipolar'],
    ])
    expect(() => assessReadiness(null as unknown as Intake, protocols.ipt)).toThrow(ProtocolError)
  })

  it('throws a ProtocolError for an invalid protocol, naming the field', () => {
    expect(thrownPaths(() => assessReadiness(clear(), { ...protocols.ipt, id: 'Bad Id' }))).toEqual([
      ['protocol', 'id'],
    ])
    expect(() => assessReadiness(clear(), null as unknown as Protocol)).toThrow(ProtocolError)
  })
})

describe('assessReadiness: properties', () => {
  const bool = fc.boolean()
  const intakeArb: fc.Arbitrary<Intake> = fc.record(
    {
      ageYears: fc.oneof(fc.integer({ min: 0, max: 130 }), fc.constantFrom(11, 12, 18, 19, 59, 60)),
      severeSuicidality: bool,
      homicidality: bool,
      acutePsychosis: bool,
      organicCauseExcluded: bool,
      concurrentDeepPsychotherapy: bool,
      bipolar: bool,
      moodStabilisingMedication: bool,
      substanceAbuse: bool,
      intellectualDisability: bool,
      cognitiveImpairment: bool,
      severeDementia: bool,
      acceptsTreatment: bool,
    },
    { requiredKeys: [] },
  )
  const protocolArb = fc.constantFrom(...allProtocols.map(([, protocol]) => protocol))

  /** The fields whose value is a finding against starting (spec: "every true finding gives a reason"). */
  const findingsOf = (intake: Intake): Field[] =>
    (
      [
        ['severeSuicidality', intake.severeSuicidality === true],
        ['homicidality', intake.homicidality === true],
        ['acutePsychosis', intake.acutePsychosis === true],
        ['concurrentDeepPsychotherapy', intake.concurrentDeepPsychotherapy === true],
        ['substanceAbuse', intake.substanceAbuse === true],
        ['intellectualDisability', intake.intellectualDisability === true],
        ['cognitiveImpairment', intake.cognitiveImpairment === true],
        ['severeDementia', intake.severeDementia === true],
        ['organicCauseExcluded', intake.organicCauseExcluded === false],
        ['acceptsTreatment', intake.acceptsTreatment === false],
        ['bipolar', intake.bipolar === true && intake.moodStabilisingMedication !== true],
      ] as Array<[Field, boolean]>
    )
      .filter(([, found]) => found)
      .map(([field]) => field)

  const urgency: ReadinessKind[] = ['stabilise-first', 'not-indicated', 'assess-first']

  // numRuns: 300
  it('findings are never dropped, READY-1 always stabilises, ready means nothing missing, input untouched (300 runs)', () => {
    fc.assert(
      fc.property(intakeArb, protocolArb, (raw, protocol) => {
        const intake = deepFreeze(structuredClone(raw))
        const result = assessReadiness(intake, protocol)
        const found = findingsOf(intake)
        // (a) a true finding never yields ready, and each names its field in a reason's path
        if (found.length) expect(result.kind).not.toBe('ready')
        for (const field of found) {
          expect(result.reasons.some((entry) => entry.path?.length === 1 && entry.path[0] === field)).toBe(true)
        }
        // (b) any READY-1 finding: stabilise first, for every protocol; without one, never stabilise-first
        const stabilise = intake.severeSuicidality || intake.homicidality || intake.acutePsychosis
        expect(result.kind === 'stabilise-first').toBe(Boolean(stabilise))
        // (c) ready implies nothing is missing
        if (result.kind === 'ready') expect(result.missing).toEqual([])
        // (d) the input is not mutated
        expect(intake).toEqual(raw)
        // the answer is the most urgent reason's kind, and every reason says its kind, rule and field
        const kinds = result.reasons.map((entry) => entry.params?.kind)
        expect(result.kind).toBe(urgency.find((kind) => kinds.includes(kind)) ?? 'ready')
        for (const entry of result.reasons) {
          expect(['stabilise-first', 'not-indicated', 'assess-first', 'note']).toContain(entry.params?.kind)
          expect(entry.rule).toMatch(/^READY-\d$/)
          expect(entry.path).toHaveLength(1)
        }
      }),
      { numRuns: 300 },
    )
  })

  /** The spec's list of required fields: READY-1's always, the rest when the protocol lists the rule. */
  const requiredFields = (intake: Intake, protocol: Protocol): Set<Field> => {
    const required = new Set<Field>(['severeSuicidality', 'homicidality', 'acutePsychosis'])
    for (const [rule, field] of requiredBy) if (protocol.rules.includes(rule)) required.add(field)
    if (protocol.rules.includes('READY-5')) {
      for (const field of ['bipolar', 'intellectualDisability', 'substanceAbuse', 'ageYears'] as const)
        required.add(field)
    }
    if (protocol.population) required.add('ageYears')
    if (intake.cognitiveImpairment) required.add('severeDementia')
    if (intake.bipolar) required.add('moodStabilisingMedication')
    return required
  }

  // numRuns: 300
  it('missing is exactly the required fields not assessed, and ready only when nothing was found (300 runs)', () => {
    fc.assert(
      fc.property(intakeArb, protocolArb, (intake, protocol) => {
        const result = assessReadiness(intake, protocol)
        const expectedMissing = [...requiredFields(intake, protocol)].filter((field) => intake[field] === undefined)
        expect([...result.missing].sort()).toEqual(expectedMissing.sort())
        expect(new Set(result.missing).size).toBe(result.missing.length)
        const { minAgeYears = 0, maxAgeYears = Number.POSITIVE_INFINITY } = protocol.population ?? {}
        const outside =
          intake.ageYears !== undefined && (intake.ageYears < minAgeYears || intake.ageYears > maxAgeYears)
        const nothingFound = findingsOf(intake).length === 0 && !outside
        expect(result.kind === 'ready').toBe(nothingFound && expectedMissing.length === 0)
      }),
      { numRuns: 300 },
    )
  })
})

describe('assessReadiness: a protocol answers its own exclusions once', () => {
  it('IPT-A gives its READY-5 exclusion for intellectual disability, not the general reason for other protocols', () => {
    const { kind, reasons } = assessReadiness(
      { ...clear(protocols['ipt-a']), intellectualDisability: true },
      protocols['ipt-a'],
    )
    expect(kind).toBe('not-indicated')
    expect(reasons.map((reason) => reason.code)).toEqual(['excluded-condition'])
  })
})
