import * as z from 'zod/mini'
import { type Issue, makeIssue, safeParseWith, unwrap } from '../issues/index.js'
import { type Protocol, ProtocolSchema } from '../protocol/index.js'
import { checkProtocol } from '../protocol/trusted.js'
import type { RuleId } from '../rules/index.js'

/**
 * What the intake assessment found. Every field is optional; a field that matters for the protocol and is missing
 * is reported as not assessed, never taken as fine. `ageYears` is compared with the protocol's population as
 * given (pass completed years). `moodStabilisingMedication` matters when `bipolar` is true (READY-6),
 * `severeDementia` when `cognitiveImpairment` is true (READY-8).
 *
 * @example
 * ```ts
 * IntakeSchema.parse({ ageYears: 15, severeSuicidality: false, acutePsychosis: false, organicCauseExcluded: true })
 * ```
 */
export const IntakeSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    ageYears: z.optional(z.number().check(z.gte(0)).check(z.lte(130))),
    severeSuicidality: z.optional(z.boolean()),
    homicidality: z.optional(z.boolean()),
    acutePsychosis: z.optional(z.boolean()),
    organicCauseExcluded: z.optional(z.boolean()),
    concurrentDeepPsychotherapy: z.optional(z.boolean()),
    bipolar: z.optional(z.boolean()),
    moodStabilisingMedication: z.optional(z.boolean()),
    substanceAbuse: z.optional(z.boolean()),
    intellectualDisability: z.optional(z.boolean()),
    cognitiveImpairment: z.optional(z.boolean()),
    severeDementia: z.optional(z.boolean()),
    acceptsTreatment: z.optional(z.boolean()),
  }))()

/**
 * An intake assessment (see {@link IntakeSchema}).
 *
 * @example
 * ```ts
 * const intake: Intake = { severeSuicidality: true }
 * ```
 */
export type Intake = z.infer<typeof IntakeSchema>

/**
 * The kinds of answer, most urgent first (ipt-reference §7): `stabilise-first` (a READY-1 risk must settle before
 * IPT starts), `not-indicated` (this protocol is not for this patient; the reason names the alternative a source
 * gives), `assess-first` (something that matters was not assessed or needs a work-up: complete it, then ask
 * again), `ready` (nothing found against starting).
 *
 * @example
 * ```ts
 * const kind: ReadinessKind = 'assess-first'
 * ```
 */
export type ReadinessKind = 'stabilise-first' | 'not-indicated' | 'assess-first' | 'ready'

/**
 * The answer of {@link assessReadiness}: its kind (the most urgent of its reasons), every reason (each with its
 * rule, the intake field in `path` and its own kind in `params.kind`), and `missing`: the fields that matter but
 * were not assessed.
 *
 * @example
 * ```ts
 * const readiness: Readiness = { kind: 'stabilise-first', reasons: [], missing: [] }
 * ```
 */
export interface Readiness {
  /** The most urgent kind among the reasons; `ready` only when nothing was found and nothing is missing. */
  kind: ReadinessKind
  /** Every reason, each with its rule, the intake field in `path` and its own kind in `params.kind`. */
  reasons: Issue[]
  /** The fields that matter for this protocol and were not assessed. */
  missing: Array<keyof Intake>
}

type Field = keyof Intake
type Kind = Exclude<ReadinessKind, 'ready'> | 'note'

/**
 * One readiness criterion: the intake field, the value that is a finding, the rule, what that finding means
 * (`kind`), and when the field must have been assessed (`required`: always for READY-1, else when the protocol
 * applies the rule).
 */
interface Criterion {
  field: Field
  finding: boolean
  rule: RuleId
  code: string
  kind: Kind
  message: string
  alternative?: string
  required: 'always' | 'when-applied'
}

const stabilise = (field: Field, code: string, what: string): Criterion => ({
  field,
  finding: true,
  rule: 'READY-1',
  code,
  kind: 'stabilise-first',
  message: `${what}: stabilise first, then reassess`,
  required: 'always',
})

