/**
 * ipt-protocol/fhir, field by field: the codes, references, timings and statuses a FHIR consumer reads from each
 * resource (ipt-reference §9), beyond the structural validity that test/fhir.test.ts checks.
 */
import { createCourse, defineProtocol, planCourse, protocols, reschedulePlan } from 'ipt-protocol'
import {
  type Bundle,
  courseToFhir,
  type FhirResource,
  type PlanDefinitionAction,
  planToFhir,
  protocolToPlanDefinition,
} from 'ipt-protocol/fhir'
import { describe, expect, it } from 'vitest'
import { walk } from './support/course.js'
import { testVariant } from './support/protocol.js'

const snomedIpt = { system: 'http://snomed.info/sct', code: '443730003', display: 'Interpersonal psychotherapy' }
const patient = { reference: 'Patient/123' }

function resourcesOf<T extends FhirResource['resourceType']>(bundle: Bundle, type: T) {
  return bundle.entry
    .map((entry) => entry.resource)
    .filter((resource): resource is Extract<FhirResource, { resourceType: T }> => resource.resourceType === type)
}

function action(actions: PlanDefinitionAction[] | undefined, id: string): PlanDefinitionAction | undefined {
  return actions?.find((candidate) => candidate.id === id)
}

/** IPT-A with its first four sessions twice a week, and phone contacts after the first sessions of the weekly series. */
function earlyThenWeekly(fromSession: number, toSession: number) {
  return defineProtocol({
    ...testVariant,
    extends: 'ipt',
    id: 'ipt-early',
    name: 'IPT, twice weekly at first',
    schedule: {
      earlyFrequency: { sessions: 4, frequency: { every: 1, unit: 'week', times: 2 } },
      extraContacts: [
        {
          kind: 'phone-contact',
          placement: { type: 'after-sessions', fromSession, toSession, offsetDays: 2 },
          durationMinutes: 20,
          participants: ['patient'],
        },
      ],
    },
  })
}

describe('protocolToPlanDefinition: the definition itself', () => {
  it('identifies a protocol by its URN identifier, a computable name, its description and the IPT topic', () => {
    const definition = protocolToPlanDefinition(protocols['ipt-late-life'])
    expect(definition.identifier).toEqual([{ system: 'urn:ipt-protocol:protocol', value: 'ipt-late-life' }])
    expect(definition.name).toBe('IptLateLife')
    expect(protocolToPlanDefinition(protocols.ipt).name).toBe('Ipt')
    expect(definition.description).toBe(protocols['ipt-late-life'].description)
    expect(definition.topic).toEqual([{ coding: [snomedIpt] }])
  })

  it('prefixes a computable name that would not start with a letter', () => {
    const numbered = defineProtocol({ ...testVariant, extends: 'ipt', id: '2-step-ipt', name: 'Two-step IPT' })
    expect(protocolToPlanDefinition(numbered).name).toBe('Protocol2StepIpt')
  })

  it('records the protocol a variant is derived from, before its citations and rules', () => {
    const variant = defineProtocol({ ...testVariant, extends: 'ipt-a', id: 'ipt-a-school', name: 'IPT-A in schools' })
    const artifacts = protocolToPlanDefinition(variant).relatedArtifact ?? []
    expect(artifacts[0]).toEqual({
      type: 'derived-from',
      display: `ipt-a ${protocols['ipt-a'].version}`,
      resource: `urn:ipt-protocol:protocol:ipt-a|${protocols['ipt-a'].version}`,
    })
    expect(artifacts.filter((artifact) => artifact.type === 'derived-from')).toHaveLength(1)
    expect(protocolToPlanDefinition(protocols['ipt-a']).relatedArtifact?.[0]?.display).toBe(
      `ipt ${protocols.ipt.version}`,
    )
    expect(protocolToPlanDefinition(protocols.ipt).relatedArtifact?.[0]?.type).toBe('citation')
  })
})

