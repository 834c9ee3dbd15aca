/**
 * `ipt-protocol/fhir`: protocols, course plans and courses as FHIR R4 resources (ipt-reference §9): a protocol as a
 * `PlanDefinition` whose actions carry `Timing.repeat`, a plan as a `CarePlan` with one `Appointment` per contact,
 * and a course's contacts and measures as `Encounter`s, `Appointment`s and LOINC-coded `Observation`s. Pure, and
 * with no FHIR package at run time: the resource types are declared here.
 *
 * @packageDocumentation
 */
import * as z from 'zod/mini'
import { inTimeZone } from '../calendar/arithmetic.js'
import { type Course, type CourseEvent, CourseSchema, type OpenFlag } from '../course/schema.js'
import { issuesOf, type SafeResult, safeParseWith, unwrap } from '../issues/index.js'
import { instruments } from '../measures/index.js'
import {
  type ExtraContact,
  type Frequency,
  type Participant,
  type Protocol,
  ProtocolSchema,
  type Range,
} from '../protocol/index.js'
import { checkProtocol } from '../protocol/trusted.js'
import { type CoursePlan, CoursePlanSchema, type PlannedContact } from '../schedule/index.js'
import type {
  Appointment,
  Bundle,
  CarePlan,
  CodeableConcept,
  Encounter,
  FhirResource,
  Flag,
  Observation,
  PlanDefinition,
  PlanDefinitionAction,
  Quantity,
  Reference,
  RelatedArtifact,
  Timing,
} from './types.js'

export type * from './types.js'

/**
 * The code systems and codes the resources use (ipt-reference §9): SNOMED CT 443730003 "Interpersonal
 * psychotherapy" for every IPT contact and plan, and the LOINC codes of the PHQ-9 (the HAM-D-17 has no LOINC code
 * in the reference, so its observations are coded by text only). `base` starts the URNs of protocols
 * (`urn:ipt-protocol:protocol:<id>`) and of bundle entries.
 *
 * @example
 * ```ts
 * fhirCodes.phq9.total // '44261-6'
 * ```
 */
export const fhirCodes = {
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  base: 'urn:ipt-protocol',
  ipt: { code: '443730003', display: 'Interpersonal psychotherapy' },
  phq9: { panel: '44249-1', total: '44261-6', item9: '44260-8' },
} as const

const ipt = { system: fhirCodes.snomed, ...fhirCodes.ipt }
const periodUnits = { day: 'd', week: 'wk', month: 'mo' } as const

function iptConcept(text?: string): CodeableConcept {
  return text === undefined ? { coding: [ipt] } : { coding: [ipt], text }
}

function quantity(value: number, unit: 'd' | 'a' | 'mo'): Quantity {
  return { value, unit, system: fhirCodes.ucum, code: unit }
}

/** The canonical URL of a protocol's PlanDefinition, `urn:ipt-protocol:protocol:<id>`. */
function protocolUrl(id: string): string {
  return `${fhirCodes.base}:protocol:${id}`
}

/** Repetitions of `frequency`, each lasting `minutes` (a range or a fixed length), `count` (to `countMax`) times. */
function repeat(frequency: Frequency, minutes: Range | number, count?: number, countMax = count): Timing {
  const { min, max } = typeof minutes === 'number' ? { min: minutes, max: minutes } : minutes
  return {
    repeat: {
      ...(count === undefined ? {} : { count }),
      ...(count !== undefined && countMax !== undefined && countMax > count ? { countMax } : {}),
      duration: min,
      ...(max > min ? { durationMax: max } : {}),
      durationUnit: 'min',
      frequency: frequency.times ?? 1,
      period: frequency.every,
      periodUnit: periodUnits[frequency.unit],
    },
  }
}

