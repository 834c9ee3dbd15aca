/**
 * `ipt-protocol/ical`: a course plan as an RFC 5545 iCalendar file (`.ics`), one event per planned contact, for
 * calendar clients and subscription feeds. Pure and written by hand: no dependency beyond the library's own.
 *
 * @packageDocumentation
 */
import { addMinutes } from 'date-fns'
import * as z from 'zod/mini'
import { InstantSchema } from '../calendar/index.js'
import { type Issue, issuesOf, makeIssue, type SafeResult, safeParseWith, unwrap } from '../issues/index.js'
import { type ContactKind, ContactKindSchema } from '../protocol/index.js'
import {
  type ContactPhase,
  ContactPhaseSchema,
  type CoursePlan,
  CoursePlanSchema,
  type PlannedContact,
} from '../schedule/index.js'
import { revisionOf } from '../schedule/plan.js'
import { contentLine, escapeText, utcDateTime } from './format.js'

/**
 * The words of the default event summary, `'<protocol> <kind> <number> (<phase>)'`, with the phase named for
 * acute sessions only, and `'<missed>: '` or `'<cancelled>: '` in front of a contact recorded as such: `protocol`
 * (default: the plan's protocol id in capitals, `'IPT-A'`), a name for each contact kind and phase, and the two
 * status words. Also the categories of each event: protocol and phase.
 *
 * @example
 * ```ts
 * const labels: ICalendarLabels = {
 *   ...defaultICalendarLabels,
 *   protocol: 'TIP',
 *   kinds: { ...defaultICalendarLabels.kinds, session: 'sesión' },
 * }
 * ```
 */
export interface ICalendarLabels {
  /** The protocol's name in a summary, e.g. `'IPT-A'`. */
  protocol: string
  /** A name for each contact kind, e.g. `'phone contact'`. */
  kinds: Record<ContactKind, string>
  /** A name for each phase, e.g. `'initial phase'`. */
  phases: Record<ContactPhase, string>
  /** The word before a missed contact's summary, e.g. `'Missed'`. */
  missed: string
  /** The word before a cancelled contact's summary, e.g. `'Cancelled'`. */
  cancelled: string
}

/**
 * The English labels {@link planToICalendar} uses where `options.labels` gives none (the protocol's name comes
 * from the plan).
 *
 * @example
 * ```ts
 * defaultICalendarLabels.kinds['phone-contact'] // 'phone contact'
 * defaultICalendarLabels.phases.initial // 'initial phase'
 * ```
 */
export const defaultICalendarLabels: Readonly<Omit<ICalendarLabels, 'protocol'>> = Object.freeze({
  kinds: Object.freeze({
    session: 'session',
    'maintenance-session': 'maintenance session',
    'phone-contact': 'phone contact',
    'pre-group-session': 'pre-group session',
    'engagement-session': 'engagement session',
    'parent-session': 'parent session',
    'follow-up': 'follow-up',
  }),
  phases: Object.freeze({
    initial: 'initial phase',
    middle: 'middle phase',
    termination: 'termination phase',
    continuation: 'continuation',
    maintenance: 'maintenance',
    'follow-up': 'follow-up',
  }),
  missed: 'Missed',
  cancelled: 'Cancelled',
})

/**
 * What a {@link ContactText} function is told besides the contact: the whole (validated) plan and the labels in
 * force, defaults filled in.
 *
 * @example
 * ```ts
 * const summary: ContactText = (contact, { labels }) => `${labels.protocol} #${contact.number}`
 * ```
 */
export interface ICalendarContext {
  /** The plan being written. */
  plan: CoursePlan
  /** The labels in force: `options.labels` over {@link defaultICalendarLabels}. */
  labels: ICalendarLabels
}

/**
 * A host's text for one event, e.g. a translated summary: a string, or `undefined` for the default (no
 * description; the default summary).
 *
 * @example
 * ```ts
 * const summary: ContactText = (contact) => (contact.kind === 'session' ? `Sitzung ${contact.number}` : undefined)
 * ```
 */