/** The criteria of every protocol; READY-5 (a protocol's own exclusions) and the population are added below. */
const criteria: readonly Criterion[] = /* @__PURE__ */ (() => [
  stabilise('severeSuicidality', 'severe-suicidality', 'Severe suicidality'),
  stabilise('homicidality', 'homicidality', 'Homicidal ideation'),
  stabilise('acutePsychosis', 'acute-psychosis', 'An acute psychotic episode'),
  {
    field: 'organicCauseExcluded',
    finding: false,
    rule: 'READY-2',
    code: 'organic-cause-not-excluded',
    kind: 'assess-first',
    message: 'An organic cause (brain lesions) is not excluded: complete the work-up first',
    required: 'when-applied',
  },
  {
    field: 'concurrentDeepPsychotherapy',
    finding: true,
    rule: 'READY-3',
    code: 'concurrent-deep-psychotherapy',
    kind: 'assess-first',
    message: 'Concurrent deep psychotherapy has conflicting goals: agree which treatment goes on before IPT starts',
    required: 'when-applied',
  },
  {
    field: 'acceptsTreatment',
    finding: false,
    rule: 'READY-4',
    code: 'no-commitment',
    kind: 'assess-first',
    message:
      'The patient has not committed to IPT: discuss the approach, or consider another therapist or another therapy such as CBT',
    alternative: 'CBT',
    required: 'when-applied',
  },
  {
    field: 'substanceAbuse',
    finding: true,
    rule: 'READY-7',
    code: 'substance-abuse',
    kind: 'assess-first',
    message:
      'Active substance abuse: IPT has not shown efficacy in substance use disorders; assess and address it first',
    required: 'when-applied',
  },
  {
    field: 'intellectualDisability',
    finding: true,
    rule: 'READY-5',
    code: 'intellectual-disability',
    kind: 'assess-first',
    message:
      'Intellectual disability: assess whether this protocol fits (IPT-A lists it as an exclusion; no source decides for adults)',
    required: 'when-applied',
  },
  {
    field: 'cognitiveImpairment',
    finding: true,
    rule: 'READY-8',
    code: 'cognitive-impairment',
    kind: 'assess-first',
    message: 'Cognitive impairment: consider IPT-CI, the adaptation that works with a caregiver',
    alternative: 'IPT-CI',
    required: 'when-applied',
  },
])()

/** READY-5: what makes IPT-A not indicated, for a protocol that applies READY-5. */
const excludedForAdolescents: ReadonlyArray<readonly [Field, string]> = [
  ['severeSuicidality', 'acutely suicidal'],
  ['homicidality', 'homicidal'],
  ['acutePsychosis', 'psychotic'],
  ['bipolar', 'bipolar'],
  ['intellectualDisability', 'intellectually disabled'],
  ['substanceAbuse', 'actively abusing substances'],
]

const labels: Record<Field, string> = {
  ageYears: 'Age',
  severeSuicidality: 'Suicidality',
  homicidality: 'Homicidal ideation',
  acutePsychosis: 'Psychosis',
  organicCauseExcluded: 'Whether an organic cause (brain lesions) has been excluded',
  concurrentDeepPsychotherapy: 'Concurrent psychotherapy',
  bipolar: 'Bipolar disorder',
  moodStabilisingMedication: 'Mood-stabilising medication',
  substanceAbuse: 'Substance use',
  intellectualDisability: 'Intellectual disability',
  cognitiveImpairment: 'Cognition',
  severeDementia: 'Dementia severity',
  acceptsTreatment: "The patient's commitment to IPT",
}

const urgency: readonly ReadinessKind[] = ['stabilise-first', 'not-indicated', 'assess-first']

/**
 * Advice on whether IPT may start under `protocol` (ipt-reference §7), never a decision. Every finding the intake
 * gives yields a reason with its rule id, whatever the protocol; the protocol's `rules` decide which fields must
 * have been assessed and its `population` (protocol data) who it is for, so a protocol with a population always
 * needs the age. The answer is the most urgent reason's kind:
 * - `stabilise-first`: severe suicidality, homicidality or acute psychosis (READY-1, every protocol, maintenance
 *   and researchers' own included: a protocol cannot remove it);
 * - `not-indicated`: age outside the protocol's population (the reason names the alternative, e.g. FB-IPT under 12
 *   for IPT-A, standard IPT under 60 for late-life IPT), IPT-A's exclusions (READY-5), severe dementia (READY-8);
 * - `assess-first`: a field that matters was not assessed, an organic cause not excluded (READY-2), concurrent
 *   deep psychotherapy (READY-3), no commitment (READY-4), bipolar disorder without recorded mood-stabilising
 *   medication (READY-6), active substance abuse (READY-7), cognitive impairment (READY-8, pointing to IPT-CI),
 *   intellectual disability outside IPT-A (design: READY-5 names it only for adolescents);
 * - `ready`: nothing found and everything that matters assessed. Bipolar disorder on mood-stabilising medication
 *   still gives its READY-6 reason (IPT as an adjunct) without holding the start back.
 * Throws {@link ProtocolError} for an invalid intake or protocol.
 *
 * @example
 * ```ts
 * assessReadiness({ ageYears: 40, severeSuicidality: false, homicidality: true, acutePsychosis: false }, protocols['ipt-m'])
 * // { kind: 'stabilise-first', reasons: [{ code: 'homicidality', message: 'Homicidal ideation: stabilise first, then reassess', rule: 'READY-1', … }], … }
 * ```
 */
