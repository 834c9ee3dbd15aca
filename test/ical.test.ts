/**
 * `ipt-protocol/ical`: the iCalendar text is read back with a real parser, ical.js, and every event is compared
 * with the plan it came from: instants across daylight-saving changes (New York, and Lord Howe's 30-minute shift),
 * UIDs, statuses, summaries, and RFC 5545's line rules (CRLF, folding at 75 octets, TEXT escaping).
 */
import fc from 'fast-check'
import ICAL from 'ical.js'
import { type CoursePlan, type PlannedContact, planCourse, protocols, reschedulePlan } from 'ipt-protocol'
import {
  defaultICalendarLabels,
  type ICalendarOptions,
  ICalendarOptionsSchema,
  planToICalendar,
  safePlanToICalendar,
} from 'ipt-protocol/ical'
import { describe, expect, it } from 'vitest'
import { thrownIssues } from './support/errors.js'
import { localInZone } from './support/time.js'

const base = { stamp: '2027-02-20T09:00:00Z', uidDomain: 'clinic.example' } satisfies ICalendarOptions

interface ParsedEvent {
  uid: string
  summary: string
  description: string | undefined
  start: number
  end: number
  status: string
  sequence: number
  transparency: string
  classification: string
  stamp: string
  categories: string[]
}

/** Parses iCalendar text with ical.js: the calendar component and its events, in file order. */
function parse(ics: string): { calendar: ICAL.Component; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(ics))
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent)
    const description = vevent.getFirstPropertyValue('description')
    return {
      uid: event.uid,
      summary: event.summary,
      description: description === null ? undefined : String(description),
      start: event.startDate.toJSDate().getTime(),
      end: event.endDate.toJSDate().getTime(),
      status: String(vevent.getFirstPropertyValue('status')),
      sequence: event.sequence,
      transparency: String(vevent.getFirstPropertyValue('transp')),
      classification: String(vevent.getFirstPropertyValue('class')),
      stamp: String(vevent.getFirstPropertyValue('dtstamp')),
      categories: (vevent.getFirstProperty('categories')?.getValues() ?? []).map(String),
    }
  })
  return { calendar, events }
}

/** The physical lines of the text: split at CRLF, without the empty string after the final CRLF. */
function physicalLines(ics: string): string[] {
  expect(ics.endsWith('\r\n')).toBe(true)
  return ics.slice(0, -2).split('\r\n')
}