describe('protocolToPlanDefinition: the session series', () => {
  it('codes the series with SNOMED CT 443730003 and no text, and lists the therapist then the patient', () => {
    const [series] = protocolToPlanDefinition(protocols.ipt).action ?? []
    expect(series?.code).toStrictEqual([{ coding: [snomedIpt] }])
    expect(series?.participant).toEqual([{ type: 'practitioner', role: { text: 'therapist' } }, { type: 'patient' }])
  })

  it('writes group members as patients and a partner as a related person, each with a role', () => {
    const [group] = protocolToPlanDefinition(protocols['ipt-group']).action ?? []
    expect(group?.participant).toEqual([
      { type: 'practitioner', role: { text: 'therapist' } },
      { type: 'patient' },
      { type: 'patient', role: { text: 'group' } },
    ])
    const couples = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-couples',
      name: 'Conjoint IPT',
      schedule: { participants: ['patient', 'partner'] },
    })
    expect(protocolToPlanDefinition(couples).action?.[0]?.participant).toEqual([
      { type: 'practitioner', role: { text: 'therapist' } },
      { type: 'patient' },
      { type: 'related-person', role: { text: 'partner' } },
    ])
  })

  it('gives durationMax only when the session length is a range', () => {
    const ipt = protocolToPlanDefinition(protocols.ipt).action?.[0]?.timingTiming?.repeat
    expect(ipt).toMatchObject({ count: 12, countMax: 16, duration: 45, durationMax: 60, durationUnit: 'min' })
    const group = protocolToPlanDefinition(protocols['ipt-group']).action?.[0]?.timingTiming?.repeat
    expect(group).toMatchObject({ count: 8, countMax: 10, duration: 90 })
    expect(group).not.toHaveProperty('durationMax')
    const ipta = protocolToPlanDefinition(protocols['ipt-a']).action?.[0]?.timingTiming?.repeat
    expect(ipta).toMatchObject({ count: 12, countMax: 16, duration: 35, durationMax: 50 })
    const brief = protocolToPlanDefinition(protocols['ipt-b']).action?.[0]?.timingTiming?.repeat
    expect(brief).toMatchObject({ count: 8 })
    expect(brief).not.toHaveProperty('countMax')
  })

  it('describes the session and minute ranges, the phases and who attends which session', () => {
    expect(protocolToPlanDefinition(protocols.ipt).action?.[0]?.description).toBe(
      '12–16 sessions (16 by default) of 45–60 minutes (50 by default); the initial phase takes up to 3, termination the last 3.',
    )
    expect(protocolToPlanDefinition(protocols['ipt-b']).action?.[0]?.description).toBe(
      '8 sessions of 45–60 minutes (50 by default); the initial phase takes up to 2, termination the last 3.',
    )
    expect(protocolToPlanDefinition(protocols['ipt-group']).action?.[0]?.description).toContain(
      'of 90 minutes; the initial phase',
    )
    expect(protocolToPlanDefinition(protocols['ipt-a']).action?.[0]?.description).toMatch(
      /termination the last 4; the first session: patient and parent; the last session: patient and parent\.$/,
    )
    const third = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-partner-third',
      name: 'IPT with the partner in session 3',
      schedule: { participantsBySession: [{ session: 3, participants: ['patient', 'partner'] }] },
    })
    expect(protocolToPlanDefinition(third).action?.[0]?.description).toMatch(/; session 3: patient and partner\.$/)
  })

  it('splits the session counts between an early series and the main one that follows it', () => {
    const actions = protocolToPlanDefinition(earlyThenWeekly(5, 8)).action
    const early = action(actions, 'early-sessions')
    expect(early?.title).toBe('IPT sessions 1–4')
    expect(early?.code).toStrictEqual([{ coding: [snomedIpt] }])
    expect(early?.participant).toEqual([{ type: 'practitioner', role: { text: 'therapist' } }, { type: 'patient' }])
    expect(early?.timingTiming?.repeat).toMatchObject({ count: 4, frequency: 2, period: 1, periodUnit: 'wk' })
    expect(early?.timingTiming?.repeat).not.toHaveProperty('countMax')
    const main = action(actions, 'sessions')
    expect(main?.timingTiming?.repeat).toMatchObject({ count: 8, countMax: 12, frequency: 1 })
    expect(main?.relatedAction).toEqual([{ actionId: 'early-sessions', relationship: 'after-end' }])
  })
})

