/**
 * Demo, part 1: plan an IPT-A course for a 15-year-old in New York, starting two weeks before clocks go forward
 * on 14 March 2027, then reschedule it: the clinic closes for a week and one session is missed.
 * Part 2: walk a standard IPT course from intake through problem-area selection and the phases to completion.
 *
 * Run: npm run demo
 */
import {
  applyEvent,
  assessProgress,
  assessReadiness,
  type Course,
  type CourseEvent,
  type CoursePlan,
  createCourse,
  type Issue,
  type PlannedContact,
  parseCourse,
  planCourse,
  protocols,
  reschedulePlan,
  rules,
  selectProblemAreas,
  startMaintenance,
} from 'ipt-protocol'

/** What happened to a contact since the previous plan: recorded as missed, renumbered, moved or new. */
function change(contact: PlannedContact, current: CoursePlan, previous: CoursePlan): string {
  const before = previous.contacts.find((other) => other.id === contact.id)
  if (before) {
    if (before.status !== contact.status) return `${contact.status}: kept on record, not counted`
    return before.number === contact.number ? '' : `was #${before.number}`
  }
  // The contact of the same kind and number whose date is no longer in the plan: this one took its place.
  const gone = previous.contacts.find(
    (other) =>
      other.kind === contact.kind &&
      other.number === contact.number &&
      !current.contacts.some((kept) => kept.id === other.id),
  )
  return gone ? `moved from ${gone.start.slice(0, 10)}` : 'new'
}

function printTable(plan: CoursePlan, previous?: CoursePlan): void {
  const rows = plan.contacts.map((contact) => ({
    id: contact.id,
    kind: contact.kind,
    '#': contact.number,
    phase: contact.phase,
    start: contact.start,
    min: contact.durationMinutes,
    with: contact.participants.join(' + '),
    status: contact.status,
    ...(previous ? { change: change(contact, plan, previous) } : {}),
  }))
  const columns = Object.keys(rows[0] ?? {}) as Array<keyof (typeof rows)[number]>
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column]).length)))
  const line = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ')
  console.log(line(columns))
  console.log(line(widths.map((width) => '-'.repeat(width))))
  for (const row of rows) console.log(line(columns.map((column) => String(row[column]))))
  for (const advisory of plan.advisories) console.log(`! ${advisory.code}: ${advisory.message}`)
}

const protocol = protocols['ipt-a']
console.log(`${protocol.name} (${protocol.id} ${protocol.version})`)
console.log(`${protocol.description}\n`)

