import * as z from 'zod/mini'
import { CalendarDateSchema, daysFrom, monthsFrom } from '../calendar/index.js'
import { type Issue, makeIssue, safeParseWith, unwrap } from '../issues/index.js'
import { counted } from '../issues/words.js'
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
 * What the selection can say about a proposed area: grief's subtype (AREA-6: the clinician's recorded reaction, or
 * `possibly-normal` for a bereavement under 4 months old at the assessment, which never means "not depression"),
 * whether prolonged grief should be assessed (AREA-6: a bereavement at least 12 months old, DSM-5-TR), a dispute's
 * stage (AREA-7), a role transition's resolution checklist (AREA-8), and the life event it rests on (index in
 * `lifeEvents`).
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
  /** For grief of 12 months or more: assess prolonged grief disorder (DSM-5-TR, ICD-11). */
  assessProlongedGrief?: true
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
 * The answer of {@link selectProblemAreas}: the areas it proposes, primary first, with reasons and details (a
 * proposal: the formulation agreed with the patient decides, AREA-2), or what is missing to propose any.
 *
 * @example
 * ```ts
 * const selection: AreaSelection = { kind: 'needs-more-data', missing: ['lifeEvents', 'socialIsolation'], reasons: [] }
 * ```
 */
export type AreaSelection =
  | {
      /** Areas are proposed (the formulation agreed with the patient decides, AREA-2). */
      kind: 'proposed'
      /** The proposed areas, primary first. */
      areas: ProblemArea[]
      /** Why, with the rule of each step (AREA-2 … AREA-8). */
      reasons: Issue[]
      /** What the selection can say about each area, in the order of `areas`. */
      details: AreaDetail[]
    }
  | {
      /** The inventory does not say enough to propose an area. */
      kind: 'needs-more-data'
      /** The inventory fields to fill in. */
      missing: string[]
      /** Why, where there is more to say. */
      reasons: Issue[]
    }

const months = /* @__PURE__ */ (() => z.optional(z.number().check(z.gte(0)).check(z.lte(1200))))()

const SelectionOptionsSchema = /* @__PURE__ */ (() =>
  z.optional(
    z.strictObject({
      protocol: z.optional(ProtocolSchema),
      windowMonths: months,
      normalGriefMonths: months,
      prolongedGriefMonths: months,
    }),
  ))()

/**
 * Options of {@link selectProblemAreas}: the protocol (its areas and their maximum, AREA-3); `windowMonths`, how
 * long before the onset an event may be linked to it (AREA-2, design default 12); `normalGriefMonths`, within which
 * a bereavement may be normal grief (AREA-6, the seed's 2–4 months: default 4); `prolongedGriefMonths`, from which a
 * bereavement calls for assessing prolonged grief disorder (AREA-6, DSM-5-TR: default 12; ICD-11 and DSM-5-TR for
 * children and adolescents: 6).
 *
 * @example
 * ```ts
 * const options: SelectionOptions = { protocol: protocols['ipt-a'], prolongedGriefMonths: 6 }
 * ```
 */
export interface SelectionOptions {
  /** The protocol whose areas and maximum apply (AREA-3); default all four areas, at most two. */
  protocol?: Protocol
  /** How many months before the onset an event may lie and still be linked to it (AREA-2; design default 12). */
  windowMonths?: number
  /** Months after a death within which grief may still be normal (AREA-6; the seed's default). */
  normalGriefMonths?: number
  /** Months after a death from which prolonged grief should be assessed (AREA-6; DSM-5-TR 12). */
  prolongedGriefMonths?: number
}

const areaOfKind = { death: 'grief', dispute: 'role-dispute', 'role-change': 'role-transition' } as const

/** Order among areas equally near the onset (design choice: the order of AREA-1). */
const areaOrder: readonly ProblemArea[] = ['grief', 'role-dispute', 'role-transition', 'interpersonal-deficits']

const checklistItems = [
  ['old-role-given-up', 'oldRoleGivenUp'],
  ['feelings-expressed', 'feelingsExpressed'],
  ['new-skills-acquired', 'newSkillsAcquired'],
  ['new-network-built', 'newNetworkBuilt'],
] as const

/**
 * How strongly an event is linked to the episode (AREA-2), strongest first: a death with a grief reaction the
 * clinician recorded (AREA-6: their judgement weighs more than distance), an event on or before the onset within
 * the window, an event after the onset (it may be a consequence of the depression rather than its trigger).
 */
type Tier = 0 | 1 | 2

interface Candidate {
  index: number
  event: LifeEvent
  tier: Tier
  distance: number
}

/** Whether candidate `a` ranks above `b`: by tier, then nearness to the onset, then an ongoing event first. */
function ranksAbove(a: Candidate, b: Candidate): boolean {
  if (a.tier !== b.tier) return a.tier < b.tier
  if (a.distance !== b.distance) return a.distance < b.distance
  return Boolean(a.event.ongoing) && !b.event.ongoing
}

