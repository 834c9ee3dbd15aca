import fc from 'fast-check'
import {
  defineProtocol,
  type Inventory,
  type LifeEvent,
  ProtocolError,
  protocols,
  selectProblemAreas,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { thrownPaths } from './support/errors.js'
import { testVariant } from './support/protocol.js'

const onset = '2027-01-15'
const areaOf = { death: 'grief', dispute: 'role-dispute', 'role-change': 'role-transition' } as const

describe('selectProblemAreas', () => {
  it('maps a death to grief, a dispute to a role dispute and a role change to a role transition (AREA-5)', () => {
    for (const [kind, area] of [
      ['death', 'grief'],
      ['dispute', 'role-dispute'],
      ['role-change', 'role-transition'],
    ] as const) {
      const result = selectProblemAreas({ episodeOnset: onset, lifeEvents: [{ kind, date: '2027-01-01' }] })
      expect(result).toMatchObject({ kind: 'proposed', areas: [area] })
    }
    const divorce = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [{ kind: 'role-change', date: '2027-01-01', description: 'divorce' }],
    })
    expect(divorce.reasons.map((r) => `${r.code}:${r.rule}`)).toContain('loss-is-transition:AREA-5')
  })

  it('orders areas by their link to the onset, primary first, and keeps at most two (AREA-2, AREA-3)', () => {
    const result = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [
        { kind: 'dispute', date: '2026-06-01' },
        { kind: 'role-change', date: '2027-02-01' },
        { kind: 'death', date: '2026-12-20' },
      ],
    })
    expect(result.kind).toBe('proposed')
    if (result.kind !== 'proposed') return
    // Both events before the onset come first, nearest first; the role change after the onset is left out.
    expect(result.areas).toEqual(['grief', 'role-dispute'])
    expect(result.reasons.filter((r) => r.code === 'linked-to-onset').map((r) => r.params?.daysFromOnset)).toEqual([
      26, 228,
    ])
    expect(result.reasons.find((r) => r.code === 'area-not-proposed')).toMatchObject({
      rule: 'AREA-3',
      params: { area: 'role-transition' },
      message: expect.stringContaining('after the onset'),
    })
  })

  it("keeps at most the protocol's maximum, and only areas it lists", () => {
    const single = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'single-focus',
      problemAreas: { allowed: ['grief', 'role-dispute'], max: 1 },
    })
    const result = selectProblemAreas(
      {
        episodeOnset: onset,
        lifeEvents: [
          { kind: 'role-change', date: onset },
          { kind: 'dispute', date: '2027-01-10' },
          { kind: 'death', date: '2026-10-01' },
        ],
      },
      { protocol: single },
    )
    expect(result).toMatchObject({ kind: 'proposed', areas: ['role-dispute'] })
    expect(result.reasons.map((r) => r.code)).toContain('area-not-in-protocol')
  })

  it('chooses interpersonal deficits only as a last resort, when no event applies and isolation is reported (AREA-4)', () => {
    expect(selectProblemAreas({ episodeOnset: onset, socialIsolation: true })).toMatchObject({
      kind: 'proposed',
      areas: ['interpersonal-deficits'],
      reasons: [
        { code: 'last-resort', rule: 'AREA-4' },
        { code: 'formulation-decides', rule: 'AREA-2' },
      ],
    })
    expect(
      selectProblemAreas({
        episodeOnset: onset,
        socialIsolation: true,
        lifeEvents: [{ kind: 'dispute', date: onset }],
      }),
    ).toMatchObject({
      areas: ['role-dispute'],
    })
  })

  it('answers needs-more-data when there is nothing to go on', () => {
    expect(selectProblemAreas({ episodeOnset: onset })).toMatchObject({
      kind: 'needs-more-data',
      missing: ['lifeEvents', 'socialIsolation'],
    })
    expect(selectProblemAreas({ episodeOnset: onset, socialIsolation: false })).toMatchObject({
      kind: 'needs-more-data',
      missing: ['lifeEvents'],
    })
    expect(
      selectProblemAreas(
        { episodeOnset: onset, lifeEvents: [{ kind: 'death', date: '1990-01-01' }] },
        { windowMonths: 24 },
      ),
    ).toMatchObject({
      kind: 'needs-more-data',
    })
  })

  it('gives grief a subtype (AREA-6), a dispute its stage (AREA-7) and a transition its checklist (AREA-8)', () => {
    const recent = selectProblemAreas({
      episodeOnset: onset,
      assessedOn: '2027-02-10',
      lifeEvents: [{ kind: 'death', date: '2026-12-20' }],
    })
    expect(recent.kind === 'proposed' && recent.details).toEqual([
      { area: 'grief', event: 0, griefSubtype: 'possibly-normal' },
    ])
    const old = selectProblemAreas({
      episodeOnset: onset,
      assessedOn: '2027-02-10',
      lifeEvents: [{ kind: 'death', date: '2026-06-01' }],
    })
    expect(old.kind === 'proposed' && old.details[0]?.griefSubtype).toBeUndefined()
    const delayed = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [{ kind: 'death', date: '2020-06-01', griefReaction: 'delayed' }],
    })
    expect(delayed.kind === 'proposed' && delayed.details[0]?.griefSubtype).toBe('delayed')
    const dispute = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [{ kind: 'dispute', date: onset, disputeStage: 'impasse' }],
    })
    expect(dispute.kind === 'proposed' && dispute.details[0]?.disputeStage).toBe('impasse')
    const transition = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [
        { kind: 'role-change', date: onset, transition: { oldRoleGivenUp: true, newSkillsAcquired: false } },
      ],
    })
    expect(
      transition.kind === 'proposed' && transition.details[0]?.transitionChecklist?.map((item) => item.status),
    ).toEqual(['met', 'unknown', 'not-met', 'unknown'])
  })

  it('throws a ProtocolError with paths for an invalid inventory', () => {
    try {
      selectProblemAreas({
        episodeOnset: '2027-02-30',
        lifeEvents: [{ kind: 'wedding', date: onset }],
      } as unknown as Inventory)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError)
      expect((error as ProtocolError).issues.map((issue) => issue.path?.join('.'))).toEqual([
        'inventory.episodeOnset',
        'inventory.lifeEvents.0.kind',
      ])
    }
  })

  it('never selects more than the maximum, never an unlisted area, and never deficits beside an event (property)', () => {
    const eventArb = fc.record({
      kind: fc.constantFrom('death', 'dispute', 'role-change' as const),
      date: fc
        .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    })
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 8 }),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.constantFrom(...Object.values(protocols)),
        (lifeEvents, socialIsolation, protocol) => {
          const result = selectProblemAreas(
            { episodeOnset: onset, lifeEvents, ...(socialIsolation === undefined ? {} : { socialIsolation }) },
            { protocol },
          )
          // Linked: on or after the onset, or within the 12 months before it (AREA-2's design window).
          const linked = lifeEvents.filter((event) => event.date > '2026-01-15')
          if (result.kind === 'needs-more-data') {
            expect(linked).toHaveLength(0)
            expect(socialIsolation).not.toBe(true)
            return
          }
          expect(result.areas.length).toBeLessThanOrEqual(protocol.problemAreas.max)
          expect(new Set(result.areas).size).toBe(result.areas.length)
          for (const area of result.areas) expect(protocol.problemAreas.allowed).toContain(area)
          if (linked.length) expect(result.areas).not.toContain('interpersonal-deficits')
          else expect(result.areas).toEqual(['interpersonal-deficits'])
          // An event after the onset never leads while an allowed one lies before it, within the window.
          const primary = lifeEvents[result.details[0]?.event ?? -1]
          if (primary && primary.date > onset) {
            const before = linked.filter((event) => event.date <= onset)
            expect(before.filter((event) => protocol.problemAreas.allowed.includes(areaOf[event.kind]))).toEqual([])
          }
          // Every proposal says the formulation with the patient decides.
          expect(result.reasons.at(-1)).toMatchObject({ code: 'formulation-decides', rule: 'AREA-2' })
        },
      ),
    )
  })
})