/** The therapist, then who attends: the patient, the group (other patients), a parent or partner (related persons). */
function actionParticipants(participants: readonly Participant[]): NonNullable<PlanDefinitionAction['participant']> {
  return [
    { type: 'practitioner', role: { text: 'therapist' } },
    ...participants.map((participant) =>
      participant === 'patient'
        ? { type: 'patient' as const }
        : {
            type: participant === 'group' ? ('patient' as const) : ('related-person' as const),
            role: { text: participant },
          },
    ),
  ]
}

/** `'12 sessions'`, or `'12–16 sessions (16 by default)'`. */
function span(range: Range, unit: string): string {
  return range.min === range.max
    ? `${range.min} ${unit}`
    : `${range.min}–${range.max} ${unit} (${range.default} by default)`
}

function label(kind: string): string {
  return kind.replaceAll('-', ' ')
}

/** A series of sessions: its action id, the first session it holds and its frequency. */
interface Series {
  id: string
  first: number
  frequency: Frequency
}

/** The actions of the session series: an early series at its own frequency, if any, then the main series. */
function sessionActions(protocol: Protocol): { actions: PlanDefinitionAction[]; series: [Series, ...Series[]] } {
  const { schedule } = protocol
  const participant = actionParticipants(schedule.participants)
  const by = schedule.participantsBySession.map(
    ({ session, participants }) =>
      `; ${typeof session === 'number' ? `session ${session}` : `the ${session} session`}: ${participants.join(' and ')}`,
  )
  const minutes = span(schedule.sessionMinutes, 'minutes')
  if (schedule.type === 'maintenance') {
    const { months, frequency } = schedule
    const id = 'maintenance-sessions'
    const slots = (count: number) => Math.ceil(count / frequency.every)
    // Monthly sessions are counted; sessions that recur in weeks or days are bounded by the months instead.
    const timing: Timing =
      frequency.unit === 'month'
        ? repeat(frequency, schedule.sessionMinutes, slots(months.min), slots(months.max))
        : {
            repeat: {
              ...repeat(frequency, schedule.sessionMinutes).repeat,
              boundsRange: { low: quantity(months.min, 'mo'), high: quantity(months.max, 'mo') },
            },
          }
    return {
      series: [{ id, first: 1, frequency }],
      actions: [
        {
          id,
          title: 'Maintenance sessions',
          description: `Maintenance sessions over ${span(months, 'months')}, ${minutes} each.`,
          code: [iptConcept()],
          timingTiming: timing,
          participant,
        },
      ],
    }
  }
  const { sessions, frequency, earlyFrequency, phases } = schedule
  const early = earlyFrequency?.sessions ?? 0
  const main: PlanDefinitionAction = {
    id: 'sessions',
    title: 'IPT sessions',
    description:
      `${span(sessions, 'sessions')} of ${minutes}; the initial phase takes up to ${phases.initialMaxSessions}, termination the last ` +
      `${phases.terminationSessions}${by.join('')}.`,
    code: [iptConcept()],
    timingTiming: repeat(frequency, schedule.sessionMinutes, sessions.min - early, sessions.max - early),
    participant,
  }
  if (!earlyFrequency) return { series: [{ id: 'sessions', first: 1, frequency }], actions: [main] }
  return {
    series: [
      { id: 'early-sessions', first: 1, frequency: earlyFrequency.frequency },
      { id: 'sessions', first: early + 1, frequency },
    ],
    actions: [
      {
        id: 'early-sessions',
        title: `IPT sessions 1–${early}`,
        code: [iptConcept()],
        timingTiming: repeat(earlyFrequency.frequency, schedule.sessionMinutes, early),
        participant,
      },
      { ...main, relatedAction: [{ actionId: 'early-sessions', relationship: 'after-end' }] },
    ],
  }
}