function octets(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** Every event matches its contact: the same instant, the contact's length, UID from its id. */
function expectEventsMatch(plan: CoursePlan, ics: string, uid = (contact: PlannedContact) => contact.id): void {
  const { events } = parse(ics)
  expect(events).toHaveLength(plan.contacts.length)
  plan.contacts.forEach((contact, index) => {
    const event = events[index]
    expect(event?.uid).toBe(`${uid(contact)}@clinic.example`)
    expect(event?.start, contact.id).toBe(Date.parse(contact.start))
    expect(event?.end, contact.id).toBe(Date.parse(contact.start) + contact.durationMinutes * 60_000)
  })
}

describe('planToICalendar: the calendar', () => {
  const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'America/New_York' })
  const ics = planToICalendar(plan, base)

  it('writes VERSION 2.0, a PRODID, CALSCALE GREGORIAN and METHOD PUBLISH', () => {
    const { calendar } = parse(ics)
    expect(calendar.name).toBe('vcalendar')
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0')
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//ipt-protocol//ipt-protocol//EN')
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN')
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH')
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true)
    expect(ics.endsWith('END:VEVENT\r\nEND:VCALENDAR\r\n')).toBe(true)
  })

  it('ends every line with CRLF and has no bare CR or LF', () => {
    expect(ics.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
  })

  it('writes one event per contact, with UTC times and no VTIMEZONE', () => {
    expect(ics.match(/^BEGIN:VEVENT$/gm)).toHaveLength(plan.contacts.length)
    expect(ics).not.toContain('VTIMEZONE')
    expect(ics).not.toContain('TZID')
    expect(ics).toContain('\r\nDTSTART:20270301T150000Z\r\nDTEND:20270301T155000Z\r\n')
    expect(ics).toContain('\r\nDTSTART:20270315T140000Z\r\n')
  })

  it('stamps every event with options.stamp in UTC, whatever offset it was given in', () => {
    const shifted = planToICalendar(plan, { ...base, stamp: '2027-02-20T10:00:00+01:00' })
    expect(shifted).toBe(ics)
    expect(parse(ics).events.every((event) => event.stamp === '2027-02-20T09:00:00Z')).toBe(true)
    expect(ics).toContain('\r\nDTSTAMP:20270220T090000Z\r\n')
  })

  it('is deterministic: the same input gives the same bytes', () => {
    expect(planToICalendar(structuredClone(plan), { ...base })).toBe(ics)
  })

  it('takes a PRODID, a calendar name and a classification', () => {
    const named = planToICalendar(plan, {
      ...base,
      productId: '-//Clinic//Scheduler 2.0//EN',
      calendarName: 'IPT, course 42',
      classification: 'CONFIDENTIAL',
    })
    const { calendar, events } = parse(named)
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Clinic//Scheduler 2.0//EN')
    expect(named).toContain('\r\nNAME:IPT\\, course 42\r\nX-WR-CALNAME:IPT\\, course 42\r\n')
    expect(events.every((event) => event.classification === 'CONFIDENTIAL')).toBe(true)
    expect(parse(ics).events.every((event) => event.classification === 'PRIVATE')).toBe(true)
    expect(ics).not.toMatch(/NAME:/)
  })

  it('takes any host name as the UID domain: one-letter labels, hyphens, several dots', () => {
    const uids = parse(planToICalendar(plan, { ...base, uidDomain: 'a.b-c.d' })).events.map((event) => event.uid)
    expect(uids.every((uid) => uid.endsWith('@a.b-c.d'))).toBe(true)
  })
})

describe('planToICalendar: instants across daylight-saving changes', () => {
  it('keeps 10:00 in New York across the change of 14 March 2027', () => {
    const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'America/New_York' })
    expect(plan.contacts.map((contact) => contact.start.slice(-6))).toContain('-05:00')
    expect(plan.contacts.map((contact) => contact.start.slice(-6))).toContain('-04:00')
    const ics = planToICalendar(plan, base)
    expectEventsMatch(plan, ics)
    for (const event of parse(ics).events) {
      expect(localInZone(new Date(event.start).toISOString(), 'America/New_York').time).toBe('10:00')
    }
  })

  it('places IPT-A phone contacts and sessions exactly, in New York', () => {
    const plan = planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:30', timeZone: 'America/New_York' })
    expect(plan.contacts.some((contact) => contact.kind === 'phone-contact')).toBe(true)
    expectEventsMatch(plan, planToICalendar(plan, base))
  })

  it('follows Lord Howe Island’s 30-minute shifts in April and October 2027', () => {
    for (const start of ['2027-03-01', '2027-09-06']) {
      const plan = planCourse(protocols.ipt, { start, time: '10:00', timeZone: 'Australia/Lord_Howe' })
      const offsets = new Set(plan.contacts.map((contact) => contact.start.slice(-6)))
      expect(offsets).toEqual(new Set(['+11:00', '+10:30']))
      const ics = planToICalendar(plan, base)
      expectEventsMatch(plan, ics)
      for (const event of parse(ics).events) {
        expect(localInZone(new Date(event.start).toISOString(), 'Australia/Lord_Howe').time).toBe('10:00')
      }
    }
  })

  it('places a contact moved by the daylight-saving gap at the instant the plan gives it', () => {
    const plan = planCourse(protocols.ipt, { start: '2027-03-07', time: '02:30', timeZone: 'America/New_York' })
    expect(plan.contacts[1]?.start).toBe('2027-03-14T03:30:00-04:00')
    expectEventsMatch(plan, planToICalendar(plan, base))
  })

  it('matches the plan for any protocol, zone, date and time (property)', () => {
    const zones = [
      'UTC',
      'America/New_York',
      'Australia/Lord_Howe',
      'Europe/London',
      'Asia/Kolkata',
      'America/Santiago',
    ]
    const ids = Object.keys(protocols) as Array<keyof typeof protocols>
    fc.assert(
      fc.property(
        fc.constantFrom(...ids),
        fc.constantFrom(...zones),
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45),
        (id, timeZone, day, hour, minute) => {
          const start = day.toISOString().slice(0, 10)
          const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
          const plan = planCourse(protocols[id], { start, time, timeZone })
          const ics = planToICalendar(plan, { ...base, uidPrefix: 'c1.' })
          expectEventsMatch(plan, ics, (contact) => `c1.${contact.id}`)
          expect(physicalLines(ics).every((line) => octets(line) <= 75)).toBe(true)
        },
      ),
      { numRuns: 40, seed: 20270314 },
    )
  })
})

