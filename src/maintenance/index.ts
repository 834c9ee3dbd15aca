import * as z from 'zod/mini'
import { type ApplyResult, handOn, pendingOf, ratingsOf, safetyPending } from '../course/apply.js'
import { createCourse } from '../course/index.js'
import { checkIssue } from '../course/rules.js'
import { type Course, CourseSchema } from '../course/schema.js'
import { type Issue, issuesOf, safeParseWith } from '../issues/index.js'
import { assessProgress } from '../measures/index.js'
import { ProtocolSchema, protocols } from '../protocol/index.js'
import { PlanOptionsSchema, safePlanCourse } from '../schedule/index.js'

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
 * MaintenanceOptionsSchema.parse({ id: 'm-1', combinedWithMedication: false, monotherapyReason: 'pregnancy' })
 * ```
 */
export const MaintenanceOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.string().check(z.minLength(1)).check(z.maxLength(200)),
    combinedWithMedication: z.boolean(),
    monotherapyReason: z.optional(z.enum(['pregnancy', 'medication-side-effects', 'medical-contraindication'])),
    plan: z.optional(
      z.pick(PlanOptionsSchema, { start: true, time: true, timeZone: true, months: true, blackouts: true }),
    ),
    protocol: z.optional(ProtocolSchema),
  }))()

/**
 * Hands a completed acute course over to maintenance: a new IPT-M course linked to it (`linkedCourseId`), with a
 * plan from `planCourse(protocols['ipt-m'], …)` when `plan` is given (MAINT-1). Refused unless the acute course is
 * completed (MAINT-2). Advises when the acute course did not end in remission, or has no ratings to show it
 * (MAINT-2), and when maintenance psychotherapy is to be the only treatment without a stated reason (MAINT-3).
 * The acute course's open safety flags are carried into the new course, each with a `safety-flag-carried`
 * advisory, and stay open there until a safety review (MEAS-2, MEAS-6, ipt-reference §8a). Never throws; invalid
 * input gives issues.
 *
 * @example
 * ```ts
 * const result = startMaintenance(acuteCourse, { id: 'm-1', combinedWithMedication: false })
 * if (result.ok) result.advisories // [{ code: 'monotherapy-without-reason', rule: 'MAINT-3', … }]
 * ```
 */
export function startMaintenance(acuteCourse: Course, options: MaintenanceOptions): ApplyResult {
  const checked = safeParseWith(CourseSchema, acuteCourse, ['acuteCourse'])
  const checkedOptions = safeParseWith(MaintenanceOptionsSchema, options)
  if (!checked.success || !checkedOptions.success) {
    const advisories = checked.success ? safetyPending(checked.data) : pendingOf(acuteCourse)
    return { ok: false, issues: issuesOf(checked, checkedOptions), advisories }
  }
  const acute = checked.data
  const { id, combinedWithMedication, monotherapyReason, protocol = protocols['ipt-m'] } = checkedOptions.data
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
  const plan = checkedOptions.data.plan ? safePlanCourse(protocol, checkedOptions.data.plan) : undefined
  issues.push(...(plan ? issuesOf(plan).map((issue) => ({ ...issue, path: ['plan', ...(issue.path ?? [])] })) : []))
  // Refused or not, the open flags of the acute course are repeated (ipt-reference §8a).
  if (issues.length) return { ok: false, issues, advisories: safetyPending(acute) }
  const handedOn = handOn(acute, {
    ...createCourse(protocol, { id, ...(plan?.success ? { plan: plan.data } : {}) }),
    maintenance: { combinedWithMedication, ...(monotherapyReason ? { monotherapyReason } : {}) },
  })
  const { course } = handedOn
  const advisories: Issue[] = [...handedOn.advisories]
  const progress = assessProgress(ratingsOf(acute))
  if (progress.ratings === 0) {
    advisories.push(
      checkIssue(
        'remission-not-assessed',
        'The acute course has no ratings: remission could not be checked before maintenance',
      ),
    )
  } else if (!progress.remission) {
    advisories.push(
      checkIssue(
        'not-in-remission',
        `The acute course ended at ${progress.latest} on ${progress.instrument}, not in remission: maintenance follows remission`,
        {
          params: { instrument: progress.instrument, latest: progress.latest },
        },
      ),
    )
  }
  if (!combinedWithMedication && !monotherapyReason) {
    advisories.push(
      checkIssue(
        'monotherapy-without-reason',
        'Maintenance psychotherapy alone needs a stated reason: pregnancy, medication side effects or a medical contraindication',
      ),
    )
  }
  return { ok: true, course, advisories }
}
