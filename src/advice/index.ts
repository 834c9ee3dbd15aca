/**
 * The advice a supervisor would give as a course goes on, apart from the lifecycle's own checks: once when a state
 * begins (an initial phase that overruns, termination due, repeated missed sessions, a rating in the range of an
 * episode during maintenance), at the event it is about (a week without its phone contact, a course completed
 * without response or remission), never repeated on every later event. Safety flags are not here: they repeat
 * until reviewed (MEAS-2, in ../course/apply.ts).
 */

import { checkIssue } from '../course/rules.js'
import type { Course, CourseEvent } from '../course/schema.js'
import type { Issue } from '../issues/index.js'
import { counted, numbered } from '../issues/words.js'
import { describeSeries, instrumentName, seriesOf, seriesParams } from '../pathway/series.js'
import type { Protocol } from '../protocol/index.js'

/** The design defaults of SCHED-7: missed sessions that call for an engagement and risk check. */
const attendanceDefaults = { missedInARow: 2, missedInAll: 3 } as const

/** Whether the acute course is in the initial phase past its maximum (PHASE-3). */
function overrun(course: Course): boolean {
  const { schedule } = course.protocol
  return (
    schedule.type === 'acute' &&
    course.phase === 'initial' &&
    course.counts.sessionsHeld > schedule.phases.initialMaxSessions
  )
}

/** The contracted sessions left when they have reached the termination length before termination began (PHASE-5). */
function terminationDue(course: Course): number | undefined {
  const { schedule } = course.protocol
  if (schedule.type !== 'acute' || !course.contract || (course.phase !== 'initial' && course.phase !== 'middle')) return
  const left = course.contract.sessions - course.counts.sessionsHeld
  return left <= schedule.phases.terminationSessions ? left : undefined
}

/** Whether the protocol's data involve a parent: in its sessions or extra contacts (SCHED-7: contact the parent). */
function involvesParent(protocol: Protocol): boolean {
  const { schedule } = protocol
  return [
    schedule.participants,
    ...schedule.participantsBySession.map((entry) => entry.participants),
    ...schedule.extraContacts.map((extra) => extra.participants),
  ].some((participants) => participants.includes('parent'))
}

/**
 * Repeated missed sessions (SCHED-7): the run of `session-missed` since the last `session-held` reaching the
 * protocol's threshold, or all missed sessions reaching the other. Each is advised when it is reached, once.
 */
function missedSessions(previous: Course, course: Course): Issue[] {
  const { missedInARow, missedInAll } = course.protocol.monitoring.attendance ?? attendanceDefaults
  // The run, counted back to the last held session; no further than one past the threshold is needed.
  let run = 1
  for (let index = previous.events.length - 1; index >= 0 && run <= missedInARow; index--) {
    const type = previous.events[index]?.type
    if (type === 'session-held') break
    if (type === 'session-missed') run++
  }
  const total = course.counts.sessionsMissed
  if (run !== missedInARow && total !== missedInAll) return []
  const what =
    run === missedInARow ? `${counted(run, 'session')} missed in a row` : `${counted(total, 'session')} missed in all`
  const parent = involvesParent(course.protocol) ? ', and contact the parent' : ''
  return [
    checkIssue(
      'missed-sessions',
      `${what}: non-attendance is a clinical signal; check engagement and risk${parent} (SCHED-7)`,
      { params: { inARow: run, inAll: total, missedInARow, missedInAll, contactParent: parent !== '' } },
    ),
  ]
}

/** A held session after one the protocol places a phone contact after, with no phone contact between (IPTA-1). */
function phoneContactMissing(previous: Course, course: Course): Issue[] {
  const extra = course.protocol.schedule.extraContacts.find(
    (contact) => contact.kind === 'phone-contact' && contact.placement.type === 'after-sessions',
  )
  if (extra?.placement.type !== 'after-sessions') return []
  const after = course.counts.sessionsHeld - 1
  const { fromSession, toSession } = extra.placement
  if (after < fromSession || after > toSession) return []
  for (let index = previous.events.length - 1; index >= 0; index--) {
    const type = previous.events[index]?.type
    if (type === 'phone-contact-held') return []
    if (type === 'session-held') break
  }
  return [
    checkIssue(
      'phone-contact-missing',
      `No phone contact was recorded between sessions ${after} and ${after + 1}: ${course.protocol.id} plans one after each of ${numbered('session', fromSession, toSession)}; hold it, or note why not`,
      { params: { afterSession: after, fromSession, toSession }, rule: extra.rule },
    ),
  ]
}