describe('planToICalendar: UIDs, statuses and sequence', () => {
  const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'Europe/London' })

  it('gives every event a unique UID from the prefix, the contact id and the domain', () => {
    const { events } = parse(planToICalendar(plan, { ...base, uidPrefix: 'course-42.' }))
    const uids = events.map((event) => event.uid)
    expect(new Set(uids).size).toBe(uids.length)
    expect(uids[2]).toBe('course-42.session-2027-03-15@clinic.example')
  })

  it('keeps the UID of every contact that keeps its date through a reschedule', () => {
    const missed = reschedulePlan(plan, { type: 'missed', contactId: 'session-2027-03-15' })
    const cancelled = reschedulePlan(missed, { type: 'cancelled', contactId: 'session-2027-03-29' })
    const before = new Map(parse(planToICalendar(plan, base)).events.map((event) => [event.uid, event]))
    const after = parse(planToICalendar(cancelled, base)).events
    const kept = cancelled.contacts.filter((contact) => plan.contacts.some((old) => old.id === contact.id))
    expect(kept.length).toBe(plan.contacts.length)
    for (const contact of kept) {
      const event = after.find((candidate) => candidate.uid === `${contact.id}@clinic.example`)
      const previous = before.get(`${contact.id}@clinic.example`)
      expect(event?.start).toBe(previous?.start)
      // A newer revision of the same event: SEQUENCE grows with every reschedule.
      expect(event?.sequence).toBeGreaterThan(previous?.sequence ?? Number.POSITIVE_INFINITY)
    }
    expect(after.map((event) => event.sequence)).toEqual(after.map(() => 2))
    // The moved tail is new events: two extra sessions at the end.
    expect(after).toHaveLength(plan.contacts.length + 2)
  })

  it('maps planned to CONFIRMED, and missed and cancelled to CANCELLED with a prefix, transparent', () => {
    const changed = reschedulePlan(reschedulePlan(plan, { type: 'missed', contactId: 'session-2027-03-15' }), {
      type: 'cancelled',
      contactId: 'session-2027-03-29',
    })
    const { events } = parse(planToICalendar(changed, base))
    changed.contacts.forEach((contact, index) => {
      const event = events[index]
      expect(event?.status).toBe(contact.status === 'planned' ? 'CONFIRMED' : 'CANCELLED')
      expect(event?.transparency).toBe(contact.status === 'planned' ? 'OPAQUE' : 'TRANSPARENT')
    })
    expect(events[2]?.summary).toBe('Missed: IPT session 3 (initial phase)')
    expect(events[4]?.summary).toBe('Cancelled: IPT session 4 (middle phase)')
    expect(events[3]?.summary).toBe('IPT session 3 (initial phase)')
  })
})

