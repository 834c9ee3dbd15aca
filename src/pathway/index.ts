/**
 * The care pathway (ipt-reference §6): acute treatment, continuation (MAINT-6), maintenance (MAINT-1), and a new
 * acute course after a recurrence (MAINT-4), each a course of its own, linked both ways.
 */

import * as z from 'zod/mini'
import { createCourse, handOn, pendingOf, safetyPending } from '../course/apply.js'
import { checkIssue } from '../course/rules.js'
import { type Course, CourseSchema, MonotherapyReasonSchema } from '../course/schema.js'
import { type Issue, issuesOf, safeParseWith } from '../issues/index.js'
import { counted } from '../issues/words.js'
import { type CourseKind, type Protocol, ProtocolSchema } from '../protocol/index.js'
import { checkProtocol } from '../protocol/trusted.js'
import { PlanOptionsSchema, safePlanCourse } from '../schedule/index.js'
import { describeSeries, instrumentName, longestInterval, seriesOf, seriesParams } from './series.js'

/**
 * Options of {@link startNextCourse}: the new course's `id`; optionally its `plan` (the options of `planCourse`;
 * without it the course has no plan yet); and for a continuation or maintenance course whether it is combined with
 * medication and, if not, why (`monotherapyReason`, MAINT-3).
 *
 * @example
 * ```ts
 * const options: NextCourseOptions = { id: 'c-1', combinedWithMedication: false, monotherapyReason: 'remitted-on-ipt-alone',
 *   plan: { start: '2027-05-03', time: '10:00', timeZone: 'America/New_York' } }
 * ```
 */
export type NextCourseOptions = z.input<typeof NextCourseOptionsSchema>

/**
 * The schema of {@link NextCourseOptions}.
 *
 * @example
 * ```ts
 * NextCourseOptionsSchema.parse({ id: 'acute-2', plan: { start: '2028-06-05', time: '10:00', timeZone: 'UTC' } })
 * ```
 */
export const NextCourseOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.string().check(z.minLength(1)).check(z.maxLength(200)),
    plan: z.optional(PlanOptionsSchema),
    combinedWithMedication: z.optional(z.boolean()),
    monotherapyReason: z.optional(MonotherapyReasonSchema),
  }))()

/**
 * The result of {@link startNextCourse}: the new course, the course it follows with its link to the new one
 * (`previous.nextCourseId`; store both), and the advisories; or the issues that refused the hand-off, with the open
 * safety flags of the course handed on (they are never lost, ipt-reference §8a).
 *
 * @example
 * ```ts
 * const result: HandOffResult = startNextCourse(acute, protocols['ipt-continuation'], { id: 'c-1' })
 * if (result.ok) store(result.previous, result.course)
 * ```
 */
export type HandOffResult =
  | {
      /** The hand-off was made. */
      ok: true
      /** The new course, linked to the one before (`linkedCourseId`), with the open flags carried into it. */
      course: Course
      /** The course handed on, with its link to the new one (`nextCourseId`): store it in place of the old record. */
      previous: Course
      /** The advice: carried flags, entry criteria not met, a reason to record (MAINT-3). */
      advisories: Issue[]
    }
  | {
      /** The hand-off was refused. */
      ok: false
      /** Why: each issue with its code, path and rule. */
      issues: Issue[]
      /** The open safety flags of the course handed on, repeated (ipt-reference §8a). */
      advisories: Issue[]
    }

const ended = (course: Course) => course.phase === 'completed' || course.phase === 'discontinued'

/** The kind of a course: the type of its protocol's schedule. */
const kindOf = (course: Course): CourseKind => course.protocol.schedule.type

/** Whether a course records a recurrence: `recurrence-detected`, or a rating in its protocol's episode range (MAINT-7). */
function showsRecurrence(course: Course): boolean {
  const range = course.protocol.monitoring.episodeRange ?? {}
  return (
    course.events.some((event) => event.type === 'recurrence-detected') ||
    course.measures.some((measure) => {
      const from = range[measure.instrument]
      return from !== undefined && measure.total >= from
    })
  )
}