describe('selectProblemAreas: which event an area rests on, and what it says', () => {
  const details = (inventory: Inventory) => {
    const result = selectProblemAreas(inventory)
    return result.kind === 'proposed' ? result.details : []
  }

  it.each([
    ['2 days after the onset, or 45 before it', '2027-01-17', '2026-12-01', 1],
    ['45 days before the onset, or 5 before it', '2026-12-01', '2027-01-10', 1],
    ['5 days before the onset, or 45 before it', '2027-01-10', '2026-12-01', 0],
  ])(
    'rests grief on the nearer death before the onset, ahead of any after it: %s (AREA-2)',
    (_, first, second, event) => {
      const lifeEvents = [
        { kind: 'death' as const, date: first },
        { kind: 'death' as const, date: second },
      ]
      expect(details({ episodeOnset: onset, lifeEvents })).toEqual([{ area: 'grief', event }])
    },
  )

  it('between events as near the onset, prefers an ongoing one, else the first listed (AREA-2)', () => {
    const equidistant = (first: boolean | undefined, second: boolean | undefined) =>
      details({
        episodeOnset: onset,
        lifeEvents: [
          { kind: 'dispute', date: '2027-01-10', ...(first === undefined ? {} : { ongoing: first }) },
          { kind: 'dispute', date: '2027-01-10', ...(second === undefined ? {} : { ongoing: second }) },
        ],
      })[0]?.event
    expect(equidistant(undefined, undefined)).toBe(0)
    expect(equidistant(false, true)).toBe(1)
    expect(equidistant(true, false)).toBe(0)
    expect(equidistant(true, true)).toBe(0)
    // A farther event does not win by being ongoing.
    expect(
      details({
        episodeOnset: onset,
        lifeEvents: [
          { kind: 'dispute', date: '2027-01-10' },
          { kind: 'dispute', date: '2026-06-01', ongoing: true },
        ],
      })[0]?.event,
    ).toBe(0)
  })

  it('orders areas as near the onset by the order of AREA-1, whatever the order of the events', () => {
    const result = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [
        { kind: 'dispute', date: '2027-01-10' },
        { kind: 'death', date: '2027-01-10' },
      ],
    })
    expect(result).toMatchObject({ kind: 'proposed', areas: ['grief', 'role-dispute'] })
  })

  it('points every reason at its life event (AREA-2, AREA-3, AREA-5)', () => {
    const grief = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'grief-only',
      problemAreas: { allowed: ['grief'], max: 1 },
    })
    const result = selectProblemAreas(
      {
        episodeOnset: onset,
        lifeEvents: [
          { kind: 'dispute', date: '2027-01-10' },
          { kind: 'death', date: '2026-12-15' },
        ],
      },
      { protocol: grief },
    )
    expect(result.reasons.map(({ code, path, params, rule }) => ({ code, path, params, rule }))).toEqual([
      { code: 'area-not-in-protocol', path: ['lifeEvents', 0], params: { area: 'role-dispute' }, rule: 'AREA-3' },
      {
        code: 'linked-to-onset',
        path: ['lifeEvents', 1],
        params: { area: 'grief', daysFromOnset: 31 },
        rule: 'AREA-2',
      },
      { code: 'formulation-decides', path: undefined, params: { areas: ['grief'] }, rule: 'AREA-2' },
    ])
    const change = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [
        { kind: 'death', date: '2026-12-15' },
        { kind: 'role-change', date: '2027-01-01', description: 'job loss' },
      ],
    })
    expect(change.reasons.map((r) => [r.code, r.path])).toEqual([
      ['loss-is-transition', ['lifeEvents', 1]],
      ['linked-to-onset', ['lifeEvents', 1]],
      ['linked-to-onset', ['lifeEvents', 0]],
      ['formulation-decides', undefined],
    ])
  })

  it('gives interpersonal deficits no event to rest on (AREA-4), and says what is missing when nothing applies', () => {
    const deficits = selectProblemAreas({ episodeOnset: onset, socialIsolation: true })
    expect(deficits.kind === 'proposed' && deficits.details).toEqual([{ area: 'interpersonal-deficits' }])
    const nothing = selectProblemAreas({ episodeOnset: onset })
    expect(nothing.reasons).toEqual([
      {
        code: 'nothing-to-go-on',
        message: expect.any(String),
        params: { missing: ['lifeEvents', 'socialIsolation'] },
        rule: 'AREA-2',
      },
    ])
  })

  it('lists events at or beyond windowMonths before the onset as not linked (AREA-2; default 12, design)', () => {
    const areas = (date: string, windowMonths?: number) => {
      const result = selectProblemAreas(
        { episodeOnset: onset, lifeEvents: [{ kind: 'dispute', date }] },
        windowMonths === undefined ? undefined : { windowMonths },
      )
      return result.kind === 'proposed' ? result.areas : result.kind
    }
    expect(areas('2025-01-16', 24)).toEqual(['role-dispute'])
    expect(areas('2025-01-15', 24)).toBe('needs-more-data')
    expect(areas('2026-01-16')).toEqual(['role-dispute'])
    expect(areas('2026-01-15')).toBe('needs-more-data')
    // After the onset there is no window: the event is linked, ranked below any before it.
    expect(areas('2029-01-15')).toEqual(['role-dispute'])
    const outside = selectProblemAreas({ episodeOnset: onset, lifeEvents: [{ kind: 'dispute', date: '2026-01-15' }] })
    expect(outside.reasons[0]).toMatchObject({
      code: 'not-linked',
      path: ['lifeEvents', 0],
      params: { months: 12, windowMonths: 12 },
      rule: 'AREA-2',
    })
  })

  it('calls a bereavement possibly normal only within 4 months of the assessment (AREA-6)', () => {
    const subtype = (date: string) =>
      details({ episodeOnset: onset, assessedOn: '2027-02-10', lifeEvents: [{ kind: 'death', date }] })[0]?.griefSubtype
    expect(subtype('2026-10-11')).toBe('possibly-normal')
    expect(subtype('2026-10-10')).toBeUndefined()
  })

  it('keeps a detail to its own area: no grief subtype for a dispute, no stage for grief (AREA-6, AREA-7)', () => {
    expect(
      details({
        episodeOnset: onset,
        assessedOn: '2027-02-10',
        lifeEvents: [{ kind: 'dispute', date: '2027-01-10', griefReaction: 'delayed' }],
      }),
    ).toStrictEqual([{ area: 'role-dispute', event: 0 }])
    expect(
      details({
        episodeOnset: onset,
        lifeEvents: [{ kind: 'death', date: '2027-01-10', disputeStage: 'impasse' }],
      }),
    ).toStrictEqual([{ area: 'grief', event: 0 }])
    expect(details({ episodeOnset: onset, lifeEvents: [{ kind: 'death', date: '2027-01-10' }] })).toStrictEqual([
      { area: 'grief', event: 0 },
    ])
  })

  it('takes the important relationships of the inventory (PHASE-2), and refuses an unknown quality', () => {
    const relationships = [
      { person: 'partner', relation: 'spouse', quality: 'conflicted' as const },
      { person: 'mother', quality: 'lost' as const },
    ]
    expect(
      selectProblemAreas({ episodeOnset: onset, relationships, lifeEvents: [{ kind: 'dispute', date: onset }] }),
    ).toMatchObject({ kind: 'proposed', areas: ['role-dispute'] })
    expect(() =>
      selectProblemAreas({
        episodeOnset: onset,
        relationships: [{ person: 'partner', quality: 'great' }],
      } as unknown as Inventory),
    ).toThrow(ProtocolError)
  })

  it('throws a ProtocolError naming invalid options', () => {
    expect(thrownPaths(() => selectProblemAreas({ episodeOnset: onset }, { windowMonths: -1 }))).toEqual([
      ['options', 'windowMonths'],
    ])
  })
})

