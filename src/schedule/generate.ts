import { addToDate, type CalendarDate, datesFrom, inBlackout, zonedInstants } from '../calendar/index.js'
import { type Issue, makeIssue, type SafeResult } from '../issues/index.js'
import type { ContactKind, ExtraContact, Frequency, Participant, Schedule, TaperStep } from '../protocol/index.js'
import type { ContactPhase, PlanBasis } from './schema.js'
import type { PlannedContact } from './types.js'

/**
 * The most slots one series may examine, and the most days an extra contact may be searched for (design
 * choices: far beyond any real course, so that no input can make planning loop without bound). Past the first,
 * planning fails with a `no-free-slot` issue; past the second, the plan carries an `extra-contact-unplaced`
 * advisory.
 *
 * @example
 * ```ts
 * LIMITS.slotsPerSeries // 10000
 * ```
 */
export const LIMITS = { slotsPerSeries: 10_000, searchDays: 366 } as const

type Status = PlannedContact['status']

/** A contact placed on a date, before its instant and phase are filled in. */
interface Placed {
  kind: ContactKind
  number: number
  date: CalendarDate
  status: Status
  phase: ContactPhase
  durationMinutes: number
  participants: Participant[]
}

/** Dates of a series: slot k of period p lies `p × every` units after the anchor, spread over the period's days. */
export function* seriesDates(anchor: CalendarDate, frequency: Frequency): Generator<CalendarDate> {
  const times = frequency.times ?? 1
  const periodFrom = datesFrom(anchor, frequency.unit)
  for (let period = 0; ; period++) {
    const base = periodFrom(period * frequency.every)
    for (let slot = 0; slot < times; slot++) {
      yield slot === 0 ? base : addToDate(base, Math.floor((slot * 7 * frequency.every) / times), 'day')
    }
  }
}

interface Walk {
  basis: PlanBasis
  recorded: ReadonlyMap<string, Status>
  issues: Issue[]
}

/** The recorded status of the contact of `kind` on `date`, if it was held, missed or cancelled. */
function recordedStatus(walk: Walk, kind: ContactKind, date: CalendarDate): Status | undefined {
  return walk.recorded.size ? walk.recorded.get(`${kind}-${date}`) : undefined
}

/** Whether a contact took place or is still to come (not missed or cancelled): it counts towards the course. */
export const counts = (status: Status) => status === 'planned' || status === 'held'

/**
 * Takes `count` free slots from `dates` in order (SCHED-6): a slot recorded as held stays and counts, one recorded
 * as missed or cancelled is kept with its status and does not count, a slot in a blackout is passed over (a
 * recorded contact stays even in a later blackout). Stops with an issue at the hard cap.
 */
function takeSlots(
  walk: Walk,
  kind: ContactKind,
  dates: Iterator<CalendarDate>,
  count: number,
  startNumber: number,
  after?: CalendarDate,
): Array<{ date: CalendarDate; number: number; status: Status }> {
  const taken: Array<{ date: CalendarDate; number: number; status: Status }> = []
  let number = startNumber
  for (let examined = 0; number < startNumber + count; examined++) {
    if (examined >= LIMITS.slotsPerSeries) {
      walk.issues.push(
        makeIssue('no-free-slot', `Found no free slot for ${kind} ${number} within ${LIMITS.slotsPerSeries} slots`, {
          path: ['blackouts'],
          params: { kind, number, limit: LIMITS.slotsPerSeries },
          rule: 'SCHED-6',
        }),
      )
      break
    }
    const date = dates.next().value as CalendarDate
    if (after !== undefined && date <= after) continue
    const status = recordedStatus(walk, kind, date)
    if (status) taken.push({ date, number: status === 'held' ? number++ : number, status })
    else if (!inBlackout(date, walk.basis.blackouts)) taken.push({ date, number: number++, status: 'planned' })
  }
  return taken
}

/** The first free day from `from` up to (not including) `before`, or the recorded status of a recorded contact. */
function findDay(
  walk: Walk,
  kind: ContactKind,
  from: CalendarDate,
  before: CalendarDate | undefined,
): { date: CalendarDate; status: Status } | undefined {
  for (let offset = 0; offset < LIMITS.searchDays; offset++) {
    const date = addToDate(from, offset, 'day')
    if (before !== undefined && date >= before) return undefined
    const status = recordedStatus(walk, kind, date)
    if (status) return { date, status }
    if (!inBlackout(date, walk.basis.blackouts)) return { date, status: 'planned' }
  }
  return undefined
}

/**
 * The main series, in steps at their own frequencies: acute sessions (the early frequency's first, SCHED-5), a
 * continuation taper (MAINT-6) or maintenance sessions (MAINT-1). Each step takes the slots after the last session
 * of the step before; a taper's step is counted from that session at its own interval (so a missed session or a
 * blackout moves the steps after it, SCHED-6), the acute series keeps the grid of the first date.
 */
function mainSeries(walk: Walk, schedule: Schedule, anchor: CalendarDate) {
  const kind: ContactKind = schedule.type === 'maintenance' ? 'maintenance-session' : 'session'
  const count = walk.basis.sessions
  const early = schedule.type === 'acute' ? schedule.earlyFrequency : undefined
  const steps: readonly TaperStep[] =
    schedule.type === 'continuation'
      ? schedule.taper
      : early && early.sessions < count
        ? [early, { sessions: count - early.sessions, frequency: schedule.frequency }]
        : [{ sessions: count, frequency: early?.frequency ?? schedule.frequency }]
  const slots: ReturnType<typeof takeSlots> = []
  let number = 1
  let last: CalendarDate | undefined
  for (const step of steps) {
    const from = schedule.type === 'continuation' ? (last ?? anchor) : anchor
    const taken = takeSlots(walk, kind, seriesDates(from, step.frequency), step.sessions, number, last)
    slots.push(...taken)
    number += step.sessions
    last = taken.at(-1)?.date ?? last
  }
  return { kind, slots }
}

