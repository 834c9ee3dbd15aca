import type { Frequency, Schedule } from '../protocol/index.js'

/**
 * The frequency of session `number` of a schedule: SCHED-5's early frequency first, and for a continuation schedule
 * the taper step the session falls in (MAINT-6), its last step beyond them.
 */
export function frequencyAt(schedule: Schedule, number: number): Frequency {
  if (schedule.type === 'continuation') {
    let last = 0
    for (const step of schedule.taper) {
      last += step.sessions
      if (number <= last) return step.frequency
    }
    return (schedule.taper.at(-1) ?? schedule.taper[0])?.frequency as Frequency
  }
  const early = schedule.type === 'acute' ? schedule.earlyFrequency : undefined
  return early && number <= early.sessions ? early.frequency : schedule.frequency
}
