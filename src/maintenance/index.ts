import * as z from 'zod/mini'
import { pendingOf, safetyPending } from '../course/apply.js'
import { checkIssue } from '../course/rules.js'
import { type Course, CourseSchema, MonotherapyReasonSchema } from '../course/schema.js'
import { type Issue, issuesOf, safeParseWith } from '../issues/index.js'
import { type HandOffResult, startNextCourse } from '../pathway/index.js'
import { ProtocolSchema, protocols } from '../protocol/index.js'
import { PlanOptionsSchema } from '../schedule/index.js'

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
export type MaintenanceOptions = z.input<typeof MaintenanceOptionsSchema>

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
 * `protocol`), after checking that the acute course is completed (MAINT-2) and the protocol a maintenance one
 * (MAINT-1). The new IPT-M course is linked to the acute course both ways (`linkedCourseId`, and the returned
 * `previous` with its `nextCourseId`), with a plan from `planCourse` when `plan` is given (MAINT-1). Advises when the
 * acute course is not in sustained remission on its own series, each instrument on its own, or has no ratings to
 * show it (MAINT-2), and asks for the reason when maintenance psychotherapy is to stand alone without one (MAINT-3;
 * a reason is recorded, never required). The acute course's open safety flags are carried into the new course,
 * each with a `safety-flag-carried` advisory, and stay open there until a safety review (MEAS-2, MEAS-6,
 * ipt-reference §8a). Never throws; invalid input gives issues.
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