describe('selectProblemAreas proposes, as a supervisor would (issue 13: AREA-2, AREA-4, AREA-6)', () => {
  const oneArea = (allowed: Array<'grief' | 'role-dispute' | 'role-transition' | 'interpersonal-deficits'>) =>
    defineProtocol({ ...testVariant, extends: 'ipt', id: 'one-area', problemAreas: { allowed, max: 1 } })
  const codes = (result: ReturnType<typeof selectProblemAreas>) => result.reasons.map((r) => `${r.code}:${r.rule}`)

  it('ranks a dispute 10 days after the onset below a retirement 20 days before it, and says why', () => {
    const lifeEvents = [
      { kind: 'dispute' as const, date: '2027-01-25', person: 'daughter' },
      { kind: 'role-change' as const, date: '2026-12-26', description: 'retirement' },
    ]
    expect(selectProblemAreas({ episodeOnset: onset, lifeEvents })).toMatchObject({
      kind: 'proposed',
      areas: ['role-transition', 'role-dispute'],
    })
    const single = selectProblemAreas(
      { episodeOnset: onset, lifeEvents },
      { protocol: oneArea(['role-dispute', 'role-transition']) },
    )
    expect(single).toMatchObject({ kind: 'proposed', areas: ['role-transition'] })
    expect(single.reasons.find((r) => r.code === 'after-onset')).toMatchObject({
      path: ['lifeEvents', 0],
      params: { daysAfterOnset: 10 },
      rule: 'AREA-2',
      message: expect.stringMatching(/consequence of the depression rather than its trigger/),
    })
    expect(single.reasons.find((r) => r.code === 'area-not-proposed')?.message).toMatch(/after the onset/)
  })

  it('lists a job change 6 years before the onset as not linked, so an isolated patient gets interpersonal deficits (AREA-4)', () => {
    const result = selectProblemAreas({
      episodeOnset: onset,
      socialIsolation: true,
      lifeEvents: [{ kind: 'role-change', date: '2021-01-10', description: 'job change' }],
    })
    expect(result).toMatchObject({ kind: 'proposed', areas: ['interpersonal-deficits'] })
    expect(codes(result)).toEqual(['not-linked:AREA-2', 'last-resort:AREA-4', 'formulation-decides:AREA-2'])
    expect(result.reasons[0]).toMatchObject({ path: ['lifeEvents', 0], params: { months: 72, windowMonths: 12 } })
    expect(JSON.stringify(result)).not.toContain('2191')
  })

  it('does not make a grandfather who died 30 years ago the focus; it mentions prolonged grief (AREA-4, AREA-6)', () => {
    const result = selectProblemAreas({
      episodeOnset: onset,
      assessedOn: '2027-02-01',
      socialIsolation: true,
      lifeEvents: [{ kind: 'death', date: '1997-01-01', person: 'grandfather' }],
    })
    expect(result).toMatchObject({ kind: 'proposed', areas: ['interpersonal-deficits'] })
    expect(codes(result)).toEqual([
      'assess-prolonged-grief:AREA-6',
      'not-linked:AREA-2',
      'last-resort:AREA-4',
      'formulation-decides:AREA-2',
    ])
    // Nothing left and no isolation reported: the inventory is incomplete, not a grief focus.
    expect(
      selectProblemAreas({ episodeOnset: onset, lifeEvents: [{ kind: 'death', date: '1997-01-01' }] }),
    ).toMatchObject({ kind: 'needs-more-data', missing: ['lifeEvents', 'socialIsolation'] })
  })

  it('with one area allowed, a recorded delayed grief reaction outranks a minor move nearer the onset', () => {
    const lifeEvents = [
      { kind: 'role-change' as const, date: '2027-01-10', description: 'moved flat' },
      { kind: 'death' as const, date: '2023-05-01', person: 'father', griefReaction: 'delayed' as const },
    ]
    for (const griefReaction of ['delayed', 'distorted', 'chronic'] as const) {
      const events = [lifeEvents[0], { ...lifeEvents[1], griefReaction }]
      const result = selectProblemAreas(
        { episodeOnset: onset, lifeEvents: events as Inventory['lifeEvents'] },
        { protocol: oneArea(['grief', 'role-transition']) },
      )
      expect(result).toMatchObject({ kind: 'proposed', areas: ['grief'], details: [{ griefSubtype: griefReaction }] })
      expect(result.reasons.find((r) => r.code === 'recorded-grief-reaction')).toMatchObject({
        path: ['lifeEvents', 1],
        rule: 'AREA-6',
        params: { area: 'grief', griefReaction },
      })
      // Outside the window by distance, the death is linked by the clinician's judgement, not listed as unlinked.
      expect(codes(result)).not.toContain('not-linked:AREA-2')
    }
    // Without the judgement, the death 44 months before the onset is not linked and the move is proposed.
    const unjudged = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [lifeEvents[0] as LifeEvent, { kind: 'death', date: '2023-05-01' }],
    })
    expect(unjudged).toMatchObject({ areas: ['role-transition'] })
  })

  it('a bereavement of 12 months or more mentions assessing prolonged grief (DSM-5-TR); the threshold is a parameter', () => {
    const grief = (date: string, options?: { prolongedGriefMonths: number }) =>
      selectProblemAreas(
        {
          episodeOnset: onset,
          assessedOn: '2027-02-01',
          lifeEvents: [{ kind: 'death', date, griefReaction: 'chronic' }],
        },
        options,
      )
    const old = grief('2026-01-20')
    expect(old).toMatchObject({ kind: 'proposed', details: [{ area: 'grief', assessProlongedGrief: true }] })
    expect(old.reasons.find((r) => r.code === 'assess-prolonged-grief')).toMatchObject({
      rule: 'AREA-6',
      params: { months: 12 },
      message: expect.stringMatching(/DSM-5-TR.*12 months.*ICD-11.*6 months/),
    })
    expect(codes(grief('2026-02-20'))).not.toContain('assess-prolonged-grief:AREA-6')
    expect(codes(grief('2026-07-20', { prolongedGriefMonths: 6 }))).toContain('assess-prolonged-grief:AREA-6')
  })

  it('calls a recent bereavement possibly normal grief, and never "not depression" (AREA-6, DSM-5)', () => {
    const result = selectProblemAreas({
      episodeOnset: onset,
      assessedOn: '2027-02-01',
      lifeEvents: [{ kind: 'death', date: '2026-12-20', person: 'mother' }],
    })
    expect(result).toMatchObject({ kind: 'proposed', areas: ['grief'], details: [{ griefSubtype: 'possibly-normal' }] })
    const normal = result.reasons.find((r) => r.code === 'possibly-normal-grief')
    expect(normal).toMatchObject({ rule: 'AREA-6', path: ['lifeEvents', 0] })
    expect(normal?.message).toMatch(/depression, which can be diagnosed during bereavement/)
    for (const reason of result.reasons) expect(reason.message).not.toMatch(/\bnot (a )?depress/i)
    // The seed's 2–4 months are a parameter (default 4).
    const shorter = selectProblemAreas(
      { episodeOnset: onset, assessedOn: '2027-03-25', lifeEvents: [{ kind: 'death', date: '2026-12-20' }] },
      { normalGriefMonths: 2 },
    )
    expect(shorter.kind === 'proposed' && shorter.details[0]?.griefSubtype).toBeUndefined()
  })

  it('says in every proposal that the formulation agreed with the patient decides (AREA-2)', () => {
    for (const inventory of [
      { episodeOnset: onset, socialIsolation: true },
      { episodeOnset: onset, lifeEvents: [{ kind: 'dispute' as const, date: '2027-01-01' }] },
    ]) {
      const result = selectProblemAreas(inventory)
      expect(result.kind).toBe('proposed')
      expect(result.reasons.at(-1)).toMatchObject({
        code: 'formulation-decides',
        rule: 'AREA-2',
        message: expect.stringMatching(/formulation agreed with the patient decides/),
      })
    }
  })
})