/** An extra contact (a phone contact after sessions, a session before the first) as an action related to a series. */
function extraAction(extra: ExtraContact, series: readonly [Series, ...Series[]]): PlanDefinitionAction {
  const { placement } = extra
  const from = placement.type === 'after-sessions' ? placement.fromSession : 1
  const anchor = series.findLast((candidate) => candidate.first <= from) ?? series[0]
  const documentation: RelatedArtifact[] = [
    ...(extra.source ? [{ type: 'citation' as const, citation: extra.source }] : []),
    ...(extra.rule ? [ruleArtifact(extra.rule)] : []),
  ]
  const common = {
    id: extra.kind,
    title: `IPT ${label(extra.kind)}`,
    code: [iptConcept(label(extra.kind))],
    ...(documentation.length ? { documentation } : {}),
    participant: actionParticipants(extra.participants),
  }
  if (placement.type === 'before-first-session') {
    return {
      ...common,
      description: `One ${label(extra.kind)} ${placement.leadDays} days before the first session.`,
      relatedAction: [
        { actionId: anchor.id, relationship: 'before-start', offsetDuration: quantity(placement.leadDays, 'd') },
      ],
      timingTiming: repeat(anchor.frequency, extra.durationMinutes, 1),
    }
  }
  const { fromSession, toSession, offsetDays } = placement
  const count = toSession - fromSession + 1
  return {
    ...common,
    description: `One ${label(extra.kind)} ${offsetDays} days after each of sessions ${fromSession}–${toSession}.`,
    relatedAction: [
      {
        actionId: anchor.id,
        relationship: 'after-start',
        // The offset is exact when the contacts begin after the series' first session; else the description says it.
        ...(fromSession === anchor.first ? { offsetDuration: quantity(offsetDays, 'd') } : {}),
      },
    ],
    timingTiming: repeat(anchor.frequency, extra.durationMinutes, count),
  }
}

function ruleArtifact(rule: string): RelatedArtifact {
  return { type: 'documentation', label: rule, display: `ipt-reference rule ${rule}` }
}

/** A computable name for a protocol id: `ipt-late-life` → `IptLateLife`. */
function computableName(id: string): string {
  const name = id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
  return /^[A-Z]/.test(name) ? name : `Protocol${name}`
}

/**
 * A protocol as a FHIR R4 `PlanDefinition` (type `clinical-protocol`, status `active`): its canonical `url` is
 * `urn:ipt-protocol:protocol:<id>` with the protocol's `version`; its sources are citations and its rule ids
 * documentation artifacts (`label` = rule id). One action holds the session series, coded SNOMED CT 443730003,
 * with `timingTiming.repeat` from the schedule: `frequency`/`period`/`periodUnit` from `schedule.frequency`,
 * `count`/`countMax` from the session range (for IPT-M, the monthly slots of the months range; a maintenance
 * schedule counted in weeks or days is bounded by `boundsRange` in months instead), `duration`/`durationMax` in
 * minutes from the session length. Extra contacts (IPT-A's phone contacts, group IPT's pre-group session) are
 * further actions with a `relatedAction` (`after-start` or `before-start` of the series, with the offset in days).
 * An early frequency (`earlyFrequency`) is its own action, which the main series follows (`after-end`). Throws
 * `ProtocolError` (exported by `ipt-protocol`) for an invalid protocol; {@link safeProtocolToPlanDefinition} returns
 * the issues instead.
 *
 * @example
 * ```ts
 * import { protocols } from 'ipt-protocol'
 * import { protocolToPlanDefinition } from 'ipt-protocol/fhir'
 *
 * const definition = protocolToPlanDefinition(protocols['ipt-a'])
 * definition.action?.[0]?.timingTiming?.repeat // { count: 12, duration: 35, durationMax: 50, durationUnit: 'min', frequency: 1, period: 1, periodUnit: 'wk' }
 * definition.action?.[1]?.relatedAction // [{ actionId: 'sessions', relationship: 'after-start', offsetDuration: { value: 3, unit: 'd', … } }]
 * ```
 */
export function protocolToPlanDefinition(protocol: Protocol): PlanDefinition {
  return unwrap(safeProtocolToPlanDefinition(protocol))
}