export type ContactText = (contact: PlannedContact, context: ICalendarContext) => string | undefined

const contactText = z.custom<ContactText>((value) => typeof value === 'function', { error: 'Expected a function' })
const label = z.string().check(z.maxLength(200))
const hostname = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/

/**
 * Labels a host gives for the default summary and the categories (see {@link ICalendarLabels}); each part is
 * optional and falls back to {@link defaultICalendarLabels}, kind by kind and phase by phase.
 *
 * @example
 * ```ts
 * ICalendarLabelsSchema.parse({ protocol: 'TIP-A', kinds: { 'phone-contact': 'llamada' }, missed: 'Perdida' })
 * ```
 */
export const ICalendarLabelsSchema = z.strictObject({
  protocol: z.optional(label),
  kinds: z.optional(z.partialRecord(ContactKindSchema, label)),
  phases: z.optional(z.partialRecord(ContactPhaseSchema, label)),
  missed: z.optional(label),
  cancelled: z.optional(label),
})

/**
 * Options of {@link planToICalendar}.
 *
 * - `stamp` (required): the instant the file is written, ISO 8601 with an offset or `Z`; it becomes every
 *   event's DTSTAMP. The library never reads the clock: pass `new Date().toISOString()`, or the time of the
 *   plan's last change for byte-identical output.
 * - `uidDomain` (required): a host name the host controls, e.g. `'clinic.example'`; with `uidPrefix` (letters,
 *   digits, `.`, `_`, `~`, `+`, `-`; e.g. the course id and a dot) each event's UID is
 *   `<uidPrefix><contact id>@<uidDomain>`, `'course-42.session-2027-03-15@clinic.example'`. Give a prefix that is
 *   unique per course whenever several patients' calendars may meet in one client: contact ids repeat across
 *   plans.
 * - `productId`: the PRODID, default `'-//ipt-protocol//ipt-protocol//EN'`; `calendarName`: a NAME (RFC 7986) and
 *   X-WR-CALNAME for the calendar.
 * - `classification`: every event's CLASS, default `'PRIVATE'` (therapy appointments).
 * - `labels`: words of the default summary and the categories; `summary` and `description`: functions giving an
 *   event's text outright (see {@link ContactText}).
 *
 * @example
 * ```ts
 * ICalendarOptionsSchema.parse({ stamp: '2027-02-20T09:00:00Z', uidDomain: 'clinic.example', uidPrefix: 'c42.' })
 * ```
 */
export const ICalendarOptionsSchema = z.strictObject({
  stamp: InstantSchema,
  uidDomain: z
    .string()
    .check(z.maxLength(253))
    .check(z.regex(hostname, 'Expected a host name such as "clinic.example"')),
  uidPrefix: z.optional(
    z
      .string()
      .check(z.maxLength(200))
      .check(z.regex(/^[A-Za-z0-9._~+-]*$/, 'Expected letters, digits and . _ ~ + -')),
  ),
  productId: z.optional(z.string().check(z.minLength(1)).check(z.maxLength(200))),
  calendarName: z.optional(z.string().check(z.minLength(1)).check(z.maxLength(200))),
  classification: z.optional(z.enum(['PUBLIC', 'PRIVATE', 'CONFIDENTIAL'])),
  labels: z.optional(ICalendarLabelsSchema),
  summary: z.optional(contactText),
  description: z.optional(contactText),
})

/**
 * Options of {@link planToICalendar} (see {@link ICalendarOptionsSchema}).
 *
 * @example
 * ```ts
 * const options: ICalendarOptions = {
 *   stamp: '2027-02-20T09:00:00Z',
 *   uidDomain: 'clinic.example',
 *   labels: { protocol: 'IPT' },
 * }
 * ```
 */
export type ICalendarOptions = z.input<typeof ICalendarOptionsSchema>

/** The default PRODID. */
const PRODUCT_ID = '-//ipt-protocol//ipt-protocol//EN'