/**
 * A rating in the range of a depressive episode during a course that watches for recurrence (MAINT-7), when the
 * instrument's rating before it was below that range (or there was none).
 */
function recurrenceWatch(course: Course, event: Extract<CourseEvent, { type: 'measure-recorded' }>): Issue[] {
  const from = course.protocol.monitoring.episodeRange?.[event.instrument]
  const measure = course.measures.at(-1)
  if (from === undefined || !measure || measure.total < from) return []
  for (let index = course.measures.length - 2; index >= 0; index--) {
    const before = course.measures[index]
    if (before?.instrument !== event.instrument) continue
    if (before.total >= from) return []
    break
  }
  const name = instrumentName[event.instrument]
  return [
    checkIssue(
      'recurrence-assessment',
      `${name} ${measure.total} is in the range of a depressive episode (${name} ≥ ${from}): assess for recurrence. If the clinician confirms it, record recurrence-detected; a recurrence calls for a new acute course and/or medication (MAINT-4), which startNextCourse starts`,
      { params: { instrument: event.instrument, total: measure.total, from } },
    ),
  ]
}

/** An acute course completed without response or not in remission: another effective treatment (PHASE-7). */
function completedUnimproved(course: Course): Issue[] {
  if (course.protocol.schedule.type !== 'acute') return []
  const series = seriesOf(course)
  if (series.length && series.every((one) => one.remission)) return []
  const responded = series.some((one) => one.response)
  const how = !series.length
    ? 'with no ratings to show a response'
    : `${responded ? 'with a response but not in remission' : 'without a response'}: ${series.map(describeSeries).join('; ')}`
  return [
    checkIssue(
      'another-treatment-advised',
      `The acute course was completed ${how}. Patients who have not improved in acute IPT should be offered another effective treatment (e.g. medication, another psychotherapy, or intensified treatment): the clinician decides (PHASE-7)`,
      {
        params: {
          ratings: series.reduce((sum, one) => sum + one.ratings, 0),
          response: responded,
          series: series.map(seriesParams),
        },
      },
    ),
  ]
}

/**
 * The advice an accepted event adds to the lifecycle's own (see the module comment): called by `step` with the
 * course before and after the event, before the event joins the log.
 */
export function eventAdvice(previous: Course, course: Course, event: CourseEvent): Issue[] {
  const advisories: Issue[] = []
  const { schedule } = course.protocol
  if (overrun(course) && !overrun(previous) && schedule.type === 'acute') {
    const { initialMaxSessions } = schedule.phases
    advisories.push(
      checkIssue(
        'initial-phase-overrun',
        `Session ${course.counts.sessionsHeld} is past the initial phase's maximum of ${initialMaxSessions}`,
        { params: { session: course.counts.sessionsHeld, initialMaxSessions } },
      ),
    )
  }
  const left = terminationDue(course)
  if (left !== undefined && terminationDue(previous) === undefined && schedule.type === 'acute') {
    advisories.push(
      checkIssue(
        'termination-due',
        `${counted(left, 'contracted session')} ${left === 1 ? 'is' : 'are'} left: termination should begin`,
        {
          params: { left, terminationSessions: schedule.phases.terminationSessions },
        },
      ),
    )
  }
  if (event.type === 'session-missed') advisories.push(...missedSessions(previous, course))
  if (event.type === 'session-held') advisories.push(...phoneContactMissing(previous, course))
  if (event.type === 'measure-recorded') advisories.push(...recurrenceWatch(course, event))
  if (event.type === 'course-completed') advisories.push(...completedUnimproved(course))
  return advisories
}
