/**
 * ipt-protocol/fhir, checked against the FHIR R4 specification: Medplum's validator (structure, cardinality,
 * primitive formats and the FHIRPath invariants of the R4 StructureDefinitions) plus a check of the codes of every
 * required binding against the R4 value sets, which that validator leaves out.
 */
import {
  createCourse,
  defineProtocol,
  instruments,
  planCourse,
  protocols,
  reschedulePlan,
  startMaintenance,
} from 'ipt-protocol'
import {
  type Bundle,
  courseToFhir,
  type FhirResource,
  fhirCodes,
  type Observation,
  planToFhir,
  protocolToPlanDefinition,
} from 'ipt-protocol/fhir'
import { describe, expect, it } from 'vitest'
import { walk } from './support/course.js'
import { bindingErrors, expectValid, expectValidBundle, validate } from './support/fhir.js'
import { testVariant } from './support/protocol.js'

function resourcesOf<T extends FhirResource['resourceType']>(bundle: Bundle, type: T) {
  return bundle.entry
    .map((entry) => entry.resource)
    .filter((resource): resource is Extract<FhirResource, { resourceType: T }> => resource.resourceType === type)
}

const patient = { reference: 'Patient/123' }
const loincCodes = (observation: Observation) => observation.code.coding?.map((coding) => coding.code) ?? []

describe('the validator', () => {
  it('refuses a broken copy of each kind of output', () => {
    const appointment = resourcesOf(planToFhir(iptaPlan(), { patient }), 'Appointment')[0]
    const definition = protocolToPlanDefinition(protocols.ipt)
    const broken: object[] = [
      { ...appointment, end: undefined }, // app-2: start without end
      { ...appointment, start: '2027-03-15T10:00-04:00' }, // an instant needs seconds
      { ...definition, status: undefined }, // status is required
      { ...definition, action: [{ ...definition.action?.[0], schedule: 'weekly' }] }, // no such element
      { resourceType: 'Observation', status: 'final', code: { text: 'PHQ-9' }, valueInteger: 1.5 },
    ]
    for (const resource of broken)
      expect(() => validate(resource), JSON.stringify(resource)).toThrow(/Constraint|Invalid|Missing|Expected/)
  })

  it('checks each entry of a bundle on its own, as Medplum skips the invariants of an entry’s resource', () => {
    const broken = structuredClone(planToFhir(iptaPlan(), { patient }))
    const appointment = broken.entry[1]?.resource
    if (appointment?.resourceType === 'Appointment') delete appointment.end
    expect(() => validate(broken)).not.toThrow()
    expect(() => expectValidBundle(broken)).toThrow(/app-2/)
  })

  it('catches a code outside a required value set, which the validator itself does not check', () => {
    const definition = protocolToPlanDefinition(protocols.ipt)
    const repeat = { ...definition.action?.[0]?.timingTiming?.repeat, durationUnit: 'minutes' }
    const broken = { ...definition, action: [{ ...definition.action?.[0], timingTiming: { repeat } }] }
    expect(validate(broken)).toEqual([])
    expect(bindingErrors(broken, 'PlanDefinition')).toEqual([
      "PlanDefinition.action[0].timingTiming.repeat.durationUnit: 'minutes' is not in http://hl7.org/fhir/ValueSet/units-of-time|4.0.1",
    ])
    const appointment = { ...resourcesOf(planToFhir(iptaPlan(), { patient }), 'Appointment')[0], status: 'planned' }
    expect(bindingErrors(appointment, 'Appointment')).toHaveLength(1)
  })
})