/** The advisories of the next protocol's entry criteria, checked on the course handed on (never a refusal). */
function entryAdvice(previous: Course, protocol: Protocol): Issue[] {
  const { entry } = protocol
  if (!entry) return []
  const advisories: Issue[] = []
  const kind = kindOf(previous)
  if (!entry.after.includes(kind)) {
    advisories.push(
      checkIssue(
        'pathway-order',
        `${protocol.id} follows ${entry.after.join(' or ')} courses; ${previous.id} is a${kind === 'acute' ? 'n' : ''} ${kind} course`,
        { params: { kind, after: entry.after } },
      ),
    )
  }
  if (entry.remission) {
    const { ratings, thresholds } = entry.remission
    const maxGapDays = entry.remission.maxGapDays ?? longestInterval(previous.protocol.schedule) + 3
    const series = seriesOf(previous, { maxGapDays, thresholds })
    const remitted = series.every((one) => one.remission)
    const sustained = series.some((one) => one.run >= ratings)
    const what =
      ratings > 1 ? `sustained remission (${counted(ratings, 'consecutive rating')} in remission)` : 'remission'
    if (!series.length) {
      advisories.push(
        checkIssue(
          'remission-not-assessed',
          `${previous.id} has no ratings: ${what}, which ${protocol.id} follows, could not be checked`,
          { params: { ratings } },
        ),
      )
    } else if (!remitted || !sustained) {
      const worst = series.find((one) => !one.remission) ?? series.reduce((a, b) => (b.run > a.run ? b : a))
      const held = remitted ? `; remission held for ${worst.run} of ${counted(ratings, 'rating')}` : ''
      advisories.push(
        checkIssue(
          'not-in-remission',
          `${previous.id} is not in ${what} on its own series, each instrument on its own: ${series.map(describeSeries).join('; ')}${held}. ${protocol.id} follows remission; a clinician would consider intensifying or changing the acute treatment instead (MAINT-2)`,
          {
            params: {
              instrument: worst.instrument,
              latest: worst.latest,
              sustainedRatings: worst.run,
              ratings,
              series: series.map(seriesParams),
            },
          },
        ),
      )
    }
  }
  if (entry.recurrence) {
    if (!ended(previous)) {
      advisories.push(
        checkIssue(
          'previous-course-open',
          `${previous.id} is still in ${previous.phase}: record recurrence-detected there (MAINT-4) to end it`,
          { params: { phase: previous.phase } },
        ),
      )
    }
    if (!showsRecurrence(previous)) {
      const range = Object.entries(previous.protocol.monitoring.episodeRange ?? {})
        .map(([instrument, from]) => `${instrumentName[instrument as keyof typeof instrumentName]} ≥ ${from}`)
        .join(', ')
      advisories.push(
        checkIssue(
          'recurrence-not-recorded',
          `${protocol.id} follows a recurrence, and ${previous.id} records none (no recurrence-detected${range ? `, no rating with ${range}` : ''}): a new acute course is what a recurrence calls for (MAINT-4)`,
        ),
      )
    }
  }
  return advisories
}

/** The MAINT-3 advisory: maintenance psychotherapy not recorded as combined with medication, and no reason given. */
function monotherapyAdvice(
  protocol: Protocol,
  combinedWithMedication: boolean | undefined,
  monotherapyReason: string | undefined,
): Issue[] {
  if (!protocol.rules.includes('MAINT-3') || combinedWithMedication === true || monotherapyReason) return []
  const recorded =
    combinedWithMedication === undefined
      ? 'Whether maintenance IPT is combined with medication is not recorded'
      : 'Maintenance IPT is recorded without medication'
  return [
    checkIssue(
      'monotherapy-without-reason',
      `${recorded}: please record the reason it stands alone (e.g. remitted on IPT alone, patient preference, pregnancy, medication side effects, a medical contraindication). MAINT-3 asks that a reason be recorded; it is not a condition for maintenance`,
      { params: { combinedWithMedication: combinedWithMedication ?? null } },
    ),
  ]
}