function resolveLabels(plan: CoursePlan, given: z.output<typeof ICalendarLabelsSchema> = {}): ICalendarLabels {
  return {
    protocol: given.protocol ?? plan.protocolId.toUpperCase(),
    kinds: { ...defaultICalendarLabels.kinds, ...given.kinds },
    phases: { ...defaultICalendarLabels.phases, ...given.phases },
    missed: given.missed ?? defaultICalendarLabels.missed,
    cancelled: given.cancelled ?? defaultICalendarLabels.cancelled,
  }
}

function defaultSummary(contact: PlannedContact, labels: ICalendarLabels): string {
  const prefix = contact.status === 'planned' || contact.status === 'held' ? '' : `${labels[contact.status]}: `
  const phase = contact.kind === 'session' ? ` (${labels.phases[contact.phase]})` : ''
  return `${prefix}${labels.protocol} ${labels.kinds[contact.kind]} ${contact.number}${phase}`
}

/** Calls a host's text function and checks what it returns. */
function hostText(
  name: 'summary' | 'description',
  text: ContactText | undefined,
  contact: PlannedContact,
  context: ICalendarContext,
  issues: Issue[],
): string | undefined {
  const value = text?.(contact, context)
  if (value === undefined || typeof value === 'string') return value
  issues.push(
    makeIssue('invalid-type', `options.${name} must return a string or undefined, got ${typeof value}`, {
      path: ['options', name],
      params: { expected: 'string', contactId: contact.id },
    }),
  )
  return undefined
}

/**
 * Writes a plan as iCalendar text like {@link planToICalendar}, returning `{ success, data | issues }` instead of
 * throwing.
 *
 * @example
 * ```ts
 * const result = safePlanToICalendar(plan, { stamp: 'yesterday', uidDomain: 'clinic.example' })
 * if (!result.success) console.log(result.issues[0]?.path) // ['options', 'stamp']
 * ```
 */
export function safePlanToICalendar(plan: CoursePlan, options: ICalendarOptions): SafeResult<string> {
  const checkedPlan = safeParseWith(CoursePlanSchema, plan, ['plan'])
  const checkedOptions = safeParseWith(ICalendarOptionsSchema, options, ['options'])
  if (!checkedPlan.success || !checkedOptions.success) {
    return { success: false, issues: issuesOf(checkedPlan, checkedOptions) }
  }
  const valid = checkedPlan.data
  const settings = checkedOptions.data
  const issues: Issue[] = []
  // Both are InstantSchema values: readable, and in the library's years.
  const stamp = Date.parse(settings.stamp)
  if (valid.contacts.length === 0) {
    issues.push(makeIssue('no-contacts', 'The plan has no contacts; an iCalendar needs at least one event'))
  }
  const seen = new Set<string>()
  valid.contacts.forEach((contact, index) => {
    if (seen.has(contact.id)) {
      issues.push(
        makeIssue('duplicate-contact', `Two contacts share the id ${contact.id}; event UIDs must be unique`, {
          path: ['plan', 'contacts', index, 'id'],
          params: { contactId: contact.id },
        }),
      )
    }
    seen.add(contact.id)
  })
  const context: ICalendarContext = { plan: valid, labels: resolveLabels(valid, settings.labels) }
  // The plan's revision: every change to the plan adds one, so it only grows.
  const sequence = revisionOf(valid)
  const events = valid.contacts.map((contact) => {
    const start = Date.parse(contact.start)
    const summary =
      hostText('summary', settings.summary, contact, context, issues) ?? defaultSummary(contact, context.labels)
    const description = hostText('description', settings.description, contact, context, issues)
    const planned = contact.status === 'planned' || contact.status === 'held'
    return [
      contentLine('BEGIN', 'VEVENT'),
      contentLine('UID', escapeText(`${settings.uidPrefix ?? ''}${contact.id}@${settings.uidDomain}`)),
      contentLine('DTSTAMP', utcDateTime(stamp)),
      contentLine('DTSTART', utcDateTime(start)),
      contentLine('DTEND', utcDateTime(addMinutes(start, contact.durationMinutes).getTime())),
      contentLine('SUMMARY', escapeText(summary)),
      description === undefined ? '' : contentLine('DESCRIPTION', escapeText(description)),
      contentLine(
        'CATEGORIES',
        [context.labels.protocol, context.labels.phases[contact.phase]].map(escapeText).join(','),
      ),
      contentLine('STATUS', planned ? 'CONFIRMED' : 'CANCELLED'),
      contentLine('SEQUENCE', String(sequence)),
      contentLine('CLASS', settings.classification ?? 'PRIVATE'),
      contentLine('TRANSP', planned ? 'OPAQUE' : 'TRANSPARENT'),
      contentLine('END', 'VEVENT'),
    ].join('')
  })
  if (issues.length) return { success: false, issues }
  const name = settings.calendarName === undefined ? undefined : escapeText(settings.calendarName)
  const text = [
    contentLine('BEGIN', 'VCALENDAR'),
    contentLine('VERSION', '2.0'),
    contentLine('PRODID', escapeText(settings.productId ?? PRODUCT_ID)),
    contentLine('CALSCALE', 'GREGORIAN'),
    contentLine('METHOD', 'PUBLISH'),
    name === undefined ? '' : contentLine('NAME', name) + contentLine('X-WR-CALNAME', name),
    ...events,
    contentLine('END', 'VCALENDAR'),
  ].join('')
  return { success: true, data: text }
}