function detailFor(
  area: ProblemArea,
  { index, event }: Candidate,
  assessedOn: string | undefined,
  settings: Required<Omit<SelectionOptions, 'protocol'>>,
  sinceDeath: number,
): AreaDetail {
  const detail: AreaDetail = { area, event: index }
  if (area === 'grief') {
    if (event.griefReaction) detail.griefSubtype = event.griefReaction
    else if (assessedOn && sinceDeath < settings.normalGriefMonths) detail.griefSubtype = 'possibly-normal'
    if (sinceDeath >= settings.prolongedGriefMonths) detail.assessProlongedGrief = true
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
 * Proposes the problem areas of an interpersonal inventory, with the reasons for each; the interpersonal
 * formulation agreed with the patient decides (AREA-2), so the answer is a proposal, never a choice. A death points
 * to grief, a dispute to a role dispute, a role change (including a divorce or job loss) to a role transition
 * (AREA-5). The events linked to the episode rank (AREA-2): first a death with a grief reaction the clinician
 * recorded (delayed, distorted, chronic: their judgement outranks distance, AREA-6), then events on or before the
 * onset, nearest first, then events after it (each says it may be a consequence of the depression rather than its
 * trigger). An event before the window (`windowMonths`, design default 12) is listed as not linked. Interpersonal
 * deficits only when no event is linked and isolation is reported (AREA-4); at most the protocol's maximum
 * (default 2, AREA-3), primary first. A bereavement under `normalGriefMonths` (4) at the assessment may be normal
 * grief, and depression can be diagnosed all the same; one of `prolongedGriefMonths` (12) or more calls for
 * assessing prolonged grief disorder (AREA-6, DSM-5-TR). With nothing to go on it answers `needs-more-data`. Throws
 * {@link ProtocolError} for an invalid inventory or options.
 *
 * @example
 * ```ts
 * selectProblemAreas({
 *   episodeOnset: '2027-01-15',
 *   lifeEvents: [{ kind: 'death', date: '2026-12-20' }, { kind: 'dispute', date: '2026-06-01', disputeStage: 'impasse' }],
 * })
 * // { kind: 'proposed', areas: ['grief', 'role-dispute'], reasons: [...], details: [...] }
 * ```
 */
export function selectProblemAreas(inventory: Inventory, options?: SelectionOptions): AreaSelection {
  const checked = unwrap(safeParseWith(InventorySchema, inventory, ['inventory']))
  const { protocol, ...given } = unwrap(safeParseWith(SelectionOptionsSchema, options, ['options'])) ?? {}
  const settings = {
    windowMonths: given.windowMonths ?? 12,
    normalGriefMonths: given.normalGriefMonths ?? 4,
    prolongedGriefMonths: given.prolongedGriefMonths ?? 12,
  }
  const allowed = protocol?.problemAreas.allowed ?? areaOrder
  const max = protocol?.problemAreas.max ?? 2
  const { episodeOnset: onset, assessedOn } = checked
  // How long ago a death was when assessed (or, without an assessment date, at the onset: at least that long).
  const monthsSince = (date: string) => monthsFrom(date, assessedOn && assessedOn > onset ? assessedOn : onset)
  const reasons: Issue[] = []
  const best = new Map<ProblemArea, Candidate>()
  let unlinked = 0
  for (const [index, event] of checked.lifeEvents.entries()) {
    const area = areaOfKind[event.kind]
    const path = ['lifeEvents', index]
    const days = daysFrom(onset, event.date)
    const judged = event.kind === 'death' && event.griefReaction !== undefined
    if (event.kind === 'death' && monthsSince(event.date) >= settings.prolongedGriefMonths) {
      reasons.push(
        makeIssue(
          'assess-prolonged-grief',
          `The death on ${event.date} was ${counted(monthsSince(event.date), 'month')} before the assessment: if grief persists, assess prolonged grief disorder (DSM-5-TR: at least 12 months after the death, 6 for children and adolescents; ICD-11: at least 6 months)`,
          { path, params: { months: monthsSince(event.date) }, rule: 'AREA-6' },
        ),
      )
    }
    if (!judged && days < 0 && monthsFrom(event.date, onset) >= settings.windowMonths) {
      unlinked++
      reasons.push(
        makeIssue(
          'not-linked',
          `The ${event.kind} on ${event.date} is ${counted(monthsFrom(event.date, onset), 'month')} before the onset, outside the ${settings.windowMonths}-month window: not linked to this episode${event.kind === 'death' ? ' (a grief reaction the clinician records, e.g. delayed, would link it)' : ''}`,
          {
            path,
            params: { months: monthsFrom(event.date, onset), windowMonths: settings.windowMonths },
            rule: 'AREA-2',
          },
        ),
      )
      continue
    }
    if (!allowed.includes(area)) {
      reasons.push(
        makeIssue('area-not-in-protocol', `${area} is not an area of this protocol`, {
          path,
          params: { area },
          rule: 'AREA-3',
        }),
      )
      continue
    }
    if (event.kind === 'role-change') {
      reasons.push(
        makeIssue('loss-is-transition', 'A life change, including a loss that is not a death, is a role transition', {
          path,
          rule: 'AREA-5',
        }),
      )
    }
    if (days > 0 && !judged) {
      reasons.push(
        makeIssue(
          'after-onset',
          `The ${event.kind} on ${event.date} is ${counted(days, 'day')} after the onset: it may be a consequence of the depression rather than its trigger, so it ranks below the events before the onset`,
          { path, params: { daysAfterOnset: days }, rule: 'AREA-2' },
        ),
      )
    }
    const candidate: Candidate = { index, event, tier: judged ? 0 : days > 0 ? 2 : 1, distance: Math.abs(days) }
    const current = best.get(area)
    if (!current || ranksAbove(candidate, current)) best.set(area, candidate)
  }
  const ranked = [...best].sort(([a, x], [b, y]) =>
    ranksAbove(x, y) ? -1 : ranksAbove(y, x) ? 1 : areaOrder.indexOf(a) - areaOrder.indexOf(b),
  )
  const proposal = (areas: ProblemArea[], details: AreaDetail[]): AreaSelection => {
    reasons.push(
      makeIssue(
        'formulation-decides',
        'A proposal, not a decision: the interpersonal formulation agreed with the patient decides the focus',
        { params: { areas }, rule: 'AREA-2' },
      ),
    )
    return { kind: 'proposed', areas, reasons, details }
  }
  if (ranked.length) {
    const chosen = ranked.slice(0, max)
    for (const [area, { index, event, tier, distance }] of chosen) {
      const path = ['lifeEvents', index]
      if (tier === 0) {
        reasons.push(
          makeIssue(
            'recorded-grief-reaction',
            `${area}: the ${event.griefReaction} grief reaction recorded for the death on ${event.date} is the clinician's judgement, and weighs more than distance from the onset`,
            { path, params: { area, griefReaction: event.griefReaction, daysFromOnset: distance }, rule: 'AREA-6' },
          ),
        )
      } else {
        reasons.push(
          makeIssue(
            'linked-to-onset',
            `${area}: the ${event.kind} on ${event.date} is ${distance ? `${counted(distance, 'day')} ${tier === 2 ? 'after' : 'before'}` : 'on the day of'} the onset`,
            {
              path,
              params: { area, daysFromOnset: distance, ...(tier === 2 ? { afterOnset: true } : {}) },
              rule: 'AREA-2',
            },
          ),
        )
      }
      if (
        area === 'grief' &&
        !event.griefReaction &&
        assessedOn &&
        monthsSince(event.date) < settings.normalGriefMonths
      ) {
        reasons.push(
          makeIssue(
            'possibly-normal-grief',
            `The death on ${event.date} was under ${counted(settings.normalGriefMonths, 'month')} before the assessment: the grief may be normal bereavement (seed 004), and that never rules out depression, which can be diagnosed during bereavement (DSM-5)`,
            { path, params: { months: monthsSince(event.date) }, rule: 'AREA-6' },
          ),
        )
      }
    }
    const lowest = chosen.at(-1)?.[1].tier ?? 0
    for (const [area, { tier }] of ranked.slice(max)) {
      const why =
        tier === lowest
          ? 'its event is further from the onset'
          : lowest === 0
            ? 'a grief reaction the clinician recorded outranks it'
            : 'its event came after the onset'
      reasons.push(
        makeIssue('area-not-proposed', `${area} ranks below the ${max} proposed: ${why}`, {
          params: { area, max },
          rule: 'AREA-3',
        }),
      )
    }
    const details = chosen.map(([area, candidate]) =>
      detailFor(area, candidate, assessedOn, settings, monthsSince(candidate.event.date)),
    )
    return proposal(
      chosen.map(([area]) => area),
      details,
    )
  }
  const none =
    unlinked === 0
      ? 'no life event of its areas is recorded'
      : `${unlinked === 1 ? 'the one event recorded lies' : `all ${unlinked} events recorded lie`} outside the window before the onset`
  if (checked.socialIsolation && allowed.includes('interpersonal-deficits')) {
    reasons.push(
      makeIssue(
        'last-resort',
        `No death, dispute or life change is linked to the episode (${none}), and isolation is reported: interpersonal deficits, the area of last resort (it predicts a slower response)`,
        { params: { unlinked }, rule: 'AREA-4' },
      ),
    )
    return proposal(['interpersonal-deficits'], [{ area: 'interpersonal-deficits' }])
  }
  const missing = ['lifeEvents', ...(checked.socialIsolation === undefined ? ['socialIsolation'] : [])]
  reasons.push(
    makeIssue(
      'nothing-to-go-on',
      `No life event linked to the onset (${none}) and no reported isolation: complete the interpersonal inventory`,
      { params: { missing }, rule: 'AREA-2' },
    ),
  )
  return { kind: 'needs-more-data', missing, reasons }
}
