import { assessReadiness, type Intake, ProtocolError, protocols } from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { thrownPaths } from './support/errors.js'

const assessed: Intake = {
  ageYears: 34,
  severeSuicidality: false,
  homicidality: false,
  acutePsychosis: false,
  organicCauseExcluded: true,
  concurrentDeepPsychotherapy: false,
  bipolar: false,
  substanceAbuse: false,
  intellectualDisability: false,
  acceptsTreatment: true,
}

const codes = (intake: Intake, protocol = protocols.ipt) => {
  const result = assessReadiness(intake, protocol)
  return { kind: result.kind, reasons: result.reasons.map((r) => `${r.code}:${r.rule ?? ''}`), missing: result.missing }
}

describe('assessReadiness', () => {
  it('is ready when everything that matters was assessed and nothing stands in the way', () => {
    expect(codes(assessed)).toEqual({ kind: 'ready', reasons: [], missing: [] })
    expect(codes({ ...assessed, ageYears: 15 }, protocols['ipt-a'])).toEqual({
      kind: 'ready',
      reasons: [],
      missing: [],
    })
  })

  it('says stabilise first for severe suicidality or acute psychosis (READY-1)', () => {
    expect(codes({ ...assessed, severeSuicidality: true })).toMatchObject({
      kind: 'stabilise-first',
      reasons: ['severe-suicidality:READY-1'],
    })
    expect(codes({ ...assessed, acutePsychosis: true })).toMatchObject({
      kind: 'stabilise-first',
      reasons: ['acute-psychosis:READY-1'],
    })
  })

  it('is not ready while an organic cause is not excluded (READY-2)', () => {
    expect(codes({ ...assessed, organicCauseExcluded: false })).toMatchObject({
      kind: 'stabilise-first',
      reasons: ['organic-cause-not-excluded:READY-2'],
    })
  })

  it('IPT-A: not indicated outside ages 12–18 or with a READY-5 condition', () => {
    expect(codes({ ...assessed, ageYears: 19 }, protocols['ipt-a'])).toMatchObject({
      kind: 'not-indicated',
      reasons: ['outside-population:READY-5'],
    })
    expect(codes({ ...assessed, ageYears: 11 }, protocols['ipt-a'])).toMatchObject({ kind: 'not-indicated' })
    for (const field of ['homicidality', 'bipolar', 'substanceAbuse', 'intellectualDisability'] as const) {
      expect(codes({ ...assessed, ageYears: 15, [field]: true }, protocols['ipt-a'])).toMatchObject({
        kind: 'not-indicated',
        reasons: expect.arrayContaining(['excluded-condition:READY-5']),
      })
    }
    const suicidal = codes({ ...assessed, ageYears: 15, severeSuicidality: true }, protocols['ipt-a'])
    expect(suicidal).toMatchObject({
      kind: 'not-indicated',
      reasons: ['severe-suicidality:READY-1', 'excluded-condition:READY-5'],
    })
    expect(codes({ ...assessed, ageYears: 40, substanceAbuse: true })).toMatchObject({ kind: 'ready' })
  })

  it('adds reasons for concurrent deep psychotherapy (READY-3), no commitment (READY-4) and bipolar disorder (READY-6)', () => {
    expect(codes({ ...assessed, concurrentDeepPsychotherapy: true, acceptsTreatment: false, bipolar: true })).toEqual({
      kind: 'ready',
      reasons: ['concurrent-deep-psychotherapy:READY-3', 'no-commitment:READY-4', 'bipolar-adjunct:READY-6'],
      missing: [],
    })
  })

  it('never answers a silent ready: what was not assessed is a reason and listed as missing', () => {
    const nothing = codes({})
    expect(nothing.kind).toBe('stabilise-first')
    expect(nothing.missing).toEqual([
      'severeSuicidality',
      'acutePsychosis',
      'organicCauseExcluded',
      'concurrentDeepPsychotherapy',
      'acceptsTreatment',
    ])
    expect(nothing.reasons.every((reason) => reason.startsWith('not-assessed:READY-'))).toBe(true)
    const onlyAcceptanceMissing = codes({ ...assessed, acceptsTreatment: undefined } as Intake)
    expect(onlyAcceptanceMissing).toEqual({
      kind: 'ready',
      reasons: ['not-assessed:READY-4'],
      missing: ['acceptsTreatment'],
    })
    expect(codes({}, protocols['ipt-a']).missing).toContain('ageYears')
  })

  it('throws a ProtocolError for an invalid intake', () => {
    expect(() => assessReadiness({ ageYears: -3 } as Intake, protocols.ipt)).toThrow(ProtocolError)
    expect(() => assessReadiness({ suicidal: true } as unknown as Intake, protocols.ipt)).toThrow(ProtocolError)
  })
})