const plan = planCourse(protocol, { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' })
console.log('1. The plan: 12 weekly sessions at 16:00 New York time (note the offset change on 14 March),')
console.log(
  '   a phone contact after each of the first four sessions, and a parent in the first and the last session.\n',
)
printTable(plan)

const closed = reschedulePlan(plan, { type: 'blackout', from: '2027-04-12', to: '2027-04-16' })
console.log('\n2. The clinic closes 12–16 April: the session that week moves to the next free week.')
console.log(`   ${rules['SCHED-6'].id}: ${rules['SCHED-6'].statement}\n`)
printTable(closed, plan)

const missed = reschedulePlan(closed, { type: 'missed', contactId: 'session-2027-03-22' })
console.log('\n3. Session 4 on 22 March is missed: it stays on record (status missed, still #4) but does not count,')
console.log('   so the session of 29 March is now #4, the fourth phone contact follows it (1 April instead of')
console.log('   25 March), nothing earlier moves, and the 12 contracted sessions end one week later, on 31 May.\n')
printTable(missed, closed)

const sessions = missed.contacts.filter((contact) => contact.kind === 'session' && contact.status === 'planned')
console.log(`\nPlanned sessions: ${sessions.length}; last session: ${sessions.at(-1)?.start}`)

console.log('\n=== Part 2: an IPT course from intake to completion (Europe/London, local times) ===\n')
/** Issue codes with their rules, and the area a problem-area reason is about: `linked-to-onset: grief (AREA-2)`. */
const reasonsOf = (issues: Issue[]) =>
  issues
    .map((issue) => {
      const area = typeof issue.params?.area === 'string' ? `: ${issue.params.area}` : ''
      return `${issue.code}${area}${issue.rule ? ` (${issue.rule})` : ''}`
    })
    .join(', ') || '—'

const intake = {
  ageYears: 41,
  severeSuicidality: false,
  homicidality: false,
  acutePsychosis: false,
  bipolar: false,
  substanceAbuse: false,
  organicCauseExcluded: true,
  concurrentDeepPsychotherapy: false,
  acceptsTreatment: true,
}
const readiness = assessReadiness(intake, protocols.ipt)
console.log(`Readiness: ${readiness.kind}; reasons: ${reasonsOf(readiness.reasons)}`)

const selection = selectProblemAreas({
  episodeOnset: '2027-01-10',
  assessedOn: '2027-03-08',
  lifeEvents: [
    { kind: 'role-change', date: '2026-12-15', description: 'made redundant', ongoing: true },
    { kind: 'dispute', date: '2026-05-01', person: 'partner', disputeStage: 'renegotiation' },
  ],
})
if (selection.kind !== 'proposed') throw new Error('the inventory should be enough to propose areas')
console.log(`Problem areas: ${selection.areas.join(' (primary), ')}; ${reasonsOf(selection.reasons)}`)

// Twelve weekly sessions at 09:00 London time; the tenth is missed, so the plan gains a week (SCHED-6). The
// course moves its own plan when the miss is recorded; `londonPlan` is that plan worked out ahead, for the times.
const firstPlan = planCourse(protocols.ipt, {
  start: '2027-03-08',
  time: '09:00',
  timeZone: 'Europe/London',
  sessions: 12,
})
const londonPlan = reschedulePlan(firstPlan, { type: 'missed', contactId: firstPlan.contacts[9]?.id ?? '' })
/**
 * The instant `minutes` after the start of contact `index`, written in London time with its offset, as the plan
 * writes its starts (`2027-03-29T09:50:00+01:00`), so that the times below read as the clinic's clock.
 */
const at = (index: number, minutes = 50) => {
  const start = londonPlan.contacts[index]?.start ?? ''
  const offset = start.slice(19) // '+00:00' or '+01:00'
  const sign = offset.startsWith('-') ? -1 : 1
  const offsetMinutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)))
  const local = new Date(Date.parse(start) + (minutes + offsetMinutes) * 60_000).toISOString().slice(0, 19)
  return `${local}${offset}`
}
const phq9 = [
  [2, 2, 2, 2, 1, 2, 1, 1, 0],
  [2, 2, 1, 2, 1, 1, 1, 1, 0],
  [2, 1, 1, 2, 1, 1, 1, 1, 1],
  [1, 1, 1, 1, 1, 1, 1, 0, 0],
  [1, 1, 1, 1, 0, 1, 0, 0, 0],
  [1, 1, 0, 1, 0, 0, 0, 0, 0],
  [1, 0, 0, 1, 0, 0, 0, 0, 0],
]
const walkEvents: CourseEvent[] = [
  { type: 'session-held', at: at(0) },
  // The initial phase's tasks (PHASE-2): the diagnosis with a baseline PHQ-9 (MEAS-7), the sick role, the
  // inventory, the medication evaluation and the formulation that agrees the focus.
  { type: 'task-completed', at: at(0, 51), task: 'diagnosis' },
  { type: 'measure-recorded', at: at(0, 52), instrument: 'phq-9', items: [2, 2, 2, 2, 1, 2, 1, 1, 0] },
  { type: 'task-completed', at: at(0, 53), task: 'sick-role' },
  { type: 'inventory-completed', at: at(0, 55) },
  { type: 'session-held', at: at(1) },
  { type: 'task-completed', at: at(1, 52), task: 'medication-evaluation' },
  { type: 'task-completed', at: at(1, 53), task: 'formulation' },
  { type: 'problem-areas-agreed', at: at(1, 55), areas: selection.areas },
  { type: 'contract-agreed', at: at(1, 56), sessions: 12 },
  { type: 'phase-advanced', at: at(1, 57), to: 'middle' },
  ...[2, 3, 4, 5, 6, 7, 8].flatMap((index): CourseEvent[] => [
    { type: 'session-held', at: at(index) },
    // PHQ-9 at every session: item 9 (thoughts of death or self-harm) is 1 at the fourth.
    { type: 'measure-recorded', at: at(index, 52), instrument: 'phq-9', items: phq9[index - 2] ?? [] },
  ]),
  { type: 'safety-reviewed', at: at(5, 55), outcome: 'safety-plan' },
  { type: 'session-missed', at: at(9) },
  { type: 'phase-advanced', at: at(9, 60), to: 'termination' },
  ...[10, 11, 12].flatMap((index): CourseEvent[] => [
    { type: 'session-held', at: at(index) },
    { type: 'measure-recorded', at: at(index, 52), instrument: 'phq-9', items: [0, 1, 0, 1, 0, 0, 0, 0, 0] },
  ]),
  { type: 'course-completed', at: at(12, 55) },
]
walkEvents.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
let course: Course = createCourse(protocols.ipt, { id: 'demo-course', plan: firstPlan })
for (const event of walkEvents) {
  const result = applyEvent(course, event)
  if (!result.ok) {
    console.log(`${event.at}  ${event.type.padEnd(22)} REFUSED: ${reasonsOf(result.issues)}`)
    continue
  }
  course = result.course
  const advice = result.advisories.length ? `  advice: ${reasonsOf(result.advisories)}` : ''
  console.log(
    `${event.at}  ${event.type.padEnd(22)} → ${course.phase.padEnd(11)} held ${course.counts.sessionsHeld}${advice}`,
  )
}
const tooLate = applyEvent(course, { type: 'session-held', at: '2027-07-01T09:50:00+01:00' })
console.log(`After completion, another session: ${tooLate.ok ? 'accepted?!' : `refused: ${reasonsOf(tooLate.issues)}`}`)
const stored = JSON.stringify(course)
console.log(`Stored as ${stored.length} bytes of JSON; restored phase: ${parseCourse(stored).phase}`)

console.log('\n=== Part 3: remission, then monthly maintenance (IPT-M) ===\n')
const progress = assessProgress(
  course.measures.map((m) => ({ at: m.at.slice(0, 10), instrument: m.instrument, total: m.total })),
)
console.log(
  `PHQ-9 ${progress.baseline} → ${progress.latest} (−${progress.changePercent} %): response ${progress.response}, ` +
    `remission ${progress.remission}, sustained over ${progress.sustainedRemissionWeeks} weekly ratings`,
)
const handOff = startMaintenance(course, {
  id: 'demo-maintenance',
  combinedWithMedication: true,
  plan: { start: '2027-07-05', time: '09:00', timeZone: 'Europe/London' },
})
if (!handOff.ok) throw new Error(reasonsOf(handOff.issues))
const maintenance = handOff.course
console.log(
  `Maintenance course ${maintenance.id} (linked to ${maintenance.linkedCourseId}), ${maintenance.plan?.contacts.length} monthly sessions; advice: ${reasonsOf(handOff.advisories)}`,
)
console.log('First year:')
for (const contact of maintenance.plan?.contacts.slice(0, 12) ?? [])
  console.log(`  ${String(contact.number).padStart(2)}  ${contact.start}  ${contact.durationMinutes} min`)
