/**
 * Courses stored before issue 13 (course schemaVersion 2, recorded by the library at commit 553de71 in
 * test/fixtures/courses-v2.json) are read by parseCourse and keep their meaning: the same events give the same
 * advisories and the same phase and counts as they did then, under the protocol snapshot each course was stored
 * with, not under today's built-ins.
 */
import { readFileSync } from 'node:fs'
import {
  applyEvent,
  type Course,
  type CourseEvent,
  type CoursePlan,
  createCourse,
  parseCourse,
  protocols,
  replay,
  safeParseCourse,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { deepFreeze, on, storedAsVersion2, walk } from './support/course.js'

interface Fixture {
  note: string
  course: Record<string, unknown> & { protocol: Record<string, unknown> & { rules: string[] } }
  next: CourseEvent[]
  advisories: string[][]
  after: { phase: string; counts: Record<string, number> }
}

const { _about: _, ...fixtures } = JSON.parse(
  readFileSync(new URL('./fixtures/courses-v2.json', import.meta.url), 'utf8'),
) as Record<string, Fixture>

/**
 * Advice added after the fixtures were recorded, which the same events now give too (issue 14: no contract when
 * the initial phase's sessions are used up); the rest must be what it was.
 */
const adviceSince = ['contract-missing']

/** The events applied one by one, with the advisories (code:rule) each gave. */
function follow(course: Course, events: CourseEvent[]) {
  const advisories: string[][] = []
  let current = course
  for (const event of events) {
    const result = applyEvent(current, event)
    advisories.push(
      result.advisories.filter((a) => !adviceSince.includes(a.code)).map((a) => `${a.code}:${a.rule ?? ''}`),
    )
    if (result.ok) current = result.course
    else advisories.push(result.issues.map((i) => `refused ${i.code}:${i.rule ?? ''}`))
  }
  return { advisories, phase: current.phase, counts: current.counts }
}

describe('a course stored with schemaVersion 2 (issue 13)', () => {
  it.each(Object.entries(fixtures))('%s is read and keeps its meaning', (_name, fixture) => {
    const stored = deepFreeze(structuredClone(fixture.course))
    const course = parseCourse(JSON.stringify(stored))
    expect(course.schemaVersion).toBe(4)
    expect(parseCourse(stored)).toEqual(course)
    // What happened is kept: phase, agreements, counts, measures, flags and the log.
    for (const key of ['id', 'phase', 'problemAreas', 'contract', 'measures', 'safety', 'events', 'linkedCourseId']) {
      expect(course[key as keyof Course], key).toEqual(stored[key])
    }
    for (const [key, value] of Object.entries(stored.counts as Record<string, number>)) {
      expect(course.counts[key as keyof Course['counts']]).toBe(value)
    }
    // The snapshot's schedule, areas and population are the stored ones, not today's built-in's.
    for (const key of ['schedule', 'problemAreas', 'population', 'version', 'description']) {
      expect(course.protocol[key as keyof Course['protocol']], key).toEqual(stored.protocol[key])
    }
    // The same events give the same advisories, phase and counts as they did.
    const followed = follow(course, fixture.next)
    expect(followed.advisories).toEqual(fixture.advisories)
    expect(followed.phase).toBe(fixture.after.phase)
    expect(followed.counts).toMatchObject(fixture.after.counts)
  })

  it('keeps the readiness rules it listed, and lists the rules its own data apply', () => {
    const group = parseCourse(fixtures['ipt-group-initial']?.course)
    // The stored group snapshot listed SCHED-1 (12–16 sessions), which its 8–10 sessions contradict.
    expect(fixtures['ipt-group-initial']?.course.protocol.rules).toContain('SCHED-1')
    expect(group.protocol.rules).not.toContain('SCHED-1')
    expect(group.protocol.rules).toEqual(expect.arrayContaining(['READY-2', 'READY-3', 'READY-4', 'MAINT-5']))
    const teen = parseCourse(fixtures['ipt-a-initial']?.course)
    expect(teen.protocol.rules).toEqual(expect.arrayContaining(['READY-5', 'IPTA-1', 'IPTA-2', 'IPTA-3']))
  })

  it('keeps its review point: session 8 as stored, not half the contract (MEAS-5)', () => {
    const brief = parseCourse(fixtures['ipt-b-middle']?.course)
    expect(brief.protocol.monitoring.review).toEqual({ share: 0, minSessions: 8 })
    expect(brief.protocol.rules).toContain('MEAS-5')
    const maintenance = parseCourse(fixtures['ipt-m-flag']?.course)
    expect(maintenance.protocol.monitoring.review).toBeUndefined()
    expect(maintenance.protocol.rules).not.toContain('MEAS-5')
  })

  it('records its inventory as an initial task, advises no task version 2 did not, and counts sessions since a rating', () => {
    const teen = parseCourse(fixtures['ipt-a-initial']?.course)
    expect(teen.initialTasks).toEqual({ inventory: fixtures['ipt-a-initial']?.course.inventoryCompletedAt })
    expect(teen.protocol.initialTasks).toEqual({ required: ['inventory'], advised: [] })
    expect(teen.protocol.monitoring.ratingEverySessions).toBeUndefined()
    expect(teen.counts.sessionsSinceRating).toBe(1)
    // The brief course was rated after its third session: none since.
    expect(parseCourse(fixtures['ipt-b-middle']?.course).counts.sessionsSinceRating).toBe(0)
    expect(parseCourse(fixtures['ipt-group-initial']?.course).counts.sessionsSinceRating).toBe(2)
  })

  it('a course of today, stored the way version 2 stored it, reads back as it is', () => {
    const today = walk(createCourse(protocols['ipt-a'], { id: 't' }), [
      { type: 'inventory-completed', at: on(0) },
      { type: 'session-held', at: on(1), participants: ['patient', 'parent'], checks: ['suicidality'] },
    ]).course
    const migrated = parseCourse(storedAsVersion2(today))
    expect(migrated.initialTasks).toEqual(today.initialTasks)
    expect(migrated.counts).toEqual(today.counts)
    expect(migrated.events).toEqual(today.events)
  })

  it('keeps its open safety flags and repeats them (ipt-reference §8a)', () => {
    const maintenance = parseCourse(fixtures['ipt-m-flag']?.course)
    expect(maintenance.safety.open).toHaveLength(1)
    expect(maintenance.safety.open[0]).toMatchObject({ instrument: 'phq-9', item: 9, courseId: 'acute-1' })
    const result = applyEvent(maintenance, { type: 'session-held', at: '2027-04-15T10:50:00-04:00' })
    expect(result.advisories.map((a) => a.code)).toContain('safety-review-pending')
  })

  it('is refused with the issues of its broken part, never thrown at', () => {
    const broken = structuredClone(fixtures['ipt-b-middle']?.course) as Record<string, unknown>
    broken.protocol = { ...(broken.protocol as object), schedule: 'weekly' }
    const result = safeParseCourse(broken)
    expect(result.success).toBe(false)
    expect(result.success ? [] : result.issues.map((issue) => issue.path?.slice(0, 2))).toContainEqual([
      'protocol',
      'schedule',
    ])
  })
})

describe('a course stored with schemaVersion 3 (issue 14: the plan follows the events)', () => {
  const v3 = JSON.parse(readFileSync(new URL('./fixtures/courses-v3.json', import.meta.url), 'utf8')) as Record<
    string,
    { course: Record<string, unknown> & { plan: CoursePlan; events: CourseEvent[] } }
  >
  const read = (name: string) => {
    const stored = deepFreeze(structuredClone(v3[name]?.course)) as Record<string, unknown>
    const course = parseCourse(JSON.stringify(stored))
    expect(course.schemaVersion).toBe(4)
    expect(parseCourse(stored)).toEqual(course)
    return { stored: stored as (typeof v3)[string]['course'], course }
  }
  const statuses = (plan: CoursePlan | undefined) =>
    Object.fromEntries((plan?.contacts ?? []).map((contact) => [contact.id, contact.status]))

  it('brings the log into a plan that never followed it: held contacts, a moved miss, the contract’s sessions', () => {
    const { stored, course } = read('missed-unsynced')
    // What happened is kept.
    for (const key of ['phase', 'counts', 'contract', 'problemAreas', 'safety', 'measures'] as const) {
      expect(course[key], key).toEqual(stored[key])
    }
    expect(stored.plan.sessions).toBe(12)
    expect(course.plan?.sessions).toBe(16)
    expect(statuses(course.plan)).toMatchObject({
      'session-2027-04-05': 'held',
      'session-2027-04-12': 'held',
      'session-2027-04-19': 'held',
      'session-2027-04-26': 'missed',
      'session-2027-05-03': 'held',
    })
    const counting = course.plan?.contacts.filter(
      (contact) => contact.status === 'planned' || contact.status === 'held',
    )
    expect(counting).toHaveLength(16)
    expect(counting?.at(-1)?.start).toBe('2027-07-26T10:00:00-04:00')
    // Each contact event names the contact it filled; the other events are as stored.
    expect(course.events.map((event) => ('contactId' in event ? event.contactId : undefined))).toEqual([
      'session-2027-04-05',
      'session-2027-04-12',
      undefined,
      undefined,
      'session-2027-04-19',
      undefined,
      'session-2027-04-26',
      'session-2027-05-03',
    ])
    // A replay of the stored log on the stored plan (which never moved), under the course's snapshot, gives the same
    // course.
    const replayed = replay(course.protocol, stored.events, { id: course.id, plan: stored.plan })
    expect(replayed.ok && replayed.course).toEqual(course)
  })

  it('does not move a plan twice for a miss the host already recorded in it by hand', () => {
    const { stored, course } = read('missed-by-hand')
    expect(statuses(stored.plan)['session-2027-04-12']).toBe('missed')
    expect(statuses(course.plan)).toMatchObject({
      'session-2027-04-05': 'held',
      'session-2027-04-12': 'missed',
      'session-2027-04-19': 'held',
      'session-2027-04-26': 'planned',
    })
    expect(course.plan?.contacts.filter((contact) => contact.status === 'missed')).toHaveLength(1)
    expect(course.plan?.contacts.filter((contact) => contact.status !== 'missed')).toHaveLength(12)
  })

  it('records the held phone contact of an IPT-A course, and keeps the next due ones planned', () => {
    const { course } = read('teen')
    expect(statuses(course.plan)).toMatchObject({
      'session-2027-03-01': 'held',
      'phone-contact-2027-03-04': 'held',
      'session-2027-03-08': 'held',
      'phone-contact-2027-03-11': 'planned',
    })
    const next = applyEvent(course, { type: 'phone-contact-held', at: '2027-03-11T16:15:00-05:00' })
    expect(next.ok && next.course.events.at(-1)).toMatchObject({ contactId: 'phone-contact-2027-03-11' })
  })
})