/**
 * A protocol as a FHIR `PlanDefinition` like {@link protocolToPlanDefinition}, returning `{ success, data | issues }`
 * instead of throwing for an invalid protocol.
 *
 * @example
 * ```ts
 * safeProtocolToPlanDefinition({ ...protocols.ipt, id: 'Not an id' }).success // false
 * ```
 */
export function safeProtocolToPlanDefinition(protocol: Protocol): SafeResult<PlanDefinition> {
  const checked = checkProtocol(ProtocolSchema, protocol)
  return checked.success ? { success: true, data: planDefinition(checked.data) } : checked
}

function planDefinition(protocol: Protocol): PlanDefinition {
  const { actions, series } = sessionActions(protocol)
  const extras = protocol.schedule.extraContacts.map((extra) => extraAction(extra, series))
  const relatedArtifact: RelatedArtifact[] = [
    ...(protocol.basedOn
      ? [
          {
            type: 'derived-from' as const,
            display: `${protocol.basedOn.id} ${protocol.basedOn.version}`,
            resource: `${protocolUrl(protocol.basedOn.id)}|${protocol.basedOn.version}`,
          },
        ]
      : []),
    ...protocol.sources.map((citation) => ({ type: 'citation' as const, citation })),
    ...protocol.rules.map(ruleArtifact),
  ]
  const { population } = protocol
  return {
    resourceType: 'PlanDefinition',
    id: protocol.id,
    url: protocolUrl(protocol.id),
    identifier: [{ system: `${fhirCodes.base}:protocol`, value: protocol.id }],
    version: protocol.version,
    name: computableName(protocol.id),
    title: protocol.name,
    type: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/plan-definition-type',
          code: 'clinical-protocol',
          display: 'Clinical Protocol',
        },
      ],
    },
    status: 'active',
    ...(protocol.description ? { description: protocol.description } : {}),
    ...(population && (population.minAgeYears !== undefined || population.maxAgeYears !== undefined)
      ? {
          useContext: [
            {
              code: { system: 'http://terminology.hl7.org/CodeSystem/usage-context-type', code: 'age' },
              valueRange: {
                ...(population.minAgeYears === undefined ? {} : { low: quantity(population.minAgeYears, 'a') }),
                ...(population.maxAgeYears === undefined ? {} : { high: quantity(population.maxAgeYears, 'a') }),
              },
            },
          ],
        }
      : {}),
    topic: [iptConcept()],
    ...(relatedArtifact.length ? { relatedArtifact } : {}),
    action: [...actions, ...extras],
  }
}

/**
 * Options of {@link planToFhir} and {@link courseToFhir}: the `patient` the resources are about (any FHIR
 * reference, e.g. `{ reference: 'Patient/123' }`), and for a plan an optional `id` naming it in the entries'
 * `fullUrl`s (default `<protocolId>-<start>`; a course is named by its id).
 *
 * @example
 * ```ts
 * const options: FhirOptions = { patient: { reference: 'Patient/123' }, id: 'course-7' }
 * ```
 */
export interface FhirOptions {
  /** The patient the resources are about: a reference, an identifier or a display (no empty strings). */
  patient: Reference
  /** For a plan, the name in the entries' `fullUrl`s (default `<protocolId>-<start>`). */
  id?: string
}

const fhirString = /* @__PURE__ */ (() => z.string().check(z.minLength(1)).check(z.maxLength(2000)))()

/** A FHIR Reference as the options take it: no empty strings, and at least a reference, an identifier or a display. */
const ReferenceSchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      reference: z.optional(fhirString),
      type: z.optional(fhirString),
      identifier: z.optional(z.strictObject({ system: z.optional(fhirString), value: z.optional(fhirString) })),
      display: z.optional(fhirString),
    })
    .check(
      z.refine((ref) => ref.reference !== undefined || ref.identifier !== undefined || ref.display !== undefined, {
        message: 'A reference needs a reference, an identifier or a display',
      }),
    ))()

const PlanFhirOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    patient: ReferenceSchema,
    id: z.optional(z.string().check(z.minLength(1)).check(z.maxLength(200))),
  }))()