export function assessReadiness(intake: Intake, protocol: Protocol): Readiness {
  const found = unwrap(safeParseWith(IntakeSchema, intake, ['intake']))
  const { rules, population } = unwrap(checkProtocol(ProtocolSchema, protocol))
  const applies = (rule: RuleId) => rules.includes(rule)
  const reasons: Array<{ kind: Kind; issue: Issue }> = []
  const missing = new Set<Field>()
  const reason = (kind: Kind, rule: RuleId | undefined, code: string, message: string, field: Field, extra = {}) =>
    reasons.push({
      kind,
      issue: makeIssue(code, message, { path: [field], params: { kind, ...extra }, ...(rule ? { rule } : {}) }),
    })
  /** A field that matters and was not given: assess it first. */
  const notAssessed = (field: Field, rule: RuleId | undefined, what = labels[field]) => {
    if (missing.has(field)) return
    missing.add(field)
    reason('assess-first', rule, 'not-assessed', `${what} was not assessed: assess it, then ask again`, field)
  }

  // A protocol with READY-5 (IPT-A) answers intellectual disability itself, below.
  const general = criteria.filter((criterion) => !(criterion.rule === 'READY-5' && applies('READY-5')))
  for (const criterion of general) {
    const value = found[criterion.field]
    if (value === undefined) {
      if (criterion.required === 'always' || applies(criterion.rule)) notAssessed(criterion.field, criterion.rule)
    } else if (value === criterion.finding) {
      const extra = criterion.alternative ? { alternative: criterion.alternative } : {}
      reason(criterion.kind, criterion.rule, criterion.code, criterion.message, criterion.field, extra)
    }
  }
  if (found.bipolar === undefined && applies('READY-6')) notAssessed('bipolar', 'READY-6')
  else if (found.bipolar && found.moodStabilisingMedication) {
    const message =
      'Bipolar disorder on mood-stabilising medication: IPT as an adjunct to that medication (IPSRT is the bipolar adaptation)'
    reason('note', 'READY-6', 'bipolar-adjunct', message, 'bipolar', { alternative: 'IPSRT' })
  } else if (found.bipolar) {
    if (found.moodStabilisingMedication === undefined) missing.add('moodStabilisingMedication')
    reason(
      'assess-first',
      'READY-6',
      'bipolar-without-mood-stabiliser',
      'Bipolar disorder without recorded mood-stabilising medication: in bipolar disorder IPT is only an adjunct to medication; record the medication, or consider IPSRT, the bipolar adaptation',
      'bipolar',
      { alternative: 'IPSRT' },
    )
  }
  if (found.cognitiveImpairment && found.severeDementia === undefined) notAssessed('severeDementia', 'READY-8')
  if (found.severeDementia) {
    reason('not-indicated', 'READY-8', 'severe-dementia', 'Severe dementia: IPT is not indicated', 'severeDementia')
  }
  if (applies('READY-5')) {
    for (const [field, words] of excludedForAdolescents) {
      if (found[field] === undefined) notAssessed(field, 'READY-5')
      else if (found[field]) {
        reason(
          'not-indicated',
          'READY-5',
          'excluded-condition',
          `IPT-A is not indicated for adolescents who are ${words}`,
          field,
        )
      }
    }
  }
  if (population && (population.minAgeYears !== undefined || population.maxAgeYears !== undefined)) {
    const { minAgeYears = 0, maxAgeYears, rule, younger, older } = population
    const range = maxAgeYears === undefined ? `${minAgeYears} and over` : `${minAgeYears}–${maxAgeYears}`
    const age = found.ageYears
    if (age === undefined) notAssessed('ageYears', rule, `Age (this protocol is for ${range})`)
    else if (age < minAgeYears || (maxAgeYears !== undefined && age > maxAgeYears)) {
      const instead = age < minAgeYears ? younger : older
      reason(
        'not-indicated',
        rule,
        'outside-population',
        `Age ${age} is outside this protocol's ages (${range})${instead ? `: consider ${instead.alternative} (${instead.source})` : ''}`,
        'ageYears',
        instead ? { alternative: instead.alternative, source: instead.source } : {},
      )
    }
  }
  const kind = urgency.find((candidate) => reasons.some((entry) => entry.kind === candidate)) ?? 'ready'
  return { kind, reasons: reasons.map((entry) => entry.issue), missing: [...missing] }
}
