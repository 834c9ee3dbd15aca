import type { SimulationOptions } from '../src/research/index.js'

/** The benchmark cohort: IPT (16 sessions), a year of start dates, New York, the default attendance model. */
export const SIMULATION: Omit<SimulationOptions, 'patients' | 'range'> = {
  seed: 17,
  start: { from: '2027-01-04', to: '2027-12-27' },
  timeZone: 'America/New_York',
}