describe('planToICalendar: summaries, descriptions and categories', () => {
  const plan = planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' })

  it('writes English summaries by default, naming the phase of acute sessions', () => {
    const { events } = parse(planToICalendar(plan, base))
    expect(events[0]?.summary).toBe('IPT-A session 1 (initial phase)')
    expect(events[3]?.summary).toBe('IPT-A phone contact 2')
    expect(events[0]?.categories).toEqual(['IPT-A', 'initial phase'])
    expect(events[0]?.description).toBeUndefined()
    expect(defaultICalendarLabels.kinds['maintenance-session']).toBe('maintenance session')
  })

  it('names maintenance sessions by kind', () => {
    const maintenance = planCourse(protocols['ipt-m'], { start: '2027-03-01', time: '10:00', timeZone: 'UTC' })
    const { events } = parse(planToICalendar(maintenance, base))
    expect(events[0]?.summary).toBe('IPT-M maintenance session 1')
    expect(events[0]?.categories).toEqual(['IPT-M', 'maintenance'])
  })

  it('takes its words from the labels option', () => {
    const missed = reschedulePlan(plan, { type: 'missed', contactId: 'session-2027-03-08' })
    const { events } = parse(
      planToICalendar(missed, {
        ...base,
        labels: {
          protocol: 'TIP-A',
          kinds: { session: 'sesión', 'phone-contact': 'llamada' },
          phases: { initial: 'fase inicial' },
          missed: 'Perdida',
        },
      }),
    )
    expect(events[0]?.summary).toBe('TIP-A sesión 1 (fase inicial)')
    expect(events[1]?.summary).toBe('TIP-A llamada 1')
    expect(events[2]?.summary).toBe('Perdida: TIP-A sesión 2 (fase inicial)')
    expect(events[0]?.categories).toEqual(['TIP-A', 'fase inicial'])
    const middle = events.find((event) => event.categories[1] === 'middle phase')
    expect(middle?.summary).toMatch(/^TIP-A (sesión|llamada) \d+/)
  })

  it('takes summaries and descriptions from host functions, the default where they return undefined', () => {
    const { events } = parse(
      planToICalendar(plan, {
        ...base,
        summary: (contact, { labels }) =>
          contact.kind === 'session' ? `Sitzung ${contact.number} – ${labels.protocol}` : undefined,
        description: (contact) => `Teilnehmende: ${contact.participants.join(', ')}\nDauer: ${contact.durationMinutes}`,
      }),
    )
    expect(events[0]?.summary).toBe('Sitzung 1 – IPT-A')
    expect(events[1]?.summary).toBe('IPT-A phone contact 1')
    expect(events[0]?.description).toBe('Teilnehmende: patient, parent\nDauer: 45')
  })
})