/**
 * Starts the next course of a care pathway from the course before it: continuation after acute treatment
 * (MAINT-6), maintenance after acute or continuation treatment (MAINT-1), or a new acute course after a
 * recurrence (MAINT-4). The course handed on is completed or discontinued, or, when `protocol` follows a
 * recurrence (`entry.recurrence`), an ongoing continuation or maintenance course (then it is advised to record
 * `recurrence-detected` there). The courses are linked both ways (`course.linkedCourseId`,
 * `previous.nextCourseId`), and the open safety flags of the course handed on are carried into the new one, each
 * with a `safety-flag-carried` advisory, open there until a safety review (ipt-reference §8a).
 *
 * The next protocol's entry criteria (`protocol.entry`) are checked and advised, never enforced: the kind of
 * course it follows (`pathway-order`); remission judged on the previous course's own series, each instrument on
 * its own, a positive suicide item never being remission (`not-in-remission`, `remission-not-assessed`, MAINT-2;
 * IPT-M asks for sustained remission, HAM-D-17 ≤ 7 on 3 consecutive weekly ratings); a recurrence
 * (`recurrence-not-recorded`, MAINT-4). For a maintenance protocol, maintenance IPT not recorded as combined with
 * medication and without a reason asks for the reason (`monotherapy-without-reason`, MAINT-3). Refused: a course
 * not ended (`previous-not-ended`), one already handed on or the same id (`already-handed-on`), an invalid course,
 * protocol, options or plan. Never throws.
 *
 * @example
 * ```ts
 * const next = startNextCourse(acuteCourse, protocols['ipt-continuation'], {
 *   id: 'continuation-1',
 *   combinedWithMedication: true,
 *   plan: { start: '2027-05-03', time: '10:00', timeZone: 'America/New_York' },
 * })
 * if (next.ok) next.course.linkedCourseId // 'acute-1'; next.previous.nextCourseId // 'continuation-1'
 * ```
 */
export function startNextCourse(previous: Course, protocol: Protocol, options: NextCourseOptions): HandOffResult {
  const checked = safeParseWith(CourseSchema, previous, ['previous'])
  const checkedProtocol = checkProtocol(ProtocolSchema, protocol)
  const checkedOptions = safeParseWith(NextCourseOptionsSchema, options)
  if (!checked.success || !checkedProtocol.success || !checkedOptions.success) {
    const advisories = checked.success ? safetyPending(checked.data) : pendingOf(previous)
    return {
      ok: false,
      issues: issuesOf(checked, checkedProtocol, checkedOptions),
      advisories,
    }
  }
  const before = checked.data
  const next = checkedProtocol.data
  const { id, combinedWithMedication, monotherapyReason } = checkedOptions.data
  const issues: Issue[] = []
  const recurrence = next.entry?.recurrence === true
  if (!ended(before) && !(recurrence && (before.phase === 'maintenance' || before.phase === 'continuation'))) {
    issues.push(
      checkIssue(
        'previous-not-ended',
        `${before.id} is in ${before.phase}: the next course follows a completed or discontinued course (or, after a recurrence, an ongoing continuation or maintenance course)`,
        { params: { phase: before.phase } },
      ),
    )
  }
  if (before.nextCourseId !== undefined || before.id === id) {
    issues.push(
      checkIssue(
        'already-handed-on',
        before.id === id
          ? `The next course needs an id of its own, not ${id}`
          : `${before.id} was already handed on to ${before.nextCourseId}`,
        { path: before.id === id ? ['id'] : [], params: { next: before.nextCourseId ?? id } },
      ),
    )
  }
  const medication = combinedWithMedication !== undefined || monotherapyReason !== undefined
  if (medication && next.schedule.type === 'acute') {
    issues.push(
      checkIssue(
        'option-not-applicable',
        `${next.id} is acute: medication is recorded for a continuation or maintenance course`,
        {
          path: [combinedWithMedication !== undefined ? 'combinedWithMedication' : 'monotherapyReason'],
        },
      ),
    )
  }
  const plan = checkedOptions.data.plan ? safePlanCourse(next, checkedOptions.data.plan) : undefined
  issues.push(...(plan ? issuesOf(plan).map((issue) => ({ ...issue, path: ['plan', ...(issue.path ?? [])] })) : []))
  // Refused or not, the open flags of the course handed on are repeated (ipt-reference §8a).
  if (issues.length) return { ok: false, issues, advisories: safetyPending(before) }
  const handedOn = handOn(before, {
    ...createCourse(next, { id, ...(plan?.success ? { plan: plan.data } : {}) }),
    ...(medication
      ? {
          maintenance: {
            combinedWithMedication: combinedWithMedication ?? false,
            ...(monotherapyReason ? { monotherapyReason } : {}),
          },
        }
      : {}),
  })
  return {
    ok: true,
    course: handedOn.course,
    previous: { ...before, nextCourseId: id },
    advisories: [
      ...handedOn.advisories,
      ...entryAdvice(before, next),
      ...monotherapyAdvice(next, combinedWithMedication, monotherapyReason),
    ],
  }
}
