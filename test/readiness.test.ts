import { assessReadiness, type Intake, ProtocolError, protocols } from 'ipt-protocol'
import { describe, expect, it } from 'vitest'

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
