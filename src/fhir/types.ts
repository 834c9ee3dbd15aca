/**
 * The few FHIR R4 data types and resources this entry point writes, declared by hand so that the library needs no
 * FHIR package at run time or in its published declarations. Each is a structural subset of the R4 definition
 * (https://hl7.org/fhir/R4/), so values assign to the full types of a FHIR library such as `@medplum/fhirtypes`.
 */

/**
 * A FHIR `Coding`: a code from a code system.
 *
 * @example
 * ```ts
 * const ipt: Coding = { system: 'http://snomed.info/sct', code: '443730003', display: 'Interpersonal psychotherapy' }
 * ```
 */
export interface Coding {
  system?: string
  code?: string
  display?: string
}

/**
 * A FHIR `CodeableConcept`: codings and/or text.
 *
 * @example
 * ```ts
 * const hamd: CodeableConcept = { text: 'HAM-D-17 total score' }
 * ```
 */
export interface CodeableConcept {
  coding?: Coding[]
  text?: string
}

/**
 * A FHIR `Identifier`.
 *
 * @example
 * ```ts
 * const identifier: Identifier = { system: 'urn:ipt-protocol:protocol', value: 'ipt-a' }
 * ```
 */
export interface Identifier {
  system?: string
  value?: string
}

/**
 * A FHIR `Reference`, e.g. to the patient: `{ reference: 'Patient/123' }`.
 *
 * @example
 * ```ts
 * const patient: Reference = { reference: 'Patient/123', display: 'A. Patient' }
 * ```
 */
export interface Reference {
  reference?: string
  type?: string
  identifier?: Identifier
  display?: string
}

/**
 * A FHIR `Period`; both ends are date-times with an offset.
 *
 * @example
 * ```ts
 * const period: Period = { start: '2027-03-15T10:00:00-04:00', end: '2027-03-15T10:50:00-04:00' }
 * ```
 */
export interface Period {
  start?: string
  end?: string
}

/**
 * A FHIR `Quantity` (also used as `Duration`), with a UCUM unit.
 *
 * @example
 * ```ts
 * const threeDays: Quantity = { value: 3, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' }
 * ```
 */
export interface Quantity {
  value?: number
  unit?: string
  system?: string
  code?: string
}

/**
 * A FHIR `Range` of quantities.
 *
 * @example
 * ```ts
 * const ages: FhirRange = { low: { value: 12, unit: 'a' }, high: { value: 18, unit: 'a' } }
 * ```
 */
export interface FhirRange {
  low?: Quantity
  high?: Quantity
}

/**
 * A FHIR `Timing` with its `repeat` rule: `frequency` events every `period` `periodUnit`, `count` (to `countMax`)
 * times, each lasting `duration` (to `durationMax`) `durationUnit`.
 *
 * @example
 * ```ts
 * const weekly: Timing = { repeat: { count: 12, frequency: 1, period: 1, periodUnit: 'wk', duration: 45, durationUnit: 'min' } }
 * ```
 */
export interface Timing {
  repeat?: {
    boundsRange?: FhirRange
    count?: number
    countMax?: number
    duration?: number
    durationMax?: number
    durationUnit?: 's' | 'min' | 'h' | 'd' | 'wk' | 'mo' | 'a'
    frequency?: number
    period?: number
    periodUnit?: 's' | 'min' | 'h' | 'd' | 'wk' | 'mo' | 'a'
  }
}

/**
 * A FHIR `RelatedArtifact`: a citation or a documentation link.
 *
 * @example
 * ```ts
 * const source: RelatedArtifact = { type: 'citation', citation: 'Mufson (IPT-A manual)' }
 * ```
 */
export interface RelatedArtifact {
  type: 'documentation' | 'justification' | 'citation' | 'predecessor' | 'successor' | 'derived-from' | 'depends-on'
  label?: string
  display?: string
  citation?: string
  /** The canonical URL of the artifact, e.g. the protocol a variant is derived from. */
  resource?: string
}

/**
 * A FHIR `UsageContext`, e.g. the age range a protocol is for.
 *
 * @example
 * ```ts
 * const adolescents: UsageContext = {
 *   code: { system: 'http://terminology.hl7.org/CodeSystem/usage-context-type', code: 'age' },
 *   valueRange: { low: { value: 12, unit: 'a' }, high: { value: 18, unit: 'a' } },
 * }
 * ```
 */
