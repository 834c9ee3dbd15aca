import { applyEvent, type Course, type CourseEvent, type Issue } from 'ipt-protocol'
import { expect } from 'vitest'

/** An instant `day` days after 1 March 2027 (New York, EST) at `time`. */
export function on(day: number, time = '10:50'): string {
  const date = new Date(Date.UTC(2027, 2, 1 + day)).toISOString().slice(0, 10)
  return `${date}T${time}:00-05:00`
}

/** Every refusal must say what, why and by which rule. */
export function expectExplained(issues: Issue[]): void {
  expect(issues.length).toBeGreaterThan(0)
  for (const issue of issues) {
    expect(issue.code).toMatch(/^[a-z0-9-]+$/)
    expect(issue.message.length).toBeGreaterThan(10)
    expect(issue.rule).toMatch(/^[A-Z]+-\d+$/)
  }
}

/** Applies events that must be accepted; returns the course and the advisory codes of each event. */
export function walk(course: Course, events: CourseEvent[]): { course: Course; advisories: string[][] } {
  const advisories: string[][] = []
  let current = course
  for (const event of events) {
    const result = applyEvent(current, event)
    if (!result.ok) throw new Error(`${event.type} refused: ${JSON.stringify(result.issues)}`)
    current = result.course
    advisories.push(result.advisories.map((advisory) => `${advisory.code}:${advisory.rule ?? ''}`))
  }
  return { course: current, advisories }
}

/** Applies an event that must be refused and returns its issues, each checked to be explained. */
export function refused(course: Course, event: CourseEvent): string[] {
  const result = applyEvent(course, event)
  if (result.ok) throw new Error(`${event.type} was accepted`)
  expectExplained(result.issues)
  return result.issues.map((issue) => `${issue.code}:${issue.rule}`)
}

/** `count` held sessions a week apart, starting `fromDay`. */
export function sessions(count: number, fromDay: number): CourseEvent[] {
  return Array.from({ length: count }, (_, index) => ({ type: 'session-held' as const, at: on(fromDay + 7 * index) }))
}

/** `value`, frozen all the way down (what a host that never mutates its records would pass). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value
}

/**
 * `course` as the library stored it with course schemaVersion 2 (before issue 13): the inventory's time as
 * `inventoryCompletedAt` and no other initial task, no count of sessions since the last rating, and a protocol
 * snapshot with a fixed review session (`monitoring.reviewAfterSessions`, 8) and no initial tasks or rating interval.
 */
export function storedAsVersion2(course: Course): Record<string, unknown> {
  const { initialTasks, counts, protocol, ...rest } = course
  const { sessionsSinceRating: _, ...oldCounts } = counts
  const { initialTasks: _tasks, monitoring, ...oldProtocol } = protocol
  const { review: _review, ratingEverySessions: _every, ...oldMonitoring } = monitoring
  return {
    ...rest,
    schemaVersion: 2,
    protocol: { ...oldProtocol, monitoring: { reviewAfterSessions: 8, ...oldMonitoring } },
    ...(initialTasks.inventory ? { inventoryCompletedAt: initialTasks.inventory } : {}),
    counts: oldCounts,
  }
}
