/**
 * planCourse for a 16-session IPT course plus 36 months of IPT-M (America/New_York, across the March 2027
 * daylight-saving change), against a hand-written date-fns loop (addWeeks/addMonths on TZDate) that produces the
 * same instants, in the same process and run. Prints times and their ratio; the machine is noisy, so compare
 * ratios, not absolute times.
 *
 * Run: npm run bench
 */
import { TZDate } from '@date-fns/tz'
import { addMonths, addWeeks, formatISO } from 'date-fns'
import { Bench } from 'tinybench'
import { planCourse, protocols } from '../src/index.js'

const timeZone = 'America/New_York'
const acute = { start: '2027-02-01', time: '10:00', timeZone }
const maintenance = { start: '2027-06-01', time: '10:00', timeZone }

function withLibrary(): string[] {
  return [...planCourse(protocols.ipt, acute).contacts, ...planCourse(protocols['ipt-m'], maintenance).contacts].map(
    (c) => c.start,
  )
}

function withDateFnsLoop(): string[] {
  const instants: string[] = []
  const first = new TZDate(2027, 1, 1, 10, 0, 0, timeZone)
  for (let week = 0; week < 16; week++) instants.push(formatISO(addWeeks(first, week)))
  const firstMonth = new TZDate(2027, 5, 1, 10, 0, 0, timeZone)
  for (let month = 0; month < 36; month++) instants.push(formatISO(addMonths(firstMonth, month)))
  return instants
}

const expected = withDateFnsLoop()
const actual = withLibrary()
if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error('planCourse and the date-fns loop disagree')
console.log(`Both produce the same ${actual.length} instants (${actual[0]} … ${actual.at(-1)}).`)

const bench = new Bench({ time: 2000, warmupTime: 500 })
bench.add('planCourse: IPT 16 sessions + IPT-M 36 months', withLibrary)
bench.add('date-fns addWeeks/addMonths on TZDate', withDateFnsLoop)
await bench.run()

const mean = (name: string) => {
  const result = bench.tasks.find((task) => task.name === name)?.result
  return result && 'latency' in result ? result.latency.mean : Number.NaN
}
for (const task of bench.tasks) console.log(`${task.name.padEnd(50)} ${mean(task.name).toFixed(3)} ms per course`)
const ratio = mean(bench.tasks[0]?.name ?? '') / mean(bench.tasks[1]?.name ?? '')
console.log(`planCourse / date-fns loop: ${ratio.toFixed(2)}×`)