const CourseFhirOptionsSchema = /* @__PURE__ */ (() => z.strictObject({ patient: ReferenceSchema }))()

/** A collection bundle; each entry's fullUrl is `urn:ipt-protocol:<name>/<type>/<id>`, unique within it. */
function bundle(name: string, resources: readonly FhirResource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: resources.map((resource) => ({ fullUrl: fullUrl(name, resource), resource })),
  }
}

function fullUrl(name: string, resource: FhirResource): string {
  return `${fhirCodes.base}:${encodeURIComponent(name)}/${resource.resourceType}/${resource.id}`
}

function refer(name: string, resource: FhirResource): Reference {
  return { reference: fullUrl(name, resource), type: resource.resourceType }
}

/** `instant` moved by `minutes`, written with the offset it has in `timeZone` (an IANA zone or an offset). */
function shift(instant: string, minutes: number, timeZone: string): string {
  return inTimeZone(Date.parse(instant) + minutes * 60_000, timeZone).iso
}

const appointmentStatus = { planned: 'booked', held: 'fulfilled', missed: 'noshow', cancelled: 'cancelled' } as const

/** The patient has agreed to the contact; anyone else who attends (a parent, the group) still has to confirm. */
function appointmentParticipants(participants: readonly Participant[], patient: Reference): Appointment['participant'] {
  return [
    { actor: patient, status: 'accepted' },
    ...participants
      .filter((participant) => participant !== 'patient')
      .map((participant) => ({ type: [{ text: participant }], status: 'needs-action' as const })),
  ]
}

function appointmentOf(contact: PlannedContact, timeZone: string, patient: Reference): Appointment {
  const status = contact.status === 'planned' ? '' : ` (${contact.status})`
  return {
    resourceType: 'Appointment',
    id: contact.id,
    status: appointmentStatus[contact.status],
    serviceType: [iptConcept(label(contact.kind))],
    description: `IPT ${label(contact.kind)} ${contact.number}, ${contact.phase} phase${status}`,
    start: contact.start,
    end: shift(contact.start, contact.durationMinutes, timeZone),
    minutesDuration: contact.durationMinutes,
    participant: appointmentParticipants(contact.participants, patient),
  }
}

/**
 * A course plan as a FHIR R4 `Bundle` (type `collection`): a `CarePlan` (status `active`, intent `plan`, category
 * SNOMED CT 443730003, `instantiatesCanonical` the protocol's PlanDefinition) whose activities reference one
 * `Appointment` per contact. An appointment's id is the contact's id (`session-2027-03-15`); its status is `booked`
 * for a planned contact, `noshow` for a missed one and `cancelled` for a cancelled one; `start` is the contact's
 * instant with its offset and `end` adds `minutesDuration` in the plan's time zone; the patient takes part
 * (`accepted`), other participants (a parent, the group) are listed by type (`needs-action`). References inside the
 * bundle are the entries' `fullUrl`s, `urn:ipt-protocol:<id>/<type>/<resource id>`. Throws `ProtocolError` for an
 * invalid plan or options (a patient reference needs a reference, an identifier or a display; no empty strings).
 *
 * @example
 * ```ts
 * import { planCourse, protocols } from 'ipt-protocol'
 * import { planToFhir } from 'ipt-protocol/fhir'
 *
 * const plan = planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' })
 * const bundle = planToFhir(plan, { patient: { reference: 'Patient/123' } })
 * bundle.entry.length // 17: the care plan and 16 appointments (12 sessions, 4 phone contacts)
 * ```
 */
export function planToFhir(plan: CoursePlan, options: FhirOptions): Bundle {
  return unwrap(safePlanToFhir(plan, options))
}

/**
 * A plan as a FHIR `Bundle` like {@link planToFhir}, returning `{ success, data | issues }` instead of throwing for
 * an invalid plan or options.
 *
 * @example
 * ```ts
 * safePlanToFhir(plan, { patient: {} }).success // false: the patient needs a reference, identifier or display
 * ```
 */
