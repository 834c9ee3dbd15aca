/**
 * ipt-protocol/research: tools for researchers and supervisors. A course's structural fidelity and dose, read from
 * its record (`assessFidelity`); many courses summarised by group in one streaming pass (`summarizeFidelity`,
 * mergeable with `mergeFidelitySummaries`); the dose items a trial paper reports (`reportDose`, as JSON and
 * Markdown); and an SVG chart of the indicators by group (`renderFidelityChart`). A summary as a FHIR
 * `MeasureReport` is in `ipt-protocol/fhir`.
 *
 * @packageDocumentation
 */

export {
  type FidelityChartOptions,
  FidelityChartOptionsSchema,
  renderFidelityChart,
  safeRenderFidelityChart,
} from './chart.js'
export {
  type ArmRow,
  type ArmTally,
  type ComparisonChartOptions,
  type ComparisonOptions,
  type ComparisonTable,
  compareVariants,
  comparisonToMarkdown,
  type Difference,
  type Histogram,
  mergeComparisons,
  type Quartiles,
  renderComparisonChart,
  safeCompareVariants,
  type VariantComparison,
} from './compare.js'
export { type Described, type DoseReport, reportDose, reportDoseAsMarkdown } from './dose.js'
export {
  type Adherence,
  assessFidelity,
  type DoseDelivered,
  type FidelityIndicator,
  type FidelityOptions,
  FidelityOptionsSchema,
  type FidelityReport,
  safeAssessFidelity,
} from './fidelity.js'
export {
  type FidelityDomain,
  fidelityIndicators,
  type IndicatorDefinition,
  type IndicatorId,
  type IndicatorStatus,
  indicatorIds,
} from './indicators.js'
export {
  type AttendanceModel,
  type MeasureContext,
  type SimulatedRating,
  type SimulationDefault,
  type SimulationOptions,
  SimulationOptionsSchema,
  safeSimulateCohort,
  simulateCohort,
  simulationDefaults,
} from './simulate.js'
export {
  type FidelitySummary,
  FidelitySummarySchema,
  type GroupSummary,
  type IndicatorTally,
  mergeFidelitySummaries,
  type Stat,
  type SummaryOptions,
  safeSummarizeFidelity,
  summarizeFidelity,
} from './summary.js'
