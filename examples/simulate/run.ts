/**
 * A cohort split across CPU cores: IPT 16 vs 12 sessions for `PATIENTS` patients, one shard (index range) per task
 * on a pool of worker threads (tinypool), merged exactly with mergeComparisons. The library stays pure: threads,
 * timing and output are the host's (this script's).
 *
 *   npx tsx examples/simulate/run.ts [patients] [threads]
 */
import { availableParallelism } from 'node:os'
import { Tinypool } from 'tinypool'
import { protocols } from '../../src/index.js'
import {
  compareVariants,
  comparisonToMarkdown,
  mergeComparisons,
  type VariantComparison,
} from '../../src/research/index.js'
import { ipt12, runOptions } from './shared.js'

const PATIENTS = Number(process.argv[2] ?? 4000)
const THREADS = Number(process.argv[3] ?? availableParallelism())
const SHARD = 500

const pool = new Tinypool({
  filename: new URL('./worker.mjs', import.meta.url).href,
  minThreads: THREADS,
  maxThreads: THREADS,
})
const ranges = Array.from({ length: Math.ceil(PATIENTS / SHARD) }, (_, k) => ({
  from: k * SHARD,
  to: Math.min(PATIENTS, (k + 1) * SHARD),
}))
const started = performance.now()
const shards: VariantComparison[] = await Promise.all(ranges.map((range) => pool.run(range)))
const merged = mergeComparisons(shards)
const seconds = (performance.now() - started) / 1000
await pool.destroy()

process.stdout.write(comparisonToMarkdown(merged))
process.stdout.write(
  `\n${PATIENTS} patients × 2 arms × 2 replications on ${THREADS} threads: ${seconds.toFixed(1)} s\n`,
)
if (process.argv.includes('--check')) {
  // The merged shards are exactly the run made at once, in this thread.
  const whole = compareVariants([protocols.ipt, ipt12], { ...runOptions, patients: PATIENTS })
  if (JSON.stringify(whole) !== JSON.stringify(merged)) throw new Error('the shards do not merge into the whole run')
  process.stdout.write('checked: the merged shards equal the run made at once\n')
}
