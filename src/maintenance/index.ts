import * as z from 'zod/mini'
import { pendingOf, safetyPending } from '../course/apply.js'
import { checkIssue } from '../course/rules.js'
import { type Course, CourseSchema, type MonotherapyReason, MonotherapyReasonSchema } from '../course/schema.js'
import { type Issue, issuesOf, safeParseWith } from '../issues/index.js'
import { type HandOffResult, startNextCourse } from '../pathway/index.js'
import { type Protocol, ProtocolSchema, protocols } from '../protocol/index.js'
import { type PlanOptions, PlanOptionsSchema } from '../schedule/index.js'

/**
 * Options of {@link startMaintenance}: the new course's `id`; whether maintenance IPT is combined with medication
 * and, if not, the reason (MAINT-3); optionally the plan's start, time, zone and months (without it the course has
 * no plan yet); optionally another maintenance protocol than `protocols['ipt-m']`.
 *
 * @example
 * ```ts
 * const options: MaintenanceOptions = { id: 'm-1', combinedWithMedication: true,
 *   plan: { start: '2027-07-05', time: '10:00', timeZone: 'America/New_York' } }
 * ```
 */
export interface MaintenanceOptions {
  /** The new course's id. */
  id: string
  /** Whether maintenance IPT is combined with medication (MAINT-3). */
  combinedWithMedication: boolean
  /** Why maintenance psychotherapy stands alone, when it does (MAINT-3): recorded, never required. */
  monotherapyReason?: MonotherapyReason | undefined
  /** The plan's start, time, zone, months and blackouts; without it the course has no plan yet. */
  plan?: Pick<PlanOptions, 'start' | 'time' | 'timeZone' | 'months' | 'blackouts'> | undefined
  /** Another maintenance protocol than `protocols['ipt-m']`. */
  protocol?: Protocol | undefined
}

/**
 * The schema of {@link MaintenanceOptions}.
 *
 * @example
 * ```ts
 * MaintenanceOptionsSchema.parse({ id: 'm-1', combinedWithMedication: false, monotherapyReason: 'remitted-on-ipt-alone' })
 * ```
 */
export const MaintenanceOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.string().check(z.minLength(1)).check(z.maxLength(200)),
    combinedWithMedication: z.boolean(),
    monotherapyReason: z.optional(MonotherapyReasonSchema),
    plan: z.optional(
      z.pick(PlanOptionsSchema, { start: true, time: true, timeZone: true, months: true, blackouts: true }),
    ),
    protocol: z.optional(ProtocolSchema),
  }))()

/**
 * Hands a completed acute course over to maintenance: {@link startNextCourse} with `protocols['ipt-m']` (or
 * `protocol`), linked both ways, with a plan when `plan` is given (MAINT-1). Advises when the acute course is not in
 * sustained remission on its own series (MAINT-2) and asks for a reason when maintenance psychotherapy stands alone
 * (MAINT-3). Open safety flags are carried into the new course (ipt-reference §8a). Never throws.
 *
 * @example
 * ```ts
 * const result = startMaintenance(acuteCourse, { id: 'm-1', combinedWithMedication: false })
 * if (result.ok) result.advisories // [{ code: 'monotherapy-without-reason', rule: 'MAINT-3', … }]
 * ```
 */
export function startMaintenance(acuteCourse: Course, options: MaintenanceOptions): HandOffResult {
  const checked = safeParseWith(CourseSchema, acuteCourse, ['acuteCourse'])
  const checkedOptions = safeParseWith(MaintenanceOptionsSchema, options)
  if (!checked.success || !checkedOptions.success) {
    const advisories = checked.success ? safetyPending(checked.data) : pendingOf(acuteCourse)
    return { ok: false, issues: issuesOf(checked, checkedOptions), advisories }
  }
  const acute = checked.data
  const { protocol = protocols['ipt-m'], ...rest } = checkedOptions.data
  const issues: Issue[] = []
  if (acute.phase !== 'completed') {
    issues.push(
      checkIssue(
        'acute-not-completed',
        `The acute course is ${acute.phase}; maintenance follows a completed acute course`,
        { params: { phase: acute.phase } },
      ),
    )
  }
  if (protocol.schedule.type !== 'maintenance') {
    issues.push(
      checkIssue('not-a-maintenance-protocol', `${protocol.id} has no maintenance schedule`, { path: ['protocol'] }),
    )
  }
  // Refused or not, the open flags of the acute course are repeated (ipt-reference §8a).
  if (issues.length) return { ok: false, issues, advisories: safetyPending(acute) }
  return startNextCourse(acute, protocol, rest)
}