describe('planToICalendar: folding and escaping', () => {
  const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'Europe/Berlin' })
  const tricky =
    'Sitzung; Übertragung, Trauer \\ Rollenwechsel — 面談の記録, 😀 emoji; «quotes» "double" and: colons, ' +
    'then a second line\nand more; Ärztin, Größe, ½ ✓ 𝄞 until it is well past seventy-five octets'

  it('round-trips a long summary with commas, semicolons, backslashes, newlines and non-ASCII', () => {
    expect(octets(tricky)).toBeGreaterThan(150)
    const ics = planToICalendar(plan, { ...base, summary: () => tricky, description: () => tricky })
    const { events } = parse(ics)
    for (const event of events) {
      expect(event.summary).toBe(tricky)
      expect(event.description).toBe(tricky)
    }
    expect(ics).toContain('SUMMARY:Sitzung\\; Übertragung\\, Trauer \\\\ Rollenwechsel')
  })

  it('folds no line beyond 75 octets and never splits a character', () => {
    // Shift the long value by 0–3 ASCII characters so that multi-byte characters meet every fold position.
    for (const pad of ['', 'a', 'ab', 'abc']) {
      const ics = planToICalendar(plan, { ...base, summary: () => pad + tricky.repeat(3) })
      const lines = physicalLines(ics)
      for (const line of lines) {
        expect(octets(line), line).toBeLessThanOrEqual(75)
        // A split character would leave a lone surrogate or a replacement character at a line's edge.
        expect(line).not.toMatch(/[\uD800-\uDFFF]/u)
        expect(line).not.toContain('\uFFFD')
      }
      const continued = lines.filter((line) => line.startsWith(' '))
      expect(continued.length).toBeGreaterThan(3)
      expect(lines.some((line) => octets(line) === 75 || octets(line) >= 72)).toBe(true)
      expect(parse(ics).events[0]?.summary).toBe(pad + tricky.repeat(3))
    }
  })

  it('does not fold a line of exactly 75 octets, and folds one of 76', () => {
    const fits = 'x'.repeat(75 - 'SUMMARY:'.length)
    expect(planToICalendar(plan, { ...base, summary: () => fits })).toContain(`\r\nSUMMARY:${fits}\r\n`)
    const folded = planToICalendar(plan, { ...base, summary: () => `${fits}y` })
    expect(folded).toContain(`\r\nSUMMARY:${fits}\r\n y\r\n`)
  })

  it('writes CR and CRLF as \\n, drops other control characters and replaces lone surrogates', () => {
    const ics = planToICalendar(plan, {
      ...base,
      summary: () => 'a\r\nb\rc\nd\u0000e\u001bf\u007fg\th\uD800i',
    })
    expect(ics).toContain('\r\nSUMMARY:a\\nb\\nc\\nde')
    expect(parse(ics).events[0]?.summary).toBe('a\nb\nc\ndefg\th\uFFFDi')
  })

  it('escapes labels and the calendar name too', () => {
    const ics = planToICalendar(plan, { ...base, labels: { protocol: 'IPT; adults, weekly' } })
    const { events } = parse(ics)
    expect(events[0]?.summary).toBe('IPT; adults, weekly session 1 (initial phase)')
    expect(events[0]?.categories).toEqual(['IPT; adults, weekly', 'initial phase'])
  })
})