describe('protocolToPlanDefinition', () => {
  it.each(Object.values(protocols).map((protocol) => [protocol.id, protocol] as const))(
    '%s is a valid PlanDefinition',
    (_, protocol) => {
      const definition = protocolToPlanDefinition(protocol)
      expectValid(definition)
      expect(definition).toMatchObject({
        id: protocol.id,
        url: `urn:ipt-protocol:protocol:${protocol.id}`,
        version: protocol.version,
        title: protocol.name,
        status: 'active',
        type: { coding: [{ code: 'clinical-protocol' }] },
      })
      const [series] = definition.action ?? []
      expect(series?.code?.[0]?.coding?.[0]).toEqual({
        system: 'http://snomed.info/sct',
        code: '443730003',
        display: 'Interpersonal psychotherapy',
      })
      const { schedule } = protocol
      expect(series?.timingTiming?.repeat).toMatchObject({
        frequency: schedule.frequency.times ?? 1,
        period: schedule.frequency.every,
        periodUnit: { day: 'd', week: 'wk', month: 'mo' }[schedule.frequency.unit],
        duration: schedule.sessionMinutes.min,
        durationUnit: 'min',
      })
      const { min, max } = schedule.type === 'acute' ? schedule.sessions : schedule.months
      expect(series?.timingTiming?.repeat?.count).toBe(min)
      expect(series?.timingTiming?.repeat?.countMax).toBe(max > min ? max : undefined)
      expect(definition.action).toHaveLength(1 + schedule.extraContacts.length)
      expect(
        definition.relatedArtifact?.filter((artifact) => artifact.type === 'documentation').map((a) => a.label),
      ).toEqual(protocol.rules)
    },
  )

  it('gives IPT-A its four weekly phone contacts three days after the start of the sessions', () => {
    const definition = protocolToPlanDefinition(protocols['ipt-a'])
    expect(definition.action?.[1]).toMatchObject({
      id: 'phone-contact',
      relatedAction: [{ actionId: 'sessions', relationship: 'after-start', offsetDuration: { value: 3, code: 'd' } }],
      timingTiming: {
        repeat: { count: 4, frequency: 1, period: 1, periodUnit: 'wk', duration: 15, durationUnit: 'min' },
      },
    })
    expect(definition.useContext?.[0]?.valueRange).toMatchObject({ low: { value: 12 }, high: { value: 18 } })
  })

  it('puts group IPT’s pre-group session a week before the sessions, and IPT-M monthly for 24–36 months', () => {
    expect(protocolToPlanDefinition(protocols['ipt-group']).action?.[1]).toMatchObject({
      id: 'pre-group-session',
      relatedAction: [{ actionId: 'sessions', relationship: 'before-start', offsetDuration: { value: 7, code: 'd' } }],
      timingTiming: { repeat: { count: 1, duration: 50 } },
    })
    expect(protocolToPlanDefinition(protocols['ipt-m']).action).toMatchObject([
      {
        id: 'maintenance-sessions',
        timingTiming: { repeat: { count: 24, countMax: 36, period: 1, periodUnit: 'mo' } },
      },
    ])
  })

  it('writes an early frequency as its own series and bounds a weekly maintenance schedule by months', () => {
    const early = defineProtocol({
      ...testVariant,
      extends: 'ipt-a',
      id: 'ipt-a-twice-weekly',
      name: 'IPT-A, twice weekly at first',
      schedule: { earlyFrequency: { sessions: 4, frequency: { every: 1, unit: 'week', times: 2 } } },
    })
    const definition = protocolToPlanDefinition(early)
    expectValid(definition)
    expect(definition.action?.map((action) => [action.id, action.timingTiming?.repeat?.count])).toEqual([
      ['early-sessions', 4],
      ['sessions', 8],
      ['phone-contact', 4],
    ])
    expect(definition.action?.[0]?.timingTiming?.repeat).toMatchObject({ frequency: 2, period: 1, periodUnit: 'wk' })
    expect(definition.action?.[1]?.relatedAction).toEqual([{ actionId: 'early-sessions', relationship: 'after-end' }])
    const weekly = defineProtocol({
      ...testVariant,
      extends: 'ipt-m',
      id: 'ipt-m-weekly',
      name: 'Weekly maintenance',
      schedule: { frequency: { every: 2, unit: 'week' } },
    })
    const maintenance = protocolToPlanDefinition(weekly)
    expectValid(maintenance)
    expect(maintenance.action?.[0]?.timingTiming?.repeat).toMatchObject({
      period: 2,
      periodUnit: 'wk',
      boundsRange: { low: { value: 24, code: 'mo' }, high: { value: 36, code: 'mo' } },
    })
    expect(maintenance.action?.[0]?.timingTiming?.repeat?.count).toBeUndefined()
  })
})

/** IPT-A in New York across the DST change of 14 March 2027, with a missed and a cancelled session. */
function iptaPlan() {
  const plan = planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' })
  const missed = reschedulePlan(plan, { type: 'missed', contactId: 'session-2027-03-08' })
  return reschedulePlan(missed, { type: 'cancelled', contactId: 'phone-contact-2027-03-18' })
}