describe('assessReadiness: what blocks and what only adds a reason', () => {
  const without = (field: keyof Intake, protocol = protocols.ipt) => {
    const { [field]: _, ...rest } = protocol.population ? { ...assessed, ageYears: 15 } : assessed
    return codes(rest, protocol)
  }

  it('a criterion that can stop IPT, not yet assessed, gives stabilise-first (READY-1, READY-2, READY-5)', () => {
    expect(without('severeSuicidality')).toEqual({
      kind: 'stabilise-first',
      reasons: ['not-assessed:READY-1'],
      missing: ['severeSuicidality'],
    })
    expect(without('acutePsychosis')).toEqual({
      kind: 'stabilise-first',
      reasons: ['not-assessed:READY-1'],
      missing: ['acutePsychosis'],
    })
    expect(without('organicCauseExcluded')).toEqual({
      kind: 'stabilise-first',
      reasons: ['not-assessed:READY-2'],
      missing: ['organicCauseExcluded'],
    })
    expect(without('ageYears', protocols['ipt-a'])).toEqual({
      kind: 'stabilise-first',
      reasons: ['not-assessed:READY-5'],
      missing: ['ageYears'],
    })
  })

  it('concurrent deep psychotherapy not assessed only adds a reason (READY-3)', () => {
    expect(without('concurrentDeepPsychotherapy')).toEqual({
      kind: 'ready',
      reasons: ['not-assessed:READY-3'],
      missing: ['concurrentDeepPsychotherapy'],
    })
  })

  it('IPT-A: a field that READY-1 and READY-5 both need is reported not assessed once', () => {
    const result = without('severeSuicidality', protocols['ipt-a'])
    expect(result).toEqual({
      kind: 'stabilise-first',
      reasons: ['not-assessed:READY-1'],
      missing: ['severeSuicidality'],
    })
    const nothing = codes({}, protocols['ipt-a'])
    expect(nothing.reasons).toHaveLength(nothing.missing.length)
    expect(new Set(nothing.missing).size).toBe(nothing.missing.length)
  })

  it('IPT-A: ages 12 and 18 are inside the population, 11 and 19 outside (READY-5)', () => {
    for (const ageYears of [12, 18]) {
      expect(codes({ ...assessed, ageYears }, protocols['ipt-a'])).toEqual({ kind: 'ready', reasons: [], missing: [] })
    }
    for (const ageYears of [11, 19]) {
      expect(codes({ ...assessed, ageYears }, protocols['ipt-a'])).toEqual({
        kind: 'not-indicated',
        reasons: ['outside-population:READY-5'],
        missing: [],
      })
    }
  })

  it('applies only the READY rules the protocol lists: IPT-M lists none of READY-1 to READY-4', () => {
    expect(codes({}, protocols['ipt-m'])).toEqual({ kind: 'ready', reasons: [], missing: [] })
    expect(
      codes({ severeSuicidality: true, acutePsychosis: true, organicCauseExcluded: false }, protocols['ipt-m']),
    ).toEqual({ kind: 'ready', reasons: [], missing: [] })
  })

  it('names the intake field each reason is about', () => {
    const result = assessReadiness(
      { ...assessed, severeSuicidality: true, organicCauseExcluded: undefined } as Intake,
      protocols.ipt,
    )
    expect(result.reasons.map((reason) => [reason.code, reason.path])).toEqual([
      ['severe-suicidality', ['severeSuicidality']],
      ['not-assessed', ['organicCauseExcluded']],
    ])
  })

  it('the ProtocolError names the intake or the protocol in its paths', () => {
    expect(thrownPaths(() => assessReadiness({ ageYears: -3 }, protocols.ipt))).toEqual([['intake', 'ageYears']])
    expect(thrownPaths(() => assessReadiness(assessed, { ...protocols.ipt, id: 'Bad Id' }))).toEqual([
      ['protocol', 'id'],
    ])
  })
})
