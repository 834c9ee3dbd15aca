import * as z from 'zod/mini'
import { type Issue, makeIssue, safeParseWith, unwrap } from '../issues/index.js'
import { type Protocol, ProtocolSchema } from '../protocol/index.js'
import { checkProtocol } from '../protocol/trusted.js'
import type { RuleId } from '../rules/index.js'

/**
 * What the intake assessment found. Every field is optional; a field that matters and is missing is reported as
 * not assessed, never taken as fine.
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
    substanceAbuse: z.optional(z.boolean()),
    intellectualDisability: z.optional(z.boolean()),
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
 * The answer of {@link assessReadiness}: `ready`, `stabilise-first` (something must be done or assessed before IPT
 * starts) or
 * `not-indicated`, with every reason, and `missing`: the fields that matter but were not assessed.
 *
 * @example
 * ```ts
 * const readiness: Readiness = { kind: 'stabilise-first', reasons: [], missing: [] }
 * ```
 */
export interface Readiness {
  kind: 'ready' | 'stabilise-first' | 'not-indicated'
  reasons: Issue[]
  missing: Array<keyof Intake>
}

type Severity = 'not-indicated' | 'stabilise-first' | 'note'

/**
 * Whether IPT may start, by the READY rules the protocol applies: severe suicidality or acute psychosis →
 * `stabilise-first` (READY-1); an organic cause not excluded → `stabilise-first` (READY-2); for a protocol with READY-5
 * (IPT-A), an age outside its population or an excluding condition → `not-indicated`; concurrent deep
 * psychotherapy (READY-3), no commitment (READY-4) and bipolar disorder (READY-6) add reasons. A field that
 * matters but was not given yields a `not-assessed` reason and is listed in `missing`: never a silent `ready`; a
 * criterion that can stop IPT (READY-1, READY-2, READY-5, the age range) not yet assessed gives `stabilise-first`
 * (assess first), one that only adds a reason (READY-3, READY-4) leaves the answer as it is.
 * Throws {@link ProtocolError} for an invalid intake or protocol.
 *
 * @example
 * ```ts
 * assessReadiness({ ageYears: 19, severeSuicidality: false, acutePsychosis: false, organicCauseExcluded: true }, protocols['ipt-a'])
 * // { kind: 'not-indicated', reasons: [… { code: 'outside-population', rule: 'READY-5', … } …], missing: ['homicidality', …] }
 * ```
 */
export function assessReadiness(intake: Intake, protocol: Protocol): Readiness {
  const found = unwrap(safeParseWith(IntakeSchema, intake, ['intake']))
  const { rules, population } = unwrap(checkProtocol(ProtocolSchema, protocol))
  const applies = (rule: RuleId) => rules.includes(rule)
  const findings: Array<{ severity: Severity; issue: Issue }> = []
  const missing = new Set<keyof Intake>()
  const note = (severity: Severity, rule: RuleId | undefined, code: string, message: string, field: keyof Intake) =>
    findings.push({ severity, issue: makeIssue(code, message, { path: [field], ...(rule ? { rule } : {}) }) })
  /** A criterion that can stop IPT and was not assessed keeps the answer from `ready`. */
  const notAssessed = (field: keyof Intake, rule: RuleId | undefined, what: string, blocking: boolean) => {
    if (missing.has(field)) return
    missing.add(field)
    note(blocking ? 'stabilise-first' : 'note', rule, 'not-assessed', `${what} was not assessed`, field)
  }
  const flag = (field: keyof Intake, severity: Severity, rule: RuleId, code: string, message: string, what: string) => {
    if (found[field] === undefined) notAssessed(field, rule, what, severity !== 'note')
    else if (found[field] === true) note(severity, rule, code, message, field)
  }

  if (applies('READY-1')) {
    flag(
      'severeSuicidality',
      'stabilise-first',
      'READY-1',
      'severe-suicidality',
      'Severe suicidality: stabilise first, do not start IPT',
      'Suicidality',
    )
    flag(
      'acutePsychosis',
      'stabilise-first',
      'READY-1',
      'acute-psychosis',
      'An acute psychotic episode: stabilise first, do not start IPT',
      'Psychosis',
    )
  }
  if (applies('READY-2')) {
    if (found.organicCauseExcluded === undefined) {
      notAssessed('organicCauseExcluded', 'READY-2', 'An organic cause (brain lesions)', true)
    } else if (!found.organicCauseExcluded) {
      note(
        'stabilise-first',
        'READY-2',
        'organic-cause-not-excluded',
        'An organic cause is not excluded: rule it out before treatment',
        'organicCauseExcluded',
      )
    }
  }
  if (applies('READY-5')) {
    const excluding = [
      ['severeSuicidality', 'acutely suicidal'],
      ['homicidality', 'homicidal'],
      ['acutePsychosis', 'psychotic'],
      ['bipolar', 'bipolar'],
      ['intellectualDisability', 'intellectually disabled'],
      ['substanceAbuse', 'actively abusing substances'],
    ] as const
    for (const [field, words] of excluding) {
      flag(
        field,
        'not-indicated',
        'READY-5',
        'excluded-condition',
        `Not indicated for adolescents who are ${words}`,
        field,
      )
    }
  }
  if (population) {
    const { minAgeYears, maxAgeYears } = population
    const rule = applies('READY-5') ? 'READY-5' : undefined
    if (found.ageYears === undefined)
      notAssessed('ageYears', rule, `Age (this protocol is for ${minAgeYears}–${maxAgeYears})`, true)
    else if (found.ageYears < minAgeYears || found.ageYears > maxAgeYears) {
      note(
        'not-indicated',
        rule,
        'outside-population',
        `Age ${found.ageYears} is outside ${minAgeYears}–${maxAgeYears}`,
        'ageYears',
      )
    }
  }
  if (applies('READY-3')) {
    flag(
      'concurrentDeepPsychotherapy',
      'note',
      'READY-3',
      'concurrent-deep-psychotherapy',
      'Concurrent deep psychotherapy has conflicting goals: avoid it during IPT',
      'Concurrent psychotherapy',
    )
  }
  if (applies('READY-4')) {
    if (found.acceptsTreatment === undefined)
      notAssessed('acceptsTreatment', 'READY-4', "The patient's acceptance of IPT", false)
    else if (!found.acceptsTreatment)
      note(
        'note',
        'READY-4',
        'no-commitment',
        'The patient has not accepted the approach: poor results are likely without commitment',
        'acceptsTreatment',
      )
  }
  if (applies('READY-6') && found.bipolar) {
    note('note', 'READY-6', 'bipolar-adjunct', 'Bipolar disorder: IPT only as an adjunct to medication', 'bipolar')
  }
  const kind = findings.some((f) => f.severity === 'not-indicated')
    ? 'not-indicated'
    : findings.some((f) => f.severity === 'stabilise-first')
      ? 'stabilise-first'
      : 'ready'
  return { kind, reasons: findings.map((f) => f.issue), missing: [...missing] }
}
