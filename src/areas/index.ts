import * as z from 'zod/mini'
import { CalendarDateSchema, daysFrom, monthsFrom } from '../calendar/index.js'
import { type Issue, makeIssue, safeParseWith, unwrap } from '../issues/index.js'
import { type ProblemArea, type Protocol, ProtocolSchema } from '../protocol/index.js'

/**
 * A life event of the interpersonal inventory (PHASE-2): a death, a dispute or a role change (including a
 * divorce or job loss, AREA-5), dated. The optional fields carry the clinician's judgement where it exists: the
 * grief reaction (AREA-6), the dispute's stage (AREA-7), the role transition's resolution items (AREA-8).
 *
 * @example
 * ```ts
 * LifeEventSchema.parse({ kind: 'role-change', date: '2027-01-10', description: 'lost job', ongoing: true })
 * ```
 */
export const LifeEventSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    kind: z.enum(['death', 'dispute', 'role-change']),
    date: CalendarDateSchema,
    person: z.optional(z.string().check(z.maxLength(200))),
    description: z.optional(z.string().check(z.maxLength(2000))),
    ongoing: z.optional(z.boolean()),
    griefReaction: z.optional(z.enum(['delayed', 'distorted', 'chronic'])),
    disputeStage: z.optional(z.enum(['renegotiation', 'impasse', 'dissolution'])),
    transition: z.optional(
      z.strictObject({
        oldRoleGivenUp: z.optional(z.boolean()),
        feelingsExpressed: z.optional(z.boolean()),
        newSkillsAcquired: z.optional(z.boolean()),
        newNetworkBuilt: z.optional(z.boolean()),
      }),
    ),
  }))()

/**
 * A life event (see {@link LifeEventSchema}).
 *
 * @example
 * ```ts
 * const loss: LifeEvent = { kind: 'death', date: '2026-11-02', person: 'mother' }
 * ```
 */
export type LifeEvent = z.infer<typeof LifeEventSchema>

/**
 * The interpersonal inventory as the selection needs it: the onset of the current episode, life events near it,
 * whether the patient reports social isolation, the important relationships, and (optionally) the date of the
 * assessment, which lets a recent bereavement be told apart (AREA-6).
 *
 * @example
 * ```ts
 * InventorySchema.parse({ episodeOnset: '2027-01-15', lifeEvents: [{ kind: 'death', date: '2026-12-20' }] })
 * ```
 */
export const InventorySchema = /* @__PURE__ */ (() =>
  z.strictObject({
    episodeOnset: CalendarDateSchema,
    assessedOn: z.optional(CalendarDateSchema),
    lifeEvents: z._default(z.array(LifeEventSchema).check(z.maxLength(500)), []),
    socialIsolation: z.optional(z.boolean()),
    relationships: z.optional(
      z
        .array(
          z.strictObject({
            person: z.string().check(z.maxLength(200)),
            relation: z.optional(z.string().check(z.maxLength(200))),
            quality: z.optional(z.enum(['supportive', 'conflicted', 'distant', 'lost'])),
          }),
        )
        .check(z.maxLength(500)),
    ),
  }))()

/**
 * An interpersonal inventory (see {@link InventorySchema}).
 *
 * @example
 * ```ts
 * const inventory: Inventory = { episodeOnset: '2027-01-15', lifeEvents: [], socialIsolation: true }
 * ```
 */
export type Inventory = z.input<typeof InventorySchema>

/**
 * What the selection can say about a selected area: grief's subtype (AREA-6), a dispute's stage (AREA-7), a
 * role transition's resolution checklist (AREA-8), and the life event it rests on (index in `lifeEvents`).
 *
 * @example
 * ```ts
 * const detail: AreaDetail = { area: 'grief', event: 0, griefSubtype: 'possibly-normal' }
 * ```
 */