describe('planToFhir', () => {
  it('writes a valid bundle of a care plan and one appointment per contact, statuses mapped', () => {
    const plan = iptaPlan()
    const bundle = planToFhir(plan, { patient })
    expectValidBundle(bundle)
    const appointments = resourcesOf(bundle, 'Appointment')
    expect(appointments).toHaveLength(plan.contacts.length)
    expect(resourcesOf(bundle, 'CarePlan')).toMatchObject([
      {
        status: 'active',
        intent: 'plan',
        subject: patient,
        instantiatesCanonical: [`urn:ipt-protocol:protocol:ipt-a|${protocols['ipt-a'].version}`],
        category: [{ coding: [{ code: '443730003' }] }],
      },
    ])
    const status = { planned: 'booked', held: 'fulfilled', missed: 'noshow', cancelled: 'cancelled' }
    for (const [index, contact] of plan.contacts.entries()) {
      const appointment = appointments[index]
      expect(appointment).toMatchObject({
        id: contact.id,
        status: status[contact.status],
        start: contact.start,
        minutesDuration: contact.durationMinutes,
        serviceType: [{ coding: [{ system: 'http://snomed.info/sct', code: '443730003' }] }],
      })
      expect(appointment?.participant[0]).toEqual({ actor: patient, status: 'accepted' })
      expect(appointment?.description).toContain(`${contact.number}, ${contact.phase} phase`)
      expect(Date.parse(appointment?.end ?? '') - Date.parse(contact.start)).toBe(contact.durationMinutes * 60_000)
      expect(appointment?.end?.slice(-6)).toBe(contact.start.slice(-6)) // the same offset: no contact spans the change
    }
    expect(appointments.map((appointment) => appointment.status)).toEqual(
      expect.arrayContaining(['booked', 'noshow', 'cancelled']),
    )
    expect(appointments.find((appointment) => appointment.id === 'session-2027-03-01')?.participant).toEqual([
      { actor: patient, status: 'accepted' },
      { type: [{ text: 'parent' }], status: 'needs-action' },
    ])
    expect(new Set(appointments.map((appointment) => appointment.start?.slice(-6)))).toEqual(
      new Set(['-05:00', '-04:00']),
    )
  })

  it('names its entries by the id given, and writes the same bundle for the same plan', () => {
    const plan = iptaPlan()
    const bundle = planToFhir(plan, { patient, id: 'course 7' })
    expect(bundle.entry[1]?.fullUrl).toBe('urn:ipt-protocol:course%207/Appointment/session-2027-03-01')
    expect(planToFhir(plan, { patient, id: 'course 7' })).toEqual(bundle)
    expect(JSON.parse(JSON.stringify(bundle))).toEqual(bundle)
    const group = planCourse(protocols['ipt-group'], { start: '2027-03-01', time: '18:00', timeZone: 'Europe/Berlin' })
    expectValidBundle(planToFhir(group, { patient }))
  })
})

