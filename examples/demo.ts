/**
 * Demo: plan an IPT-A course for a 15-year-old in New York, starting two weeks before clocks go forward on
 * 14 March 2027, then walk it: the school closes for spring break and one session is missed.
 *
 * Run: npm run demo
 */
import { type CoursePlan, planCourse, protocols, reschedulePlan, rules } from 'ipt-protocol'

function printTable(plan: CoursePlan): void {
  const rows = plan.contacts.map((contact) => ({
    id: contact.id,
    kind: contact.kind,
    '#': contact.number,
    phase: contact.phase,
    start: contact.start,
    min: contact.durationMinutes,
    with: contact.participants.join(' + '),
    status: contact.status,
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
console.log('   a phone contact after each of the first four sessions, and a parent in the first session.\n')
printTable(plan)

const closed = reschedulePlan(plan, { type: 'blackout', from: '2027-04-12', to: '2027-04-16' })
console.log('\n2. The clinic closes 12–16 April: the session that week moves to the next free week.')
console.log(`   ${rules['SCHED-6'].id}: ${rules['SCHED-6'].statement}\n`)
printTable(closed)

const missed = reschedulePlan(closed, { type: 'missed', contactId: 'session-2027-03-22' })
console.log('\n3. Session 4 on 22 March is missed: it stays on record, nothing earlier moves,')
console.log('   and the 12 contracted sessions are still delivered, one week later.\n')
printTable(missed)

const sessions = missed.contacts.filter((contact) => contact.kind === 'session' && contact.status === 'planned')
console.log(`\nPlanned sessions: ${sessions.length}; last session: ${sessions.at(-1)?.start}`)