describe('planToICalendar: invalid input', () => {
  const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'UTC' })

  it('throws ProtocolError for a non-plan, and the safe twin returns the same issues', () => {
    for (const notAPlan of [{}, null, 'plan', { ...plan, contacts: 'none' }]) {
      const issues = thrownIssues(() => planToICalendar(notAPlan as unknown as CoursePlan, base))
      expect(issues.length).toBeGreaterThan(0)
      expect(issues.every((issue) => issue.path?.[0] === 'plan' || issue.path?.length === 1)).toBe(true)
      expect(safePlanToICalendar(notAPlan as unknown as CoursePlan, base)).toEqual({ success: false, issues })
    }
  })

  it('rejects a bad stamp, wherever it goes wrong', () => {
    for (const stamp of ['yesterday', '2027-03-15', '2027-03-15T10:00:00', '2027-02-30T10:00:00Z', '']) {
      const result = safePlanToICalendar(plan, { ...base, stamp })
      expect(result.success, stamp).toBe(false)
      if (!result.success) expect(result.issues[0]?.path).toEqual(['options', 'stamp'])
    }
    const issues = thrownIssues(() => planToICalendar(plan, { ...base, stamp: 'yesterday' }))
    expect(issues[0]?.path).toEqual(['options', 'stamp'])
  })

  it('rejects instants outside the years 1900–2999, which a four-digit DATE-TIME could not hold', () => {
    for (const stamp of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59-23:59', '1899-12-31T23:00:00Z']) {
      const issues = thrownIssues(() => planToICalendar(plan, { ...base, stamp }))
      expect(issues).toEqual([
        expect.objectContaining({ code: 'date-out-of-range', path: ['options', 'stamp'], params: expect.anything() }),
      ])
    }
    expect(planToICalendar(plan, { ...base, stamp: '1900-01-01T00:00:00Z' })).toContain('DTSTAMP:19000101T000000Z')
    const edited = {
      ...plan,
      contacts: plan.contacts.map((c, i) => (i === 2 ? { ...c, start: '0001-01-01T00:00:00Z' } : c)),
    }
    expect(thrownIssues(() => planToICalendar(edited, base))).toEqual([
      expect.objectContaining({ code: 'date-out-of-range', path: ['plan', 'contacts', 2, 'start'] }),
    ])
  })

  it('rejects a contact longer than a protocol allows (600 minutes), so that no end falls outside time', () => {
    // Found by the fuzz test: 143969904241 minutes made the end an invalid Date, and planToICalendar threw a RangeError.
    const edited = {
      ...plan,
      contacts: plan.contacts.map((c, i) => (i === 3 ? { ...c, durationMinutes: 143969904241 } : c)),
    }
    expect(thrownIssues(() => planToICalendar(edited, base))).toEqual([
      expect.objectContaining({ code: 'too-big', path: ['plan', 'contacts', 3, 'durationMinutes'] }),
    ])
    const longest = { ...plan, contacts: plan.contacts.map((c, i) => (i === 3 ? { ...c, durationMinutes: 600 } : c)) }
    expect(planToICalendar(longest, base)).toContain('BEGIN:VEVENT')
  })

  it('rejects a missing stamp or UID domain, a bad domain or prefix, and unknown options', () => {
    const cases: Array<[unknown, string]> = [
      [{ uidDomain: 'clinic.example' }, 'stamp'],
      [{ stamp: base.stamp }, 'uidDomain'],
      [{ ...base, uidDomain: 'clinic example' }, 'uidDomain'],
      [{ ...base, uidDomain: 'clinic.example;x' }, 'uidDomain'],
      [{ ...base, uidPrefix: 'course 42/' }, 'uidPrefix'],
      [{ ...base, summary: 'IPT' }, 'summary'],
      [{ ...base, labels: { kinds: { lecture: 'x' } } }, 'labels'],
      [{ ...base, classification: 'SECRET' }, 'classification'],
      [{ ...base, timeZone: 'UTC' }, ''],
    ]
    for (const [options, key] of cases) {
      const issues = thrownIssues(() => planToICalendar(plan, options as ICalendarOptions))
      expect(issues[0]?.path?.[0], JSON.stringify(options)).toBe('options')
      if (key) expect(issues[0]?.path?.[1]).toBe(key)
    }
    expect(ICalendarOptionsSchema.safeParse(base).success).toBe(true)
  })

  it('rejects a plan without contacts and one with two contacts of one id', () => {
    expect(thrownIssues(() => planToICalendar({ ...plan, contacts: [] }, base)).map((issue) => issue.code)).toEqual([
      'no-contacts',
    ])
    const first = plan.contacts[0] as PlannedContact
    const duplicated = { ...plan, contacts: [first, ...plan.contacts] }
    const issues = thrownIssues(() => planToICalendar(duplicated, base))
    expect(issues).toEqual([
      expect.objectContaining({ code: 'duplicate-contact', path: ['plan', 'contacts', 1, 'id'] }),
    ])
  })

  it('reports a host function that returns something other than a string', () => {
    const result = safePlanToICalendar(plan, { ...base, description: (() => 42) as unknown as () => string })
    expect(result.success).toBe(false)
    if (!result.success) {
      expect(result.issues[0]).toMatchObject({ code: 'invalid-type', path: ['options', 'description'] })
      expect(result.issues).toHaveLength(plan.contacts.length)
    }
  })

  it('returns the text from the safe twin on valid input', () => {
    expect(safePlanToICalendar(plan, base)).toEqual({ success: true, data: planToICalendar(plan, base) })
  })
})
