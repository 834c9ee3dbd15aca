import { daysFrom } from '../calendar/index.js'
import type { Course } from '../course/schema.js'
import { type Instrument, instruments } from '../measures/index.js'
import type { Frequency, InstrumentTotals, Schedule } from '../protocol/index.js'

/**
 * One instrument's series in a course, judged on its own (MAINT-2: never across instruments): its ratings, first
 * and latest totals, the drop in percent, response, remission of the latest rating, and how many consecutive
 * ratings, ending with the latest, are in remission.
 */
export interface InstrumentSeries {
  instrument: Instrument
  ratings: number
  baseline: number
  latest: number
  changePercent: number
  /** A drop of at least 50 % from this instrument's first rating (MEAS-3, MEAS-4), over at least two ratings. */
  response: boolean
  /** The latest total in remission and its suicide item not positive (MAINT-2: a positive item is never remission). */
  remission: boolean
  /** Whether the latest rating's suicide item is above 0. */
  suicideItem: boolean
  /** Consecutive ratings in remission ending with the latest, none with a positive suicide item, within the gap. */
  run: number
}

/** The default highest totals in remission (MEAS-3: HAM-D-17 ≤ 7; MEAS-4: PHQ-9 < 5, a parameter). */
const remissionAt = { 'phq-9': 4, 'hamd-17': 7 } as const

const unitDays = { day: 1, week: 7, month: 31 } as const

const days = (frequency: Frequency) => frequency.every * unitDays[frequency.unit]

/**
 * The longest interval between a schedule's sessions, in days: what "consecutive weekly ratings" mean in that
 * course (a design choice: its sessions' own interval, so a continuation course rated every two weeks counts).
 */
export function longestInterval(schedule: Schedule): number {
  if (schedule.type === 'continuation') return Math.max(...schedule.taper.map((step) => days(step.frequency)))
  if (schedule.type === 'maintenance') return days(schedule.frequency)
  return Math.max(days(schedule.frequency), schedule.earlyFrequency ? days(schedule.earlyFrequency.frequency) : 0)
}

/**
 * The course's series, one per instrument in the order first rated. `maxGapDays` (default: the longest interval of
 * the course's sessions plus 3 days, 10 after weekly sessions, design) bounds the days between two consecutive
 * ratings of a run; `thresholds` replace the default highest totals in remission.
 */
export function seriesOf(
  course: Pick<Course, 'measures' | 'protocol'>,
  options: { maxGapDays?: number | undefined; thresholds?: InstrumentTotals | undefined } = {},
): InstrumentSeries[] {
  const maxGap = options.maxGapDays ?? longestInterval(course.protocol.schedule) + 3
  const byInstrument = new Map<Instrument, Course['measures']>()
  for (const measure of course.measures) {
    const list = byInstrument.get(measure.instrument) ?? []
    list.push(measure)
    byInstrument.set(measure.instrument, list)
  }
  return [...byInstrument].map(([instrument, list]) => {
    const threshold = options.thresholds?.[instrument] ?? remissionAt[instrument]
    const item = instruments[instrument].suicideItem.item
    const positive = (measure: Course['measures'][number]) => ((item === 9 ? measure.item9 : measure.item3) ?? 0) > 0
    const remitted = (measure: Course['measures'][number]) => measure.total <= threshold && !positive(measure)
    let run = 0
    for (let index = list.length - 1; index >= 0; index--) {
      const measure = list[index] as Course['measures'][number]
      const next = list[index + 1]
      if (!remitted(measure)) break
      if (next && daysFrom(measure.at.slice(0, 10), next.at.slice(0, 10)) > maxGap) break
      run++
    }
    const first = list[0] as Course['measures'][number]
    const last = list.at(-1) as Course['measures'][number]
    const changePercent = first.total ? Math.round(((first.total - last.total) / first.total) * 1000) / 10 : 0
    return {
      instrument,
      ratings: list.length,
      baseline: first.total,
      latest: last.total,
      changePercent,
      response: list.length > 1 && changePercent >= 50,
      remission: remitted(last),
      suicideItem: positive(last),
      run,
    }
  })
}

/** The name of an instrument in a message. */
export const instrumentName = { 'phq-9': 'PHQ-9', 'hamd-17': 'HAM-D-17' } as const

/** A series in a message: `HAM-D-17 24 → 16 (4 ratings)`. */
export function describeSeries(series: InstrumentSeries): string {
  const item = series.suicideItem ? `, suicide item ${instruments[series.instrument].suicideItem.item} positive` : ''
  return `${instrumentName[series.instrument]} ${series.baseline} → ${series.latest} (${series.ratings} rating${series.ratings === 1 ? '' : 's'}${item})`
}

/** A series as advisory params: plain data a host can show. */
export function seriesParams(series: InstrumentSeries) {
  const { instrument, ratings, baseline, latest, changePercent, response, remission, suicideItem, run } = series
  return { instrument, ratings, baseline, latest, changePercent, response, remission, suicideItem, run }
}
