import * as z from 'zod/mini'
import { type ContactKind, ContactKindSchema } from '../protocol/index.js'
import { type ContactPhase, ContactPhaseSchema } from '../schedule/index.js'

const text = z.string().check(z.maxLength(200))

const partialRecord = <K extends string>(keys: readonly K[]) =>
  z.strictObject(
    Object.fromEntries(keys.map((key) => [key, z.optional(text)])) as Record<K, z.ZodMiniOptional<typeof text>>,
  )

/** The contact kinds, contact phases and display statuses the timeline names. */
const kindKeys = ContactKindSchema.options
const phaseKeys = ContactPhaseSchema.options
const statusKeys = ['planned', 'held', 'missed', 'cancelled', 'unplanned'] as const
const laneKeys = ['sessions', 'phoneContacts', 'other'] as const

/**
 * The texts of a timeline, any of which a host may replace (to translate it, say); see
 * {@link defaultTimelineLabels} for the English defaults. `axis` is a template: `{date}` becomes the date week 1
 * begins. `months` are the 12 short month names used in dates.
 *
 * @example
 * ```ts
 * TimelineLabelsSchema.parse({ title: 'Behandlungsverlauf', today: 'Heute', phases: { initial: 'Anfangsphase' } })
 * ```
 */
export const TimelineLabelsSchema = z.strictObject({
  title: z.optional(text),
  today: z.optional(text),
  axis: z.optional(text),
  empty: z.optional(text),
  safetyFlag: z.optional(text),
  legendPhases: z.optional(text),
  legendContacts: z.optional(text),
  legendStatuses: z.optional(text),
  lanes: z.optional(partialRecord(laneKeys)),
  phases: z.optional(partialRecord(phaseKeys)),
  kinds: z.optional(partialRecord(kindKeys)),
  statuses: z.optional(partialRecord(statusKeys)),
  months: z.optional(z.array(text).check(z.length(12))),
})

/**
 * Every text of a timeline, resolved: {@link defaultTimelineLabels} with a host's replacements.
 *
 * @example
 * ```ts
 * const labels: TimelineLabels = { ...defaultTimelineLabels, title: 'Course of treatment' }
 * ```
 */
export interface TimelineLabels {
  /** The default title. */
  title: string
  /** Beside the "today" line. */
  today: string
  /** The week axis caption; `{date}` becomes the date week 1 begins. */
  axis: string
  /** Instead of marks when there is nothing to draw. */
  empty: string
  /**
   * The warning a course with open safety flags shows; `{count}` becomes their number, `{date}` the first one's
   * date. An empty replacement is ignored: the warning is always shown.
   */
  safetyFlag: string
  /** Legend row headings. */
  legendPhases: string
  legendContacts: string
  legendStatuses: string
  /** Lane names, beside the lanes. */
  lanes: Record<'sessions' | 'phoneContacts' | 'other', string>
  /** Phase names, in the legend and tooltips. */
  phases: Record<ContactPhase, string>
  /** Contact kind names, in the legend and tooltips. */
  kinds: Record<ContactKind, string>
  /** Status names: `unplanned` marks a course event beyond its plan. */
  statuses: Record<'planned' | 'held' | 'missed' | 'cancelled' | 'unplanned', string>
  /** The 12 short month names, January first. */
  months: string[]
}

/**
 * The English texts of a timeline. Replace any of them with the `labels` option of `renderTimeline`.
 *
 * @example
 * ```ts
 * defaultTimelineLabels.phases.termination // 'Termination'
 * defaultTimelineLabels.axis // 'Weeks (week 1 begins {date})'
 * ```
 */
export const defaultTimelineLabels: Readonly<TimelineLabels> = Object.freeze({
  title: 'Course timeline',
  today: 'Today',
  axis: 'Weeks (week 1 begins {date})',
  empty: 'No contacts planned',
  safetyFlag: '⚠ Safety review due · open flags: {count} · since {date}',
  legendPhases: 'Phase',
  legendContacts: 'Contact',
  legendStatuses: 'Status',
  lanes: { sessions: 'Sessions', phoneContacts: 'Phone contacts', other: 'Other contacts' },
  phases: {
    initial: 'Initial',
    middle: 'Middle',
    termination: 'Termination',
    continuation: 'Continuation',
    maintenance: 'Maintenance',
    'follow-up': 'Follow-up',
  },
  kinds: {
    session: 'Session',
    'maintenance-session': 'Maintenance session',
    'phone-contact': 'Phone contact',
    'pre-group-session': 'Pre-group session',
    'engagement-session': 'Engagement session',
    'parent-session': 'Parent session',
    'follow-up': 'Follow-up',
  },
  statuses: { planned: 'Planned', held: 'Held', missed: 'Missed', cancelled: 'Cancelled', unplanned: 'Not in plan' },
  months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
})

/** The defaults with a host's replacements laid over them (nested records are merged key by key). */
export function resolveLabels(given: z.output<typeof TimelineLabelsSchema> | undefined): TimelineLabels {
  const base = defaultTimelineLabels
  const pick = <T extends Record<string, string>>(
    defaults: T,
    over: Partial<Record<keyof T, string | undefined>> = {},
  ) => Object.fromEntries(Object.entries(defaults).map(([key, value]) => [key, over[key as keyof T] ?? value])) as T
  return {
    title: given?.title ?? base.title,
    today: given?.today ?? base.today,
    axis: given?.axis ?? base.axis,
    empty: given?.empty ?? base.empty,
    // The warning of an open flag cannot be blanked out (ipt-reference §8a).
    safetyFlag: given?.safetyFlag?.trim() ? given.safetyFlag : base.safetyFlag,
    legendPhases: given?.legendPhases ?? base.legendPhases,
    legendContacts: given?.legendContacts ?? base.legendContacts,
    legendStatuses: given?.legendStatuses ?? base.legendStatuses,
    lanes: pick(base.lanes, given?.lanes),
    phases: pick(base.phases, given?.phases),
    kinds: pick(base.kinds, given?.kinds),
    statuses: pick(base.statuses, given?.statuses),
    months: [...(given?.months ?? base.months)],
  }
}