export function safePlanToFhir(plan: CoursePlan, options: FhirOptions): SafeResult<Bundle> {
  const checkedPlan = safeParseWith(CoursePlanSchema, plan, ['plan'])
  const checkedOptions = safeParseWith(PlanFhirOptionsSchema, options, ['options'])
  if (!checkedPlan.success || !checkedOptions.success) {
    return { success: false, issues: issuesOf(checkedPlan, checkedOptions) }
  }
  return { success: true, data: planBundle(checkedPlan.data, checkedOptions.data as FhirOptions) }
}

function planBundle(plan: CoursePlan, options: FhirOptions): Bundle {
  const name = options.id ?? `${plan.protocolId}-${plan.start}`
  const appointments = plan.contacts.map((contact) => appointmentOf(contact, plan.timeZone, options.patient))
  const first = appointments[0]
  const last = appointments.at(-1)
  const carePlan: CarePlan = {
    resourceType: 'CarePlan',
    id: 'care-plan',
    instantiatesCanonical: [`${protocolUrl(plan.protocolId)}|${plan.protocolVersion}`],
    status: 'active',
    intent: 'plan',
    category: [iptConcept()],
    title: `${plan.protocolId} course plan from ${plan.start}`,
    subject: options.patient,
    ...(first?.start && last?.end ? { period: { start: first.start, end: last.end } } : {}),
    activity: appointments.map((appointment) => ({ reference: refer(name, appointment) })),
  }
  return bundle(name, [carePlan, ...appointments])
}

const carePlanStatus = {
  initial: 'active',
  middle: 'active',
  termination: 'active',
  maintenance: 'active',
  completed: 'completed',
  discontinued: 'revoked',
} as const

type ContactEvent = Extract<
  CourseEvent,
  { type: 'session-held' | 'phone-contact-held' | 'session-missed' | 'session-cancelled' }
>

/** A contact of the course log: an encounter that took place, or the appointment that did not. */
function contactResource(
  course: Course,
  event: ContactEvent,
  number: number,
  patient: Reference,
): Encounter | Appointment {
  const kind = event.type === 'phone-contact-held' ? 'phone-contact' : 'session'
  if (event.type === 'session-held' || event.type === 'phone-contact-held') {
    const encounter: Encounter = {
      resourceType: 'Encounter',
      id: `${kind}-${number}`,
      status: 'finished',
      class:
        kind === 'session'
          ? { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' }
          : { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'VR', display: 'virtual' },
      type: [iptConcept(`${label(kind)} ${number}`)],
      subject: patient,
      // The log dates a contact when it was recorded, at its end; the start is not recorded.
      period: { end: event.at },
    }
    return encounter
  }
  const missed = event.type === 'session-missed'
  const minutes = course.plan?.sessionMinutes ?? course.protocol.schedule.sessionMinutes.default
  const appointment: Appointment = {
    resourceType: 'Appointment',
    id: `${missed ? 'missed' : 'cancelled'}-session-${number}`,
    status: missed ? 'noshow' : 'cancelled',
    serviceType: [iptConcept('session')],
    description: `IPT session ${missed ? 'missed' : 'cancelled'}, recorded ${event.at}`,
    participant: appointmentParticipants(['patient'], patient),
  }
  if (!missed) return appointment // a cancellation may be recorded long before the slot, so it gives no time
  // A missed session is recorded at the end of its slot: the slot is the session length before that.
  const zone = course.plan?.timeZone ?? /[+-]\d\d:\d\d$/.exec(event.at)?.[0] ?? '+00:00'
  return { ...appointment, start: shift(event.at, -minutes, zone), end: event.at, minutesDuration: minutes }
}

/** A measure as observations: PHQ-9 as its LOINC panel with the total and item 9 as members; HAM-D-17 by text. */
function measureObservations(
  measure: Course['measures'][number],
  number: number,
  patient: Reference,
  name: string,
): Observation[] {
  const common = {
    resourceType: 'Observation' as const,
    status: 'final' as const,
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' },
        ],
      },
    ],
    subject: patient,
    effectiveDateTime: measure.at,
  }
  if (measure.instrument === 'hamd-17') {
    const hamd: Observation = {
      ...common,
      id: `hamd-17-${number}`,
      code: { text: 'Hamilton Depression Rating Scale (17 items), total score' },
      valueInteger: measure.total,
    }
    return [hamd]
  }
  const loinc = (code: string, text: string): CodeableConcept => ({ coding: [{ system: fhirCodes.loinc, code }], text })
  const members: Observation[] = [
    {
      ...common,
      id: `phq-9-${number}-total`,
      code: loinc(fhirCodes.phq9.total, 'PHQ-9 total score'),
      valueInteger: measure.total,
    },
    ...(measure.item9 === undefined
      ? []
      : [
          {
            ...common,
            id: `phq-9-${number}-item-9`,
            code: loinc(fhirCodes.phq9.item9, 'PHQ-9 item 9: thoughts of death or of self-harm'),
            valueInteger: measure.item9,
          },
        ]),
  ]
  const panel: Observation = {
    ...common,
    id: `phq-9-${number}`,
    code: loinc(fhirCodes.phq9.panel, 'PHQ-9 panel'),
    hasMember: members.map((member) => refer(name, member)),
  }
  return [panel, ...members]
}