describe('courseToFhir', () => {
  const at = (day: string, time = '16:50') => `2027-03-${day}T${time}:00-05:00`
  const course = () =>
    walk(createCourse(protocols['ipt-a'], { id: 'teen-7', plan: iptaPlan() }), [
      {
        type: 'measure-recorded',
        at: at('01', '15:50'),
        instrument: 'phq-9',
        items: [2, 2, 2, 2, 1, 1, 1, 1, 1],
      },
      { type: 'safety-reviewed', at: at('01', '15:55'), outcome: 'no-current-risk' },
      { type: 'measure-recorded', at: at('01', '15:56'), instrument: 'hamd-17', total: 18 },
      {
        type: 'session-held',
        at: at('01'),
        participants: ['patient', 'parent'],
        checks: ['suicidality', 'school-attendance'],
      },
      { type: 'phone-contact-held', at: at('04', '16:15'), checks: ['suicidality', 'school-attendance'] },
      { type: 'session-missed', at: at('08') },
      { type: 'session-cancelled', at: at('09', '09:00') },
      { type: 'session-held', at: at('10'), checks: ['suicidality', 'school-attendance'] },
      { type: 'measure-recorded', at: at('10', '16:55'), instrument: 'phq-9', total: 9 },
    ]).course

  it('writes a valid bundle for a course with held, missed and phone contacts and its measures', () => {
    const bundle = courseToFhir(course(), { patient })
    expectValidBundle(bundle)
    const [carePlan] = resourcesOf(bundle, 'CarePlan')
    expect(carePlan).toMatchObject({ status: 'active', intent: 'plan', subject: patient })
    expect(carePlan?.activity).toHaveLength(5)
    expect(
      resourcesOf(bundle, 'Encounter').map((encounter) => [encounter.id, encounter.class.code, encounter.period]),
    ).toEqual([
      ['session-1', 'AMB', { end: at('01') }],
      ['phone-contact-1', 'VR', { end: at('04', '16:15') }],
      ['session-2', 'AMB', { end: at('10') }],
    ])
    expect(resourcesOf(bundle, 'Appointment')).toMatchObject([
      { status: 'noshow', start: at('08', '16:05'), end: at('08'), minutesDuration: 45 },
      { status: 'cancelled' },
    ])
    expect(resourcesOf(bundle, 'Appointment')[1]?.start).toBeUndefined()
  })

  it('codes PHQ-9 with LOINC (panel, total, item 9) and HAM-D-17 by text only', () => {
    expect(fhirCodes.phq9).toEqual(instruments['phq-9'].loinc)
    const observations = resourcesOf(courseToFhir(course(), { patient }), 'Observation')
    expect(
      observations.map((observation) => [observation.id, loincCodes(observation), observation.valueInteger]),
    ).toEqual([
      ['phq-9-1', ['44249-1'], undefined],
      ['phq-9-1-total', ['44261-6'], 13],
      ['phq-9-1-item-9', ['44260-8'], 1],
      ['hamd-17-1', [], 18],
      ['phq-9-2', ['44249-1'], undefined],
      ['phq-9-2-total', ['44261-6'], 9],
    ])
    for (const observation of observations) {
      expect(observation).toMatchObject({
        status: 'final',
        subject: patient,
        category: [{ coding: [{ code: 'survey' }] }],
      })
    }
    expect(observations[0]?.hasMember?.map((member) => member.reference)).toEqual([
      'urn:ipt-protocol:teen-7/Observation/phq-9-1-total',
      'urn:ipt-protocol:teen-7/Observation/phq-9-1-item-9',
    ])
    expect(observations[0]?.effectiveDateTime).toBe(at('01', '15:50'))
    expect(observations[3]?.code).toEqual({ text: 'Hamilton Depression Rating Scale (17 items), total score' })
  })

  it('revokes the care plan of a discontinued course', () => {
    const { course: discontinued } = walk(createCourse(protocols.ipt, { id: 'c' }), [
      { type: 'course-discontinued', at: at('02'), reason: 'drop-out' },
    ])
    const bundle = courseToFhir(discontinued, { patient })
    expectValidBundle(bundle)
    expect(resourcesOf(bundle, 'CarePlan')[0]?.status).toBe('revoked')
    expect(resourcesOf(bundle, 'CarePlan')[0]?.activity).toBeUndefined()
  })

  it('writes each safety flag as a Flag: active while open, even on a completed course, inactive once reviewed (§8a)', () => {
    const flagged = walk(createCourse(protocols.ipt, { id: 'c' }), [
      { type: 'measure-recorded', at: at('01'), instrument: 'hamd-17', items: [0, 0, 4, ...Array(14).fill(0)] },
      { type: 'course-completed', at: at('02') },
    ]).course
    const open = courseToFhir(flagged, { patient })
    expectValidBundle(open)
    expect(resourcesOf(open, 'CarePlan')[0]?.status).toBe('completed')
    expect(resourcesOf(open, 'Flag')).toEqual([
      {
        resourceType: 'Flag',
        id: 'safety-flag-hamd-17-2027-03-01T165000-0500',
        status: 'active',
        category: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'safety', display: 'Safety' },
            ],
          },
        ],
        code: { text: 'HAM-D-17 item 3 (suicide) = 4, suicide attempt, high risk' },
        subject: patient,
        period: { start: at('01') },
      },
    ])
    const reviewed = walk(flagged, [{ type: 'safety-reviewed', at: at('03'), outcome: 'referred' }]).course
    const closed = courseToFhir(reviewed, { patient })
    expectValidBundle(closed)
    expect(resourcesOf(closed, 'Flag')).toMatchObject([
      // The same id in every export: the flag keeps its name once reviewed.
      {
        id: 'safety-flag-hamd-17-2027-03-01T165000-0500',
        status: 'inactive',
        period: { start: at('01'), end: at('03') },
      },
    ])
  })

  it('codes a PHQ-9 flag with the LOINC code of item 9 and names a flag carried from an earlier course', () => {
    const bundle = courseToFhir(course(), { patient })
    expect(resourcesOf(bundle, 'Flag')).toMatchObject([
      { status: 'inactive', code: { coding: [{ system: fhirCodes.loinc, code: fhirCodes.phq9.item9 }] } },
    ])
    const acute = walk(createCourse(protocols.ipt, { id: 'acute' }), [
      { type: 'measure-recorded', at: at('01'), instrument: 'phq-9', items: [0, 0, 0, 0, 0, 0, 0, 0, 2] },
      { type: 'course-completed', at: at('02') },
    ]).course
    const handedOn = startMaintenance(acute, { id: 'm', combinedWithMedication: true })
    if (!handedOn.ok) throw new Error(JSON.stringify(handedOn.issues))
    const carried = courseToFhir(handedOn.course, { patient })
    expectValidBundle(carried)
    expect(resourcesOf(carried, 'Flag')).toMatchObject([
      {
        status: 'active',
        code: { text: expect.stringContaining('raised in course acute') },
        period: { start: at('01') },
      },
    ])
  })
})
