/** What every shard of examples/simulate/run.ts shares: the arms and the options of the run. */
import { defineProtocol } from '../../src/index.js'
import type { ComparisonOptions } from '../../src/research/index.js'

export const ipt12 = defineProtocol({
  extends: 'ipt',
  id: 'ipt-12',
  name: 'IPT, 12 sessions',
  version: '1.0.0',
  description: 'IPT contracted for 12 weekly sessions',
  schedule: { sessions: { min: 12, default: 12, max: 12 } },
})

/** The run without its patients: each shard adds its own index range. */
export const runOptions: Omit<ComparisonOptions, 'patients' | 'range'> = {
  seed: 17,
  start: { from: '2027-01-04', to: '2027-12-27' },
  timeZone: 'Europe/London',
  replications: 2,
}