const flagCategory: CodeableConcept = {
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'safety', display: 'Safety' }],
}

/**
 * A safety flag as a FHIR `Flag` (ipt-reference §8a, §9): `active` while open, `inactive` with `period.end` once a
 * safety review closed it; category `safety`; coded by the item's LOINC code where there is one (PHQ-9 item 9,
 * 44260-8), else by text (HAM-D-17 item 3).
 */
function flagResource(flag: OpenFlag, id: string, patient: Reference, reviewedAt?: string): Flag {
  const { text, anchors } = instruments[flag.instrument].suicideItem
  const name = flag.instrument === 'phq-9' ? 'PHQ-9' : 'HAM-D-17'
  const risk = flag.highRisk ? ', high risk' : ''
  const from = flag.courseId ? `; raised in course ${flag.courseId}` : ''
  const description = `${name} item ${flag.item} (${text}) = ${flag.value}, ${anchors[flag.value] ?? ''}${risk}${from}`
  return {
    resourceType: 'Flag',
    id,
    status: reviewedAt === undefined ? 'active' : 'inactive',
    category: [flagCategory],
    code:
      flag.instrument === 'phq-9'
        ? { coding: [{ system: fhirCodes.loinc, code: fhirCodes.phq9.item9 }], text: description }
        : { text: description },
    subject: patient,
    period: { start: flag.at, ...(reviewedAt === undefined ? {} : { end: reviewedAt }) },
  }
}

/**
 * A course record as a FHIR R4 `Bundle` (type `collection`), named by the course id: a `CarePlan` (status `active`
 * until the course is `completed`, `revoked` when discontinued) whose activities point to its contacts, the
 * contacts of its log, and its measures. A held session or phone contact is a `finished` `Encounter` (class
 * `AMB`, or `VR` for a phone contact) whose period ends at the event's `at`; a missed session is a `noshow`
 * `Appointment` ending at `at` and lasting the session length; a cancelled one a `cancelled` `Appointment`
 * without times. A PHQ-9 is a panel observation (LOINC 44249-1) whose members are the total (44261-6) and, when
 * recorded, item 9 (44260-8); a HAM-D-17 total is coded by text only. Observations are `final`, category
 * `survey`, dated `effectiveDateTime` = the measure's `at`, with `valueInteger`. Every safety flag is a `Flag`
 * (category `safety`, the patient as subject, `period.start` the flag's time): `active` while open, so a
 * `completed` care plan never hides an open flag, and `inactive` with `period.end` once a review closed it
 * (ipt-reference §8a). The plan itself is {@link planToFhir}'s. Throws `ProtocolError` for an invalid course or
 * options.
 *
 * @example
 * ```ts
 * import { applyEvent, createCourse, protocols } from 'ipt-protocol'
 * import { courseToFhir } from 'ipt-protocol/fhir'
 *
 * const started = createCourse(protocols.ipt, { id: 'course-1' })
 * const result = applyEvent(started, { type: 'measure-recorded', at: '2027-03-01T10:50:00-05:00', instrument: 'phq-9', items: [2, 2, 2, 1, 1, 1, 1, 1, 0] })
 * if (result.ok) courseToFhir(result.course, { patient: { reference: 'Patient/123' } }).entry.length // 4: care plan, panel, total, item 9
 * ```
 */