export interface UsageContext {
  code: Coding
  valueRange?: FhirRange
}

/**
 * One action of a {@link PlanDefinition}: what is done (`code`), when (`timingTiming`), by whom (`participant`)
 * and in which order relative to other actions (`relatedAction`).
 *
 * @example
 * ```ts
 * const action: PlanDefinitionAction = { id: 'sessions', title: 'IPT sessions', timingTiming: { repeat: { count: 16 } } }
 * ```
 */
export interface PlanDefinitionAction {
  id?: string
  title?: string
  description?: string
  code?: CodeableConcept[]
  documentation?: RelatedArtifact[]
  relatedAction?: {
    actionId: string
    relationship:
      | 'before-start'
      | 'before'
      | 'before-end'
      | 'concurrent-with-start'
      | 'concurrent'
      | 'concurrent-with-end'
      | 'after-start'
      | 'after'
      | 'after-end'
    offsetDuration?: Quantity
  }[]
  timingTiming?: Timing
  participant?: { type: 'patient' | 'practitioner' | 'related-person' | 'device'; role?: CodeableConcept }[]
}

/**
 * A FHIR R4 `PlanDefinition`: a protocol as a computable definition (see `protocolToPlanDefinition`).
 *
 * @example
 * ```ts
 * const definition: PlanDefinition = { resourceType: 'PlanDefinition', status: 'active' }
 * ```
 */
export interface PlanDefinition {
  resourceType: 'PlanDefinition'
  id?: string
  url?: string
  identifier?: Identifier[]
  version?: string
  name?: string
  title?: string
  type?: CodeableConcept
  status: 'draft' | 'active' | 'retired' | 'unknown'
  description?: string
  useContext?: UsageContext[]
  topic?: CodeableConcept[]
  relatedArtifact?: RelatedArtifact[]
  action?: PlanDefinitionAction[]
}

/**
 * A FHIR R4 `CarePlan`: one patient's course (see `planToFhir`).
 *
 * @example
 * ```ts
 * const plan: CarePlan = { resourceType: 'CarePlan', status: 'active', intent: 'plan', subject: { reference: 'Patient/123' } }
 * ```
 */
export interface CarePlan {
  resourceType: 'CarePlan'
  id?: string
  instantiatesCanonical?: string[]
  status: 'draft' | 'active' | 'on-hold' | 'revoked' | 'completed' | 'entered-in-error' | 'unknown'
  intent: 'proposal' | 'plan' | 'order' | 'option'
  category?: CodeableConcept[]
  title?: string
  description?: string
  subject: Reference
  period?: Period
  activity?: { reference?: Reference; outcomeReference?: Reference[] }[]
}

/**
 * A FHIR R4 `Appointment`: one planned (or missed, or cancelled) contact.
 *
 * @example
 * ```ts
 * const appointment: Appointment = {
 *   resourceType: 'Appointment',
 *   status: 'booked',
 *   start: '2027-03-15T10:00:00-04:00',
 *   end: '2027-03-15T10:50:00-04:00',
 *   participant: [{ actor: { reference: 'Patient/123' }, status: 'accepted' }],
 * }
 * ```
 */
export interface Appointment {
  resourceType: 'Appointment'
  id?: string
  status: 'proposed' | 'pending' | 'booked' | 'arrived' | 'fulfilled' | 'cancelled' | 'noshow' | 'entered-in-error'
  serviceType?: CodeableConcept[]
  description?: string
  start?: string
  end?: string
  minutesDuration?: number
  participant: {
    type?: CodeableConcept[]
    actor?: Reference
    required?: 'required' | 'optional' | 'information-only'
    status: 'accepted' | 'declined' | 'tentative' | 'needs-action'
  }[]
}

/**
 * A FHIR R4 `Encounter`: a contact that took place.
 *
 * @example
 * ```ts
 * const encounter: Encounter = {
 *   resourceType: 'Encounter',
 *   status: 'finished',
 *   class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
 * }
 * ```
 */
export interface Encounter {
  resourceType: 'Encounter'
  id?: string
  status: 'planned' | 'arrived' | 'triaged' | 'in-progress' | 'onleave' | 'finished' | 'cancelled' | 'unknown'
  class: Coding
  type?: CodeableConcept[]
  subject?: Reference
  period?: Period
}

