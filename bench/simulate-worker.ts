/** A bench worker: simulates the IPT courses of one index range and returns how many events they had. */
import { protocols } from '../src/index.js'
import { simulateCohort } from '../src/research/index.js'
import { SIMULATION } from './simulate-options.js'

export default function shard(range: { from: number; to: number }): number {
  let events = 0
  for (const course of simulateCohort(protocols.ipt, { ...SIMULATION, range })) events += course.events.length
  return events
}
