/**
 * The worker of examples/simulate/run.ts: simulates one shard (an index range) of a comparison and returns its
 * tallies, plain JSON that crosses the thread boundary and merges exactly with the other shards'.
 */
import { protocols } from '../../src/index.js'
import { compareVariants, type VariantComparison } from '../../src/research/index.js'
import { ipt12, runOptions } from './shared.js'

export default function shard(range: { from: number; to: number }): VariantComparison {
  return compareVariants([protocols.ipt, ipt12], { ...runOptions, range })
}
