/**
 * `ipt-protocol/ical`, at the edges of RFC 5545's text rules and of its issues: folding that fills every line to
 * 75 octets for characters of each UTF-8 length (one to four octets, at the code points where the length changes),
 * lone surrogates at both ends of their range, SEQUENCE after blackouts, the last year accepted, and the params
 * each issue carries. Every plan is in its own zone, so nothing depends on the process time zone.
 */
import ICAL from 'ical.js'
import { type CoursePlan, type PlannedContact, planCourse, protocols, reschedulePlan } from 'ipt-protocol'
import { type ICalendarOptions, planToICalendar, safePlanToICalendar } from 'ipt-protocol/ical'
import { describe, expect, it } from 'vitest'

const base = { stamp: '2027-02-20T09:00:00Z', uidDomain: 'clinic.example' } satisfies ICalendarOptions
const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'Europe/Berlin' })

function octets(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** The physical lines of the first SUMMARY: its first line and the continuation lines after it. */
function summaryLines(ics: string): string[] {
  const lines = ics.split('\r\n')
  const first = lines.findIndex((line) => line.startsWith('SUMMARY:'))
  const rest = lines.slice(first + 1)
  const end = rest.findIndex((line) => !line.startsWith(' '))
  return [lines[first] as string, ...rest.slice(0, end)]
}

function summaries(ics: string): string[] {
  const calendar = new ICAL.Component(ICAL.parse(ics))
  return calendar.getAllSubcomponents('vevent').map((vevent) => String(vevent.getFirstPropertyValue('summary')))
}

function sequences(ics: string): number[] {
  return [...ics.matchAll(/\r\nSEQUENCE:(\d+)\r\n/g)].map((match) => Number(match[1]))
}

describe('planToICalendar: folding characters of every UTF-8 length', () => {
  // The first and last code point of each length: U+0000–U+007F take 1 octet, to U+07FF 2, to U+FFFF 3, then 4.
  const characters: Array<[string, number]> = [
    ['a', 1],
    ['~', 1],
    ['\u0080', 2],
    ['é', 2],
    ['\u07FF', 2],
    ['\u0800', 3],
    ['€', 3],
    ['\uFFFD', 3],
    ['\u{10000}', 4],
    ['😀', 4],
  ]

  it.each(characters)('fills each line with %j (%i octets) up to 75 octets, and no further', (char, size) => {
    expect(octets(char)).toBe(size)
    const value = char.repeat(100)
    const ics = planToICalendar(plan, { ...base, summary: () => value })
    const lines = summaryLines(ics)
    expect(lines.length).toBeGreaterThan(1)
    lines.forEach((line, index) => {
      expect(octets(line), `line ${index}`).toBeLessThanOrEqual(75)
      // A line is folded only when the next character would not fit.
      if (index < lines.length - 1) expect(octets(line) + size, `line ${index}`).toBeGreaterThan(75)
    })
    expect(lines.slice(1).every((line) => line.startsWith(' ') && !line.startsWith('  '))).toBe(true)
    expect(lines.map((line, index) => (index ? line.slice(1) : line)).join('')).toBe(`SUMMARY:${value}`)
    expect(summaries(ics)[0]).toBe(value)
  })

  it('fits a line that ends on a multi-octet character exactly at 75 octets', () => {
    const value = `${'x'.repeat(75 - 'SUMMARY:'.length - 4)}😀`
    const ics = planToICalendar(plan, { ...base, summary: () => value })
    expect(summaryLines(ics)).toEqual([`SUMMARY:${value}`])
    const over = planToICalendar(plan, { ...base, summary: () => `x${value}` })
    expect(summaryLines(over)).toEqual([`SUMMARY:x${'x'.repeat(63)}`, ' 😀'])
  })
})

describe('planToICalendar: lone surrogates', () => {
  it('replaces a lone surrogate from either end of the range, and keeps the characters just outside it', () => {
    const value = 'a\uD800b\uDBFFc\uDC00d\uDFFFe\uD7FFf\uE000g'
    const ics = planToICalendar(plan, { ...base, summary: () => value })
    expect(summaries(ics)[0]).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uD7FFf\uE000g')
    expect(summaryLines(ics)[0]).not.toMatch(/[\uD800-\uDFFF]/)
    expect(Buffer.from(ics, 'utf8').toString('utf8')).toBe(ics)
  })

  it('keeps a surrogate pair whole', () => {
    const ics = planToICalendar(plan, { ...base, summary: () => 'x\uD83D\uDE00y' })
    expect(summaries(ics)[0]).toBe('x😀y')
  })
})

describe('planToICalendar: SEQUENCE and the years accepted', () => {
  it('counts blackouts and recorded misses together in SEQUENCE', () => {
    expect(new Set(sequences(planToICalendar(plan, base)))).toEqual(new Set([0]))
    const blackout = reschedulePlan(plan, { type: 'blackout', from: '2027-03-08', to: '2027-03-14' })
    expect(new Set(sequences(planToICalendar(blackout, base)))).toEqual(new Set([1]))
    const both = reschedulePlan(blackout, { type: 'missed', contactId: 'session-2027-03-01' })
    expect(new Set(sequences(planToICalendar(both, base)))).toEqual(new Set([2]))
    const twice = reschedulePlan(both, { type: 'blackout', from: '2027-04-05', to: '2027-04-05' })
    expect(new Set(sequences(planToICalendar(twice, base)))).toEqual(new Set([3]))
  })

  it('accepts an instant in the last year, 2999, and refuses the first instant of 3000', () => {
    expect(planToICalendar(plan, { ...base, stamp: '2999-12-31T23:59:59Z' })).toContain(
      '\r\nDTSTAMP:29991231T235959Z\r\n',
    )
    const late = safePlanToICalendar(plan, { ...base, stamp: '3000-01-01T00:00:00Z' })
    expect(late.success).toBe(false)
  })
})

describe('safePlanToICalendar: the params of each issue', () => {
  it('names the value and the years accepted for an instant out of range', () => {
    const result = safePlanToICalendar(plan, { ...base, stamp: '1899-12-31T23:00:00Z' })
    expect(result).toEqual({
      success: false,
      issues: [
        expect.objectContaining({
          code: 'date-out-of-range',
          path: ['options', 'stamp'],
          params: { value: '1899-12-31T23:00:00Z', min: 1900, max: 2999 },
        }),
      ],
    })
  })

  it('names the contact whose id is repeated', () => {
    const second = plan.contacts[1] as PlannedContact
    const duplicated: CoursePlan = { ...plan, contacts: [...plan.contacts, second] }
    const result = safePlanToICalendar(duplicated, base)
    expect(result.success).toBe(false)
    if (!result.success) {
      expect(result.issues).toEqual([
        expect.objectContaining({
          code: 'duplicate-contact',
          path: ['plan', 'contacts', plan.contacts.length, 'id'],
          params: { contactId: second.id },
        }),
      ])
    }
  })

  it('names the expected type and the contact for a host function that returns something else', () => {
    const result = safePlanToICalendar(plan, {
      ...base,
      summary: ((contact: PlannedContact) => (contact.number === 2 ? 2 : undefined)) as unknown as () => string,
    })
    expect(result.success).toBe(false)
    if (!result.success) {
      expect(result.issues).toEqual([
        expect.objectContaining({
          code: 'invalid-type',
          path: ['options', 'summary'],
          params: { expected: 'string', contactId: plan.contacts[1]?.id },
        }),
      ])
    }
  })
})