describe('protocolToPlanDefinition: maintenance', () => {
  it('counts monthly slots of a schedule that meets every other month', () => {
    const bimonthly = defineProtocol({
      ...testVariant,
      extends: 'ipt-m',
      id: 'ipt-m-bimonthly',
      name: 'IPT-M every other month',
      schedule: { frequency: { every: 2, unit: 'month' } },
    })
    const [series] = protocolToPlanDefinition(bimonthly).action ?? []
    expect(series?.id).toBe('maintenance-sessions')
    expect(series?.timingTiming?.repeat).toMatchObject({ count: 12, countMax: 18, period: 2, periodUnit: 'mo' })
    expect(series?.description).toBe(
      'Maintenance sessions over 24–36 months (36 by default), 45–60 minutes (50 by default) each.',
    )
  })

  it('leaves out the count of a schedule bounded by months instead', () => {
    const weekly = defineProtocol({
      ...testVariant,
      extends: 'ipt-m',
      id: 'ipt-m-weekly',
      name: 'Weekly maintenance',
      schedule: { frequency: { every: 2, unit: 'week' } },
    })
    const repeat = protocolToPlanDefinition(weekly).action?.[0]?.timingTiming?.repeat
    expect(repeat).toMatchObject({ period: 2, periodUnit: 'wk', duration: 45, durationMax: 60 })
    expect(Object.keys(repeat ?? {})).not.toContain('count')
    expect(Object.keys(repeat ?? {})).not.toContain('countMax')
  })

  it('relates an extra contact of a maintenance schedule to the maintenance series', () => {
    const withPhone = defineProtocol({
      ...testVariant,
      extends: 'ipt-m',
      id: 'ipt-m-phone',
      name: 'IPT-M with phone check-ins',
      schedule: {
        extraContacts: [
          {
            kind: 'phone-contact',
            placement: { type: 'after-sessions', fromSession: 1, toSession: 2, offsetDays: 14 },
            durationMinutes: 10,
            participants: ['patient'],
          },
        ],
      },
    })
    const phone = action(protocolToPlanDefinition(withPhone).action, 'phone-contact')
    expect(phone?.relatedAction).toEqual([
      {
        actionId: 'maintenance-sessions',
        relationship: 'after-start',
        offsetDuration: { value: 14, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' },
      },
    ])
    expect(phone?.timingTiming?.repeat).toMatchObject({ count: 2, duration: 10, period: 1, periodUnit: 'mo' })
  })
})

describe('protocolToPlanDefinition: extra contacts', () => {
  it('codes and titles an extra contact by its kind, cites its source and documents its rule', () => {
    const phone = action(protocolToPlanDefinition(protocols['ipt-a']).action, 'phone-contact')
    expect(phone?.title).toBe('IPT phone contact')
    expect(phone?.code).toEqual([{ coding: [snomedIpt], text: 'phone contact' }])
    expect(phone?.description).toBe('One phone contact 3 days after each of sessions 1–4.')
    expect(phone?.documentation).toEqual([
      { type: 'citation', citation: 'seed 004: one phone contact per week during the first 4 weeks' },
      { type: 'documentation', label: 'IPTA-1', display: 'ipt-reference rule IPTA-1' },
    ])
    expect(phone?.participant).toEqual([{ type: 'practitioner', role: { text: 'therapist' } }, { type: 'patient' }])
    const preGroup = action(protocolToPlanDefinition(protocols['ipt-group']).action, 'pre-group-session')
    expect(preGroup?.code).toEqual([{ coding: [snomedIpt], text: 'pre group session' }])
    expect(preGroup?.description).toBe('One pre group session 7 days before the first session.')
    expect(preGroup?.documentation).toEqual([
      { type: 'citation', citation: 'WHO 2016 group IPT: one individual pre-group session' },
    ])
  })

  it('gives an extra contact with neither source nor rule no documentation', () => {
    const [phone] = protocolToPlanDefinition(earlyThenWeekly(5, 8)).action?.slice(-1) ?? []
    expect(phone?.id).toBe('phone-contact')
    expect(phone).not.toHaveProperty('documentation')
  })

  it('anchors contacts after sessions to the series holding their first session, with the exact offset', () => {
    const laterActions = protocolToPlanDefinition(earlyThenWeekly(5, 8)).action
    expect(action(laterActions, 'phone-contact')?.relatedAction).toEqual([
      {
        actionId: 'sessions',
        relationship: 'after-start',
        offsetDuration: { value: 2, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' },
      },
    ])
    expect(action(laterActions, 'phone-contact')?.timingTiming?.repeat).toMatchObject({
      count: 4,
      duration: 20,
      frequency: 1,
      period: 1,
      periodUnit: 'wk',
    })
    const earlyActions = protocolToPlanDefinition(earlyThenWeekly(1, 4)).action
    expect(action(earlyActions, 'phone-contact')?.relatedAction).toMatchObject([
      { actionId: 'early-sessions', relationship: 'after-start', offsetDuration: { value: 2 } },
    ])
    expect(action(earlyActions, 'phone-contact')?.timingTiming?.repeat).toMatchObject({ count: 4, frequency: 2 })
  })

  it('leaves the offset to the description when the contacts start after a later session of the series', () => {
    const withinEarly = protocolToPlanDefinition(earlyThenWeekly(3, 6)).action
    expect(action(withinEarly, 'phone-contact')?.relatedAction).toEqual([
      { actionId: 'early-sessions', relationship: 'after-start' },
    ])
    expect(action(withinEarly, 'phone-contact')?.description).toBe(
      'One phone contact 2 days after each of sessions 3–6.',
    )
    const withinMain = protocolToPlanDefinition(earlyThenWeekly(6, 7)).action
    expect(action(withinMain, 'phone-contact')?.relatedAction).toEqual([
      { actionId: 'sessions', relationship: 'after-start' },
    ])
  })

  it('anchors a contact before the first session to the first series, even when an early series leads', () => {
    const early = defineProtocol({
      ...testVariant,
      extends: 'ipt-group',
      id: 'ipt-group-early',
      name: 'Group IPT, twice weekly at first',
      schedule: { earlyFrequency: { sessions: 2, frequency: { every: 1, unit: 'week', times: 2 } } },
    })
    const preGroup = action(protocolToPlanDefinition(early).action, 'pre-group-session')
    expect(preGroup?.relatedAction).toMatchObject([
      { actionId: 'early-sessions', relationship: 'before-start', offsetDuration: { value: 7, code: 'd' } },
    ])
    expect(preGroup?.timingTiming?.repeat).toMatchObject({ count: 1, duration: 50, frequency: 2, period: 1 })
  })
})

/** IPT-A in New York with session 2 missed; sessions of 50 minutes rather than the default 45. */
function longerSessionsPlan() {
  const plan = planCourse(protocols['ipt-a'], {
    start: '2027-03-01',
    time: '16:00',
    timeZone: 'America/New_York',
    sessionMinutes: 50,
  })
  return reschedulePlan(plan, { type: 'missed', contactId: 'session-2027-03-08' })
}

describe('planToFhir: the care plan and its appointments', () => {
  it('spans the care plan from the first appointment’s start to the last one’s end, referencing each', () => {
    const plan = longerSessionsPlan()
    const bundle = planToFhir(plan, { patient, id: 'plan-1' })
    const [carePlan] = resourcesOf(bundle, 'CarePlan')
    const appointments = resourcesOf(bundle, 'Appointment')
    expect(carePlan?.period).toEqual({ start: '2027-03-01T16:00:00-05:00', end: appointments.at(-1)?.end })
    // The missed session moves the last of the 12 sessions to 24 May, after the change to daylight saving time.
    expect(carePlan?.period?.end).toBe('2027-05-24T16:50:00-04:00')
    expect(carePlan?.activity?.[0]).toEqual({
      reference: { reference: 'urn:ipt-protocol:plan-1/Appointment/session-2027-03-01', type: 'Appointment' },
    })
    expect(carePlan?.activity?.map((activity) => activity.reference?.reference)).toEqual(
      appointments.map((appointment) => `urn:ipt-protocol:plan-1/Appointment/${appointment.id}`),
    )
    expect(carePlan?.title).toBe('ipt-a course plan from 2027-03-01')
  })

  it('describes each appointment by kind, number and phase, naming a status other than planned', () => {
    const appointments = resourcesOf(planToFhir(longerSessionsPlan(), { patient }), 'Appointment')
    const byId = (id: string) => appointments.find((appointment) => appointment.id === id)
    expect(byId('session-2027-03-01')?.description).toBe('IPT session 1, initial phase')
    expect(byId('session-2027-03-08')).toMatchObject({
      status: 'noshow',
      description: 'IPT session 2, initial phase (missed)',
    })
    expect(byId('phone-contact-2027-03-04')).toMatchObject({
      description: 'IPT phone contact 1, initial phase',
      serviceType: [{ coding: [snomedIpt], text: 'phone contact' }],
      minutesDuration: 15,
      end: '2027-03-04T16:15:00-05:00',
    })
  })

  it('gives a plan without contacts a care plan with neither period nor activities', () => {
    const plan = { ...longerSessionsPlan(), contacts: [] }
    const bundle = planToFhir(plan, { patient, id: 'empty' })
    expect(bundle.entry).toHaveLength(1)
    const [carePlan] = resourcesOf(bundle, 'CarePlan')
    expect(carePlan).not.toHaveProperty('period')
    expect(carePlan?.activity).toEqual([])
  })
})

describe('courseToFhir: contacts', () => {
  const at = (day: string, time = '16:50') => `2027-03-${day}T${time}:00-05:00`

  it('refers to held contacts as outcomes and to missed or cancelled ones as appointments', () => {
    const { course } = walk(createCourse(protocols['ipt-a'], { id: 'teen-9', plan: longerSessionsPlan() }), [
      { type: 'session-held', at: at('01'), participants: ['patient', 'parent'], checks: ['suicidality'] },
      { type: 'session-missed', at: at('08') },
      { type: 'session-cancelled', at: at('09', '09:00') },
    ])
    const bundle = courseToFhir(course, { patient })
    const [carePlan] = resourcesOf(bundle, 'CarePlan')
    expect(carePlan?.instantiatesCanonical).toEqual([`urn:ipt-protocol:protocol:ipt-a|${protocols['ipt-a'].version}`])
    expect(carePlan?.category).toEqual([{ coding: [snomedIpt] }])
    expect(carePlan?.title).toBe(`${protocols['ipt-a'].name}: course teen-9`)
    expect(carePlan?.activity).toEqual([
      { outcomeReference: [{ reference: 'urn:ipt-protocol:teen-9/Encounter/session-1', type: 'Encounter' }] },
      { reference: { reference: 'urn:ipt-protocol:teen-9/Appointment/missed-session-1', type: 'Appointment' } },
      { reference: { reference: 'urn:ipt-protocol:teen-9/Appointment/cancelled-session-1', type: 'Appointment' } },
    ])
    const [encounter] = resourcesOf(bundle, 'Encounter')
    expect(encounter?.type).toEqual([{ coding: [snomedIpt], text: 'session 1' }])
    const [missed, cancelled] = resourcesOf(bundle, 'Appointment')
    // The plan's sessions last 50 minutes, not the protocol's default of 45.
    expect(missed).toMatchObject({ start: at('08', '16:00'), end: at('08'), minutesDuration: 50 })
    expect(missed?.serviceType).toEqual([{ coding: [snomedIpt], text: 'session' }])
    expect(missed?.participant).toEqual([{ actor: patient, status: 'accepted' }])
    expect(missed?.description).toBe(`IPT session missed, recorded ${at('08')}`)
    expect(cancelled?.serviceType).toEqual([{ coding: [snomedIpt], text: 'session' }])
  })

  it('times a missed session in the plan’s time zone, across a change of offset', () => {
    const { course } = walk(createCourse(protocols['ipt-a'], { id: 'teen-10', plan: longerSessionsPlan() }), [
      { type: 'session-missed', at: '2027-03-14T03:30:00-04:00' },
      { type: 'session-missed', at: '2027-03-21T20:50:00Z' },
    ])
    const [acrossChange, inUtc] = resourcesOf(courseToFhir(course, { patient }), 'Appointment')
    expect(acrossChange).toMatchObject({ start: '2027-03-14T01:40:00-05:00', end: '2027-03-14T03:30:00-04:00' })
    expect(inUtc).toMatchObject({ start: '2027-03-21T16:00:00-04:00', end: '2027-03-21T20:50:00Z' })
  })

  it('times a missed session of a course without a plan by the protocol’s default length and the event’s offset', () => {
    const { course } = walk(createCourse(protocols.ipt, { id: 'adult-3' }), [
      { type: 'session-missed', at: '2027-03-08T16:50:00+05:30' },
      { type: 'session-missed', at: '2027-03-15T16:50:00Z' },
    ])
    const [withOffset, inUtc] = resourcesOf(courseToFhir(course, { patient }), 'Appointment')
    expect(withOffset).toMatchObject({ start: '2027-03-08T16:00:00+05:30', minutesDuration: 50 })
    expect(inUtc).toMatchObject({ start: '2027-03-15T16:00:00+00:00', minutesDuration: 50 })
  })
})
