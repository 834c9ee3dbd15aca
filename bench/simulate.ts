/**
 * The simulation figures of `npm run bench` (issue 17), in one process: 100,000 IPT courses streamed through
 * simulateCohort on one core, with the heap measured after 10,000 and after 100,000 courses (after a full GC, so
 * flat memory shows as equal figures); then the same workload split over worker threads (tinypool) with 1 and with
 * every core, for the speed-up. Prints one JSON line. Run with `node --expose-gc`: bench/run.ts does.
 *
 *   npx tsx bench/simulate.ts [patients]
 */
import { availableParallelism } from 'node:os'
import { Tinypool } from 'tinypool'
import { protocols } from '../src/index.js'
import { simulateCohort } from '../src/research/index.js'
import { SIMULATION } from './simulate-options.js'

const PATIENTS = Number(process.argv[2] ?? 100_000)
const gc = (globalThis as { gc?: () => void }).gc
const heap = () => {
  gc?.()
  return process.memoryUsage().heapUsed
}

// Warm up (zone data, the first plans), then the timed stream.
for (const _ of simulateCohort(protocols.ipt, { ...SIMULATION, patients: 200 })) void _
const base = heap()
let heapAt10k = 0
let events = 0
let count = 0
const started = performance.now()
for (const course of simulateCohort(protocols.ipt, { ...SIMULATION, patients: PATIENTS })) {
  events += course.events.length
  if (++count === PATIENTS / 10) heapAt10k = heap()
}
const oneCore = (performance.now() - started) / 1000
const heapAtEnd = heap()

async function pooled(threads: number, patients: number): Promise<number> {
  const pool = new Tinypool({
    filename: new URL('./simulate-worker.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
  })
  const shard = 2000
  const ranges = Array.from({ length: Math.ceil(patients / shard) }, (_, k) => ({
    from: k * shard,
    to: Math.min(patients, (k + 1) * shard),
  }))
  // Warm every thread up first (loading tsx and the library is not simulation).
  await Promise.all(Array.from({ length: threads }, () => pool.run({ from: 0, to: 20 })))
  const start = performance.now()
  await Promise.all(ranges.map((range) => pool.run(range)))
  const seconds = (performance.now() - start) / 1000
  await pool.destroy()
  return seconds
}
const threads = availableParallelism()
const workerPatients = Math.min(PATIENTS, 40_000)
const oneThread = await pooled(1, workerPatients)
const allThreads = await pooled(threads, workerPatients)
process.stdout.write(
  JSON.stringify({
    patients: PATIENTS,
    events,
    oneCore,
    heapGrowth10k: heapAt10k - base,
    heapGrowthEnd: heapAtEnd - base,
    workerPatients,
    threads,
    oneThread,
    allThreads,
  }),
)