export interface AreaDetail {
  /** The selected area. */
  area: ProblemArea
  /** The index in the inventory's `lifeEvents` of the event the area rests on. */
  event?: number
  /** For grief: its subtype (AREA-6). */
  griefSubtype?: 'possibly-normal' | 'delayed' | 'distorted' | 'chronic'
  /** For a role dispute: its stage (AREA-7). */
  disputeStage?: 'renegotiation' | 'impasse' | 'dissolution'
  /** For a role transition: the resolution checklist (AREA-8). */
  transitionChecklist?: Array<{
    /** One step of resolving the transition. */
    item: 'old-role-given-up' | 'feelings-expressed' | 'new-skills-acquired' | 'new-network-built'
    /** Whether the inventory shows it met. */
    status: 'met' | 'not-met' | 'unknown'
  }>
}

/**
 * The answer of {@link selectProblemAreas}: areas ordered primary first, with reasons and details, or what is
 * missing to decide.
 *
 * @example
 * ```ts
 * const selection: AreaSelection = { kind: 'needs-more-data', missing: ['lifeEvents', 'socialIsolation'], reasons: [] }
 * ```
 */
export type AreaSelection =
  | {
      /** Areas were selected. */
      kind: 'selected'
      /** The selected areas, primary first. */
      areas: ProblemArea[]
      /** Why, with the rule of each step (AREA-2 … AREA-8). */
      reasons: Issue[]
      /** What the selection can say about each area, in the order of `areas`. */
      details: AreaDetail[]
    }
  | {
      /** The inventory does not say enough to select. */
      kind: 'needs-more-data'
      /** The inventory fields to fill in. */
      missing: string[]
      /** Why, where there is more to say. */
      reasons: Issue[]
    }

const SelectionOptionsSchema = /* @__PURE__ */ (() =>
  z.optional(
    z.strictObject({
      protocol: z.optional(ProtocolSchema),
      maxMonthsFromOnset: z.optional(z.number().check(z.gte(0)).check(z.lte(1200))),
    }),
  ))()

const areaOfKind = { death: 'grief', dispute: 'role-dispute', 'role-change': 'role-transition' } as const

/** Order among areas equally near the onset (design choice: the order of AREA-1). */
const areaOrder: readonly ProblemArea[] = ['grief', 'role-dispute', 'role-transition', 'interpersonal-deficits']

const checklistItems = [
  ['old-role-given-up', 'oldRoleGivenUp'],
  ['feelings-expressed', 'feelingsExpressed'],
  ['new-skills-acquired', 'newSkillsAcquired'],
  ['new-network-built', 'newNetworkBuilt'],
] as const

/** Months within which a bereavement may still be normal grief (AREA-6: it usually resolves in 2–4 months). */
const normalGriefMonths = 4

function detailFor(area: ProblemArea, index: number, event: LifeEvent, assessedOn: string | undefined): AreaDetail {
  const detail: AreaDetail = { area, event: index }
  if (area === 'grief') {
    if (event.griefReaction) detail.griefSubtype = event.griefReaction
    else if (assessedOn && monthsFrom(event.date, assessedOn) < normalGriefMonths)
      detail.griefSubtype = 'possibly-normal'
  }
  if (area === 'role-dispute' && event.disputeStage) detail.disputeStage = event.disputeStage
  if (area === 'role-transition') {
    detail.transitionChecklist = checklistItems.map(([item, key]) => {
      const value = event.transition?.[key]
      return { item, status: value === undefined ? 'unknown' : value ? 'met' : 'not-met' }
    })
  }
  return detail
}

/**
 * Chooses the problem areas from an interpersonal inventory. The events nearest the episode's onset weigh most
 * (AREA-2); a death points to grief, a dispute to a role dispute, a role change (including divorce or job loss)
 * to a role transition (AREA-5); interpersonal deficits only when no event applies and isolation is reported
 * (AREA-4); at most the protocol's maximum (default 2, AREA-3), primary first. With nothing to go on it answers
 * `needs-more-data`. `maxMonthsFromOnset` (no default: every event counts) leaves out events further from the
 * onset. Throws {@link ProtocolError} for an invalid inventory.
 *
 * @example
 * ```ts
 * selectProblemAreas({
 *   episodeOnset: '2027-01-15',
 *   lifeEvents: [{ kind: 'death', date: '2026-12-20' }, { kind: 'dispute', date: '2025-06-01', disputeStage: 'impasse' }],
 * })
 * // { kind: 'selected', areas: ['grief', 'role-dispute'], reasons: [...], details: [...] }
 * ```
 */