export function courseToFhir(course: Course, options: Pick<FhirOptions, 'patient'>): Bundle {
  return unwrap(safeCourseToFhir(course, options))
}

/**
 * A course as a FHIR `Bundle` like {@link courseToFhir}, returning `{ success, data | issues }` instead of throwing
 * for an invalid course or options.
 *
 * @example
 * ```ts
 * safeCourseToFhir({}, { patient: { reference: 'Patient/123' } }).success // false
 * ```
 */
export function safeCourseToFhir(course: Course, options: Pick<FhirOptions, 'patient'>): SafeResult<Bundle> {
  const checkedCourse = safeParseWith(CourseSchema, course, ['course'])
  const checkedOptions = safeParseWith(CourseFhirOptionsSchema, options, ['options'])
  if (!checkedCourse.success || !checkedOptions.success) {
    return { success: false, issues: issuesOf(checkedCourse, checkedOptions) }
  }
  return { success: true, data: courseBundle(checkedCourse.data, checkedOptions.data.patient as Reference) }
}

function courseBundle(course: Course, patient: Reference): Bundle {
  const name = course.id
  const numbers: Record<string, number> = {}
  const next = (key: string) => {
    numbers[key] = (numbers[key] ?? 0) + 1
    return numbers[key]
  }
  const contacts = course.events.flatMap((event) =>
    event.type === 'session-held' ||
    event.type === 'phone-contact-held' ||
    event.type === 'session-missed' ||
    event.type === 'session-cancelled'
      ? [contactResource(course, event, next(event.type), patient)]
      : [],
  )
  const observations = course.measures.flatMap((measure) =>
    measureObservations(measure, next(measure.instrument), patient, name),
  )
  // A flag's id comes from its instrument and time, so it names the same flag in every export of the course.
  const flagId = (flag: OpenFlag) => {
    const id = `safety-flag-${flag.instrument}-${flag.at.replace(/[^0-9A-Za-z.-]/g, '')}`
    const seen = next(id)
    return seen === 1 ? id : `${id}-${seen}`
  }
  const flags = [
    ...course.safety.open.map((flag) => flagResource(flag, flagId(flag), patient)),
    ...course.safety.reviews.flatMap((review) =>
      review.closed.map((flag) => flagResource(flag, flagId(flag), patient, review.at)),
    ),
  ]
  const carePlan: CarePlan = {
    resourceType: 'CarePlan',
    id: 'care-plan',
    instantiatesCanonical: [`${protocolUrl(course.protocol.id)}|${course.protocol.version}`],
    status: carePlanStatus[course.phase],
    intent: 'plan',
    category: [iptConcept()],
    title: `${course.protocol.name}: course ${course.id}`,
    subject: patient,
    ...(contacts.length
      ? {
          activity: contacts.map((contact) =>
            contact.resourceType === 'Encounter'
              ? { outcomeReference: [refer(name, contact)] }
              : { reference: refer(name, contact) },
          ),
        }
      : {}),
  }
  return bundle(name, [carePlan, ...contacts, ...observations, ...flags])
}

export {
  fidelitySummaryToMeasureReport,
  type MeasureReportOptions,
  MeasureReportOptionsSchema,
  safeFidelitySummaryToMeasureReport,
} from './measure-report.js'