/**
 * A FHIR R4 `Observation`: one score of a measure, or the panel grouping them.
 *
 * @example
 * ```ts
 * const total: Observation = {
 *   resourceType: 'Observation',
 *   status: 'final',
 *   code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
 *   effectiveDateTime: '2027-03-15T10:50:00-04:00',
 *   valueInteger: 12,
 * }
 * ```
 */
export interface Observation {
  resourceType: 'Observation'
  id?: string
  status: 'registered' | 'preliminary' | 'final' | 'amended' | 'corrected' | 'cancelled' | 'unknown'
  category?: CodeableConcept[]
  code: CodeableConcept
  subject?: Reference
  effectiveDateTime?: string
  valueInteger?: number
  hasMember?: Reference[]
}

/**
 * A FHIR R4 `Flag`: an open safety flag of a course (status `active`, category `safety` from the R4 flag-category
 * code system), or one a safety review closed (`inactive`, with `period.end`). See https://hl7.org/fhir/R4/flag.html.
 *
 * @example
 * ```ts
 * const flag: Flag = {
 *   resourceType: 'Flag',
 *   status: 'active',
 *   code: { text: 'PHQ-9 item 9 = 3' },
 *   subject: { reference: 'Patient/123' },
 * }
 * ```
 */
export interface Flag {
  resourceType: 'Flag'
  id?: string
  status: 'active' | 'inactive' | 'entered-in-error'
  category?: CodeableConcept[]
  code: CodeableConcept
  subject: Reference
  period?: Period
}

/**
 * A FHIR R4 `MeasureReport` of type `summary`: a fidelity summary of courses, one group per indicator (populations
 * initial-population, denominator, numerator, denominator-exclusion, denominator-exception; the share met as
 * `measureScore`), stratified by the summary's groups. See https://hl7.org/fhir/R4/measurereport.html.
 *
 * @example
 * ```ts
 * const report: MeasureReport = {
 *   resourceType: 'MeasureReport',
 *   status: 'complete',
 *   type: 'summary',
 *   measure: 'urn:ipt-protocol:measure:fidelity',
 *   period: { start: '2027-03-01T15:00:00.000Z', end: '2027-06-14T14:50:00.000Z' },
 * }
 * ```
 */
export interface MeasureReport {
  resourceType: 'MeasureReport'
  id?: string
  status: 'complete' | 'pending' | 'error'
  type: 'individual' | 'subject-list' | 'summary' | 'data-collection'
  measure: string
  date?: string
  reporter?: Reference
  period: Period
  improvementNotation?: CodeableConcept
  group?: MeasureReportGroup[]
}

/**
 * One group of a {@link MeasureReport}: an indicator (or the overall adherence), its populations, its score, and
 * its strata.
 *
 * @example
 * ```ts
 * const group: MeasureReportGroup = { code: { text: 'Baseline rating' }, population: [], measureScore: { value: 0.9 } }
 * ```
 */
export interface MeasureReportGroup {
  id?: string
  code?: CodeableConcept
  population?: MeasureReportPopulation[]
  measureScore?: Quantity
  stratifier?: {
    code?: CodeableConcept[]
    stratum?: { value?: CodeableConcept; population?: MeasureReportPopulation[]; measureScore?: Quantity }[]
  }[]
}

/**
 * A population count of a {@link MeasureReportGroup}, coded from the R4 measure-population code system.
 *
 * @example
 * ```ts
 * const numerator: MeasureReportPopulation = {
 *   code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/measure-population', code: 'numerator' }] },
 *   count: 12,
 * }
 * ```
 */
export interface MeasureReportPopulation {
  code?: CodeableConcept
  count?: number
}

/**
 * The resources this entry point writes into a {@link Bundle}.
 *
 * @example
 * ```ts
 * const appointments = bundle.entry.map((entry) => entry.resource).filter((r) => r.resourceType === 'Appointment')
 * ```
 */
export type FhirResource = CarePlan | Appointment | Encounter | Observation | Flag

/**
 * A FHIR R4 `Bundle` of type `collection`; each entry's `fullUrl` is what references inside the bundle point to.
 *
 * @example
 * ```ts
 * const bundle: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [] }
 * ```
 */
export interface Bundle {
  resourceType: 'Bundle'
  type: 'collection'
  entry: { fullUrl: string; resource: FhirResource }[]
}