function sessionPhase(schedule: Schedule, number: number, count: number): ContactPhase {
  if (schedule.type !== 'acute') return schedule.type
  if (number <= schedule.phases.initialMaxSessions) return 'initial'
  return number > count - schedule.phases.terminationSessions ? 'termination' : 'middle'
}

function sessionParticipants(schedule: Schedule, number: number, count: number): Participant[] {
  let participants = schedule.participants
  for (const entry of schedule.participantsBySession) {
    const at = entry.session === 'first' ? 1 : entry.session === 'last' ? count : entry.session
    if (at === number) participants = entry.participants
  }
  return [...participants]
}

function unplaced(walk: Walk, extra: ExtraContact, number: number): void {
  walk.issues.push(
    makeIssue('extra-contact-unplaced', `No free day for ${extra.kind} ${number} before the next contact`, {
      path: ['schedule', 'extraContacts'],
      params: { kind: extra.kind, number },
    }),
  )
}

/** Places a protocol's extra contacts around the main series (phone contacts, pre-group and engagement sessions). */
function extraContacts(walk: Walk, schedule: Schedule, sessions: Placed[], anchor: CalendarDate): Placed[] {
  const placed: Placed[] = []
  const firstDate = sessions[0]?.date
  for (const extra of schedule.extraContacts) {
    const base = { kind: extra.kind, durationMinutes: extra.durationMinutes, participants: [...extra.participants] }
    const { placement } = extra
    if (placement.type === 'before-first-session') {
      const found = findDay(walk, extra.kind, addToDate(anchor, -placement.leadDays, 'day'), firstDate)
      if (found) placed.push({ ...base, ...found, number: 1, phase: 'initial' })
      else unplaced(walk, extra, 1)
      continue
    }
    for (let session = placement.fromSession; session <= placement.toSession; session++) {
      const number = session - placement.fromSession + 1
      const index = sessions.findIndex((contact) => counts(contact.status) && contact.number === session)
      const anchorSession = sessions[index]
      const next = sessions[index + 1]
      const found =
        anchorSession &&
        next &&
        findDay(walk, extra.kind, addToDate(anchorSession.date, placement.offsetDays, 'day'), next.date)
      if (found && anchorSession) placed.push({ ...base, ...found, number, phase: anchorSession.phase })
      else unplaced(walk, extra, number)
    }
  }
  return placed
}

/**
 * Generates a plan's contacts from its basis. Deterministic: the same basis gives the same contacts, and a
 * change dated at some day leaves every contact before that day where it was.
 */
export function generateContacts(basis: PlanBasis): SafeResult<{ contacts: PlannedContact[]; advisories: Issue[] }> {
  const { schedule } = basis
  const held = basis.held ?? []
  const recorded = new Map<string, Status>(basis.skipped.map((skip) => [skip.contactId, skip.type]))
  for (const entry of held) recorded.set(entry.contactId, 'held')
  const walk: Walk = { basis, recorded, issues: [] }
  const leadDays = schedule.extraContacts.map((extra) =>
    extra.placement.type === 'before-first-session' ? extra.placement.leadDays : 0,
  )
  const anchor = addToDate(basis.start, Math.max(0, ...leadDays), 'day')

  const main = mainSeries(walk, schedule, anchor)
  const sessions: Placed[] = main.slots.map((slot) => ({
    kind: main.kind,
    date: slot.date,
    number: slot.number,
    status: slot.status,
    phase: sessionPhase(schedule, slot.number, basis.sessions),
    durationMinutes: basis.sessionMinutes,
    participants: sessionParticipants(schedule, slot.number, basis.sessions),
  }))
  if (walk.issues.length) return { success: false, issues: walk.issues }

  const placed = [...sessions, ...extraContacts(walk, schedule, sessions, anchor)]
  const lastSession = sessions.findLast((contact) => counts(contact.status))
  if (basis.followUp && lastSession) {
    const { everyMonths, count } = basis.followUp
    const dates = seriesDates(lastSession.date, { every: everyMonths, unit: 'month' })
    for (const slot of takeSlots(walk, 'follow-up', dates, count, 1, lastSession.date)) {
      placed.push({
        kind: 'follow-up',
        ...slot,
        phase: 'follow-up',
        durationMinutes: basis.sessionMinutes,
        participants: ['patient'],
      })
    }
  }
  const failures = walk.issues.filter((issue) => issue.code === 'no-free-slot')
  if (failures.length) return { success: false, issues: failures }

  const advisories = walk.issues
  placed.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const heldAt = new Map(held.map((entry) => [entry.contactId, entry.at]))
  const instantOn = zonedInstants(basis.time, basis.timeZone)
  const contacts = placed.map((contact): PlannedContact => {
    const { date } = contact
    const id = `${contact.kind}-${date}`
    const instant = instantOn(date)
    if (instant.localTime !== basis.time) {
      advisories.push(
        makeIssue(
          'time-shifted',
          `${basis.time} does not exist on ${date} in ${basis.timeZone} (clocks go forward); ${id} starts at ${instant.localTime}`,
          {
            params: { contactId: id, requested: basis.time, actual: instant.localTime },
          },
        ),
      )
    }
    return {
      id,
      kind: contact.kind,
      number: contact.number,
      phase: contact.phase,
      start: instant.iso,
      durationMinutes: contact.durationMinutes,
      participants: contact.participants,
      status: contact.status,
      ...(contact.status === 'held' ? { heldAt: heldAt.get(id) } : {}),
    }
  })
  return { success: true, data: { contacts, advisories } }
}