export function selectProblemAreas(
  inventory: Inventory,
  options?: { protocol?: Protocol; maxMonthsFromOnset?: number },
): AreaSelection {
  const checked = unwrap(safeParseWith(InventorySchema, inventory, ['inventory']))
  const { protocol, maxMonthsFromOnset } = unwrap(safeParseWith(SelectionOptionsSchema, options, ['options'])) ?? {}
  const allowed = protocol?.problemAreas.allowed ?? areaOrder
  const max = protocol?.problemAreas.max ?? 2
  const reasons: Issue[] = []
  const best = new Map<ProblemArea, { index: number; distance: number; event: LifeEvent }>()
  for (const [index, event] of checked.lifeEvents.entries()) {
    const area = areaOfKind[event.kind]
    const distance = Math.abs(daysFrom(checked.episodeOnset, event.date))
    const [earlier, later] =
      event.date < checked.episodeOnset ? [event.date, checked.episodeOnset] : [checked.episodeOnset, event.date]
    if (maxMonthsFromOnset !== undefined && monthsFrom(earlier, later) >= maxMonthsFromOnset) continue
    if (!allowed.includes(area)) {
      reasons.push(
        makeIssue('area-not-in-protocol', `${area} is not an area of this protocol`, {
          path: ['lifeEvents', index],
          params: { area },
          rule: 'AREA-3',
        }),
      )
      continue
    }
    if (event.kind === 'role-change') {
      reasons.push(
        makeIssue('loss-is-transition', 'A life change, including a loss that is not a death, is a role transition', {
          path: ['lifeEvents', index],
          rule: 'AREA-5',
        }),
      )
    }
    const current = best.get(area)
    const closer =
      !current ||
      distance < current.distance ||
      (distance === current.distance && event.ongoing && !current.event.ongoing)
    if (closer) best.set(area, { index, distance, event })
  }
  const ranked = [...best].sort(
    ([a, x], [b, y]) => x.distance - y.distance || areaOrder.indexOf(a) - areaOrder.indexOf(b),
  )
  if (ranked.length) {
    const chosen = ranked.slice(0, max)
    for (const [area, { index, distance }] of chosen) {
      reasons.push(
        makeIssue(
          'linked-to-onset',
          `${area}: the ${checked.lifeEvents[index]?.kind} on ${checked.lifeEvents[index]?.date} is ${distance} days from the onset`,
          {
            path: ['lifeEvents', index],
            params: { area, daysFromOnset: distance },
            rule: 'AREA-2',
          },
        ),
      )
    }
    for (const [area] of ranked.slice(max)) {
      reasons.push(
        makeIssue('area-not-selected', `${area} is further from the onset than the ${max} chosen`, {
          params: { area, max },
          rule: 'AREA-3',
        }),
      )
    }
    const details = chosen.map(([area, { index, event }]) => detailFor(area, index, event, checked.assessedOn))
    return { kind: 'selected', areas: chosen.map(([area]) => area), reasons, details }
  }
  if (checked.socialIsolation && allowed.includes('interpersonal-deficits')) {
    reasons.push(
      makeIssue(
        'last-resort',
        'No death, dispute or life change is linked to the episode, and isolation is reported: interpersonal deficits (it predicts a slower response)',
        { rule: 'AREA-4' },
      ),
    )
    return {
      kind: 'selected',
      areas: ['interpersonal-deficits'],
      reasons,
      details: [{ area: 'interpersonal-deficits' }],
    }
  }
  const missing = ['lifeEvents', ...(checked.socialIsolation === undefined ? ['socialIsolation'] : [])]
  reasons.push(
    makeIssue(
      'nothing-to-go-on',
      'No life event near the onset and no reported isolation: complete the interpersonal inventory',
      { params: { missing }, rule: 'AREA-2' },
    ),
  )
  return { kind: 'needs-more-data', missing, reasons }
}
