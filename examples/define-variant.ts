/**
 * A researcher's variants, defined as data with the same defineProtocol the built-ins use:
 * IPT-A without phone contacts, and standard IPT with twice-weekly sessions in the first month (SCHED-5).
 *
 * Run: npx tsx examples/define-variant.ts
 */
import { defineProtocol, ProtocolError, planCourse, protocols, safeDefineProtocol } from 'ipt-protocol'

const noPhone = defineProtocol({
  extends: 'ipt-a',
  id: 'ipt-a-no-phone',
  name: 'IPT-A without phone contacts',
  version: '0.1.0',
  description:
    'IPT-A as built in, without the weekly phone contacts of weeks 1–4 (trial arm B; IPTA-1 no longer applies).',
  schedule: { extraContacts: [] },
  sources: ['Trial arm B (example)'],
})

const intensiveStart = defineProtocol({
  extends: protocols.ipt,
  id: 'ipt-intensive-start',
  name: 'IPT, twice weekly in the first month',
  version: '0.1.0',
  description: 'Standard IPT with 8 twice-weekly sessions first (SCHED-5, Frank 2007), then weekly; 16–20 sessions.',
  schedule: {
    sessions: { min: 16, default: 20, max: 20 },
    earlyFrequency: { sessions: 8, frequency: { every: 1, unit: 'week', times: 2 } },
  },
})

const options = { start: '2027-09-06', time: '11:00', timeZone: 'Europe/Berlin' }
for (const protocol of [protocols['ipt-a'], noPhone, protocols.ipt, intensiveStart]) {
  const plan = planCourse(protocol, options)
  const counts = new Map<string, number>()
  for (const contact of plan.contacts) counts.set(contact.kind, (counts.get(contact.kind) ?? 0) + 1)
  const kinds = [...counts].map(([kind, count]) => `${count} ${kind}`)
  const last = plan.contacts.at(-1)?.start.slice(0, 10)
  console.log(
    `${protocol.id.padEnd(20)} based on ${protocol.basedOn?.id ?? '—'}: ${kinds.join(', ')}; last contact ${last}`,
  )
}

// Invariants are checked: every problem is listed, with a code, a path and, where one applies, a rule id.
const broken = safeDefineProtocol({
  extends: 'ipt',
  id: 'too-short',
  version: '0.1.0',
  description: 'Four sessions: too few for three initial and three termination sessions.',
  schedule: { sessions: { min: 4, default: 4, max: 4 } },
  problemAreas: { allowed: ['grief'], max: 2 },
})
if (!broken.success) {
  for (const issue of broken.issues)
    console.log(`refused: ${issue.code} at ${issue.path?.join('.')} (${issue.rule ?? '—'}): ${issue.message}`)
}
try {
  defineProtocol({ extends: 'ipt', id: 'Not An Id', version: '0.1.0', description: 'An id with spaces.' })
} catch (error) {
  if (error instanceof ProtocolError)
    console.log(`ProtocolError: ${error.issues.map((issue) => issue.code).join(', ')}`)
}