/**
 * Writes a course plan as an RFC 5545 iCalendar (`.ics`) text: a VCALENDAR (VERSION 2.0, PRODID, CALSCALE
 * GREGORIAN, METHOD PUBLISH) with one VEVENT per contact, lines ended with CRLF and folded at 75 octets of UTF-8,
 * TEXT values escaped.
 *
 * - Times are UTC (`DTSTART:20270315T140000Z`): exact for every zone and daylight-saving change, so no VTIMEZONE
 *   is needed; clients show each contact at its local time (10:00 in New York stays 10:00 across the March
 *   change). DTEND is the start plus the contact's minutes. Events are single, without recurrence rules.
 * - UID: `<uidPrefix><contact id>@<uidDomain>`. A contact id is its kind and date, so a contact keeps its UID for
 *   as long as it keeps its date, also through `reschedulePlan`; a contact moved to a new date is a new event,
 *   and its old UID leaves the feed.
 * - STATUS: `CONFIRMED` for a planned or held contact, `CANCELLED` for a cancelled one and for a missed one too, since
 *   RFC 5545 has no "missed" and the slot did not take place. Both stay in the file (clients that hold the event
 *   mark it rather than lose it), are TRANSPARENT to free/busy and their summary starts with "Missed: " or
 *   "Cancelled: " (`labels.missed`, `labels.cancelled`). A planned contact is OPAQUE.
 * - SEQUENCE: the plan's revision (the number of changes made to it, by `reschedulePlan` or the course's events),
 *   which grows with every change, so a client sees a changed event as newer. CLASS: `options.classification`, default PRIVATE.
 * - SUMMARY: `options.summary`, else `'IPT session 3 (initial phase)'`, `'IPT-A phone contact 2'` from the labels.
 *   DESCRIPTION only from `options.description`. CATEGORIES: the protocol and the phase, e.g. `IPT,initial phase`.
 *
 * Throws `ProtocolError` with every issue for an invalid plan or options (e.g. a stamp that is not an ISO
 * instant, a plan without contacts, two contacts with one id).
 *
 * @example
 * ```ts
 * import { planCourse, protocols } from 'ipt-protocol'
 * import { planToICalendar } from 'ipt-protocol/ical'
 *
 * const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'America/New_York' })
 * const ics = planToICalendar(plan, { stamp: '2027-02-20T09:00:00Z', uidDomain: 'clinic.example' })
 * // BEGIN:VCALENDAR … BEGIN:VEVENT
 * // UID:session-2027-03-15@clinic.example
 * // DTSTART:20270315T140000Z
 * // DTEND:20270315T145000Z
 * // SUMMARY:IPT session 3 (initial phase) …
 * ```
 */
export function planToICalendar(plan: CoursePlan, options: ICalendarOptions): string {
  return unwrap(safePlanToICalendar(plan, options))
}
