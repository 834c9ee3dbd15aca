import fc from 'fast-check'
import { defineProtocol, type Inventory, ProtocolError, protocols, selectProblemAreas } from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { thrownPaths } from './support/errors.js'
import { testVariant } from './support/protocol.js'

const onset = '2027-01-15'

describe('selectProblemAreas', () => {
  it('maps a death to grief, a dispute to a role dispute and a role change to a role transition (AREA-5)', () => {
    for (const [kind, area] of [
      ['death', 'grief'],
      ['dispute', 'role-dispute'],
      ['role-change', 'role-transition'],
    ] as const) {
      const result = selectProblemAreas({ episodeOnset: onset, lifeEvents: [{ kind, date: '2027-01-01' }] })
      expect(result).toMatchObject({ kind: 'selected', areas: [area] })
    }
    const divorce = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [{ kind: 'role-change', date: '2027-01-01', description: 'divorce' }],
    })
    expect(divorce.reasons.map((r) => `${r.code}:${r.rule}`)).toContain('loss-is-transition:AREA-5')
  })

  it('orders areas by nearness to the onset, primary first, and keeps at most two (AREA-2, AREA-3)', () => {
    const result = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [
        { kind: 'dispute', date: '2025-06-01' },
        { kind: 'role-change', date: '2027-02-01' },
        { kind: 'death', date: '2026-12-20' },
      ],
    })
    expect(result.kind).toBe('selected')
    if (result.kind !== 'selected') return
    expect(result.areas).toEqual(['role-transition', 'grief'])
    expect(result.reasons.filter((r) => r.code === 'linked-to-onset').map((r) => r.params?.daysFromOnset)).toEqual([
      17, 26,
    ])
    expect(result.reasons.find((r) => r.code === 'area-not-selected')).toMatchObject({
      rule: 'AREA-3',
      params: { area: 'role-dispute' },
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
    expect(result).toMatchObject({ kind: 'selected', areas: ['role-dispute'] })
    expect(result.reasons.map((r) => r.code)).toContain('area-not-in-protocol')
  })

  it('chooses interpersonal deficits only as a last resort, when no event applies and isolation is reported (AREA-4)', () => {
    expect(selectProblemAreas({ episodeOnset: onset, socialIsolation: true })).toMatchObject({
      kind: 'selected',
      areas: ['interpersonal-deficits'],
      reasons: [{ code: 'last-resort', rule: 'AREA-4' }],
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
        { maxMonthsFromOnset: 24 },
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
    expect(recent.kind === 'selected' && recent.details).toEqual([
      { area: 'grief', event: 0, griefSubtype: 'possibly-normal' },
    ])
    const old = selectProblemAreas({
      episodeOnset: onset,
      assessedOn: '2027-02-10',
      lifeEvents: [{ kind: 'death', date: '2026-06-01' }],
    })
    expect(old.kind === 'selected' && old.details[0]?.griefSubtype).toBeUndefined()
    const delayed = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [{ kind: 'death', date: '2020-06-01', griefReaction: 'delayed' }],
    })
    expect(delayed.kind === 'selected' && delayed.details[0]?.griefSubtype).toBe('delayed')
    const dispute = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [{ kind: 'dispute', date: onset, disputeStage: 'impasse' }],
    })
    expect(dispute.kind === 'selected' && dispute.details[0]?.disputeStage).toBe('impasse')
    const transition = selectProblemAreas({
      episodeOnset: onset,
      lifeEvents: [
        { kind: 'role-change', date: onset, transition: { oldRoleGivenUp: true, newSkillsAcquired: false } },
      ],
    })
    expect(
      transition.kind === 'selected' && transition.details[0]?.transitionChecklist?.map((item) => item.status),
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
          if (result.kind === 'needs-more-data') {
            expect(lifeEvents).toHaveLength(0)
            return
          }
          expect(result.areas.length).toBeLessThanOrEqual(protocol.problemAreas.max)
          expect(new Set(result.areas).size).toBe(result.areas.length)
          for (const area of result.areas) expect(protocol.problemAreas.allowed).toContain(area)
          if (lifeEvents.length) expect(result.areas).not.toContain('interpersonal-deficits')
        },
      ),
    )
  })
})

describe('selectProblemAreas: which event an area rests on, and what it says', () => {
  const details = (inventory: Inventory) => {
    const result = selectProblemAreas(inventory)
    return result.kind === 'selected' ? result.details : []
  }

  it('rests each area on the event nearest the onset, before or after it (AREA-2)', () => {
    expect(
      details({
        episodeOnset: onset,
        lifeEvents: [
          { kind: 'death', date: '2026-12-01' },
          { kind: 'death', date: '2027-01-10' },
        ],
      }),
    ).toEqual([{ area: 'grief', event: 1 }])
    expect(
      details({
        episodeOnset: onset,
        lifeEvents: [
          { kind: 'death', date: '2027-01-10' },
          { kind: 'death', date: '2026-12-01' },
        ],
      }),
    ).toEqual([{ area: 'grief', event: 0 }])
  })

  it('between events as near the onset, prefers an ongoing one, else the first listed (AREA-2)', () => {
    const equidistant = (first: boolean | undefined, second: boolean | undefined) =>
      details({
        episodeOnset: onset,
        lifeEvents: [
          { kind: 'dispute', date: '2027-01-10', ...(first === undefined ? {} : { ongoing: first }) },
          { kind: 'dispute', date: '2027-01-20', ...(second === undefined ? {} : { ongoing: second }) },
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
        { kind: 'death', date: '2027-01-20' },
      ],
    })
    expect(result).toMatchObject({ kind: 'selected', areas: ['grief', 'role-dispute'] })
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
    ])
  })

  it('gives interpersonal deficits no event to rest on (AREA-4), and says what is missing when nothing applies', () => {
    const deficits = selectProblemAreas({ episodeOnset: onset, socialIsolation: true })
    expect(deficits.kind === 'selected' && deficits.details).toEqual([{ area: 'interpersonal-deficits' }])
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

  it('leaves out events at or beyond maxMonthsFromOnset, on either side of the onset (AREA-2)', () => {
    const areas = (date: string) => {
      const result = selectProblemAreas(
        { episodeOnset: onset, lifeEvents: [{ kind: 'death', date }] },
        { maxMonthsFromOnset: 24 },
      )
      return result.kind === 'selected' ? result.areas : result.kind
    }
    expect(areas('2025-01-16')).toEqual(['grief'])
    expect(areas('2025-01-15')).toBe('needs-more-data')
    expect(areas('2029-01-14')).toEqual(['grief'])
    expect(areas('2029-01-15')).toBe('needs-more-data')
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
    ).toMatchObject({ kind: 'selected', areas: ['role-dispute'] })
    expect(() =>
      selectProblemAreas({
        episodeOnset: onset,
        relationships: [{ person: 'partner', quality: 'great' }],
      } as unknown as Inventory),
    ).toThrow(ProtocolError)
  })

  it('throws a ProtocolError naming invalid options', () => {
    expect(thrownPaths(() => selectProblemAreas({ episodeOnset: onset }, { maxMonthsFromOnset: -1 }))).toEqual([
      ['options', 'maxMonthsFromOnset'],
    ])
  })
})
