import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  courseChecks,
  dataRules,
  eventChecks,
  eventTypes,
  phaseTransitions,
  protocols,
  ruleIds,
  rules,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'

const docPath = (name: string) => fileURLToPath(new URL(`../docs/${name}`, import.meta.url))
const regenerate = 'run `UPDATE_DOCS=1 npx vitest run test/generated-docs.test.ts`'

/** docs/rules.md, rendered from the exported rule catalogue and built-in protocols. */
function renderRulesDoc(): string {
  const lines = [
    '# Rules and their sources',
    '',
    `Generated from \`rules\` and \`protocols\` (${regenerate}); a test fails when this page is stale.`,
    'Sources: `seed` = the founding documents, `lit` = published IPT literature,',
    '`lit?` = literature not checked against a primary text (always a parameter), `design` = the library’s own',
    'choice where no source decides.',
    '',
    'A protocol’s `rules` follow its data (`dataRules`): a rule the data decide is listed exactly when the data apply',
    'it (`defineProtocol` derives the list; `ProtocolSchema` refuses one that says otherwise), and a protocol lists',
    'itself the rules no data decide. So group and brief IPT do not list SCHED-1, and a variant of IPT-A without the',
    'phone contacts does not list IPTA-1.',
    '',
    '| rule | statement | sources | references | a protocol applies it when | built-in protocols applying it |',
    '| --- | --- | --- | --- | --- | --- |',
  ]
  for (const id of ruleIds) {
    const rule = rules[id]
    const applying = Object.values(protocols)
      .filter((protocol) => protocol.rules.includes(id))
      .map((protocol) => `\`${protocol.id}\``)
    lines.push(
      `| ${id} | ${rule.statement} | ${rule.sources.join(', ')} | ${rule.references.join('; ') || '—'} | ${dataRules[id] ?? 'it lists it (no data decide it)'} | ${applying.join(', ') || '—'} |`,
    )
  }
  lines.push('', '## Built-in protocols', '')
  for (const protocol of Object.values(protocols)) {
    lines.push(`### \`${protocol.id}\` ${protocol.version}: ${protocol.name}`, '', protocol.description, '')
    lines.push(`Sources: ${protocol.sources.join('; ')}.`, '')
  }
  return `${lines.join('\n')}\n`
}

/** docs/lifecycle.md, rendered from the exported transition table and checks. */
function renderLifecycleDoc(): string {
  const code = (value: string) => `\`${value}\``
  const check = (name: keyof typeof courseChecks) => {
    const entry = courseChecks[name]
    return `${code(name)} (${entry.kind}${entry.rule ? `, ${entry.rule}` : ', the protocol’s rule'})`
  }
  const lines = [
    '# Course lifecycle: phases, events and guards',
    '',
    `Generated from \`phaseTransitions\`, \`eventChecks\` and \`courseChecks\` (${regenerate}); a test fails when`,
    'this page is stale. Phases change only through these events; the library advises, it never moves a course',
    'on its own. Every event but `safety-reviewed` is also refused in a completed or discontinued course',
    '(`course-ended`, PHASE-6), and every event when dated before the last accepted event (`event-out-of-order`,',
    'LOG-1).',
    '',
    '## Safety flags (ipt-reference §8a)',
    '',
    'A suicide item above 0 (PHQ-9 item 9, MEAS-2; HAM-D-17 item 3, MEAS-6) raises a flag. It is advised the moment',
    'the measure is entered, even when the measure is refused for another reason (`suicidality-flag` with',
    '`params.stored: false`, in the advisories of the refusal), and stored in `safety.open` when the measure is',
    'accepted. Every later result, accepted or refused, repeats each open flag (`safety-review-pending`), in a',
    'completed or discontinued course too: ending a course with an open flag is accepted and advised',
    '(`safety-flag-open-at-end`), and the ended course still takes `safety-reviewed`, which records its `outcome`',
    '(`no-current-risk`, `safety-plan`, `referred`, `emergency-care`) and the flags it closed in `safety.reviews`.',
    '`startNextCourse` (and `startMaintenance`, built on it) carries open flags into the new course',
    '(`safety-flag-carried`), which repeats them until reviewed. `courseToFhir` writes a FHIR `Flag` for each, and',
    '`renderTimeline` shows a warning.',
    '',
    '## The care pathway (ipt-reference §6)',
    '',
    'Acute treatment, continuation (MAINT-6), maintenance (MAINT-1) and, after a recurrence (MAINT-4), a new acute',
    'course are courses of their own. `startNextCourse(previous, protocol, options)` starts the next one from a',
    'completed or discontinued course (or, for a protocol that follows a recurrence, an ongoing continuation or',
    'maintenance course), links the two both ways (`linkedCourseId`, `nextCourseId`) and carries the open safety',
    'flags. The next protocol declares what it follows as data (`entry`); the hand-off checks it and advises, never',
    'refuses, when it is not met. Remission is judged on the previous course’s own series, each instrument on its',
    'own, and a positive suicide item is never remission (MAINT-2). A state (an initial phase that overran,',
    'termination due, repeated missed sessions, a rating in the episode range) is advised once, when it begins;',
    'an open safety flag is repeated on every event until reviewed (MEAS-2). `docs/pathway.png` draws a pathway.',
    '',
    '| protocol | kind | follows | remission on the previous course (MAINT-2) | follows a recurrence (MAINT-4) | watches for recurrence (MAINT-7) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.values(protocols).map((protocol) => {
      const { entry, monitoring, schedule } = protocol
      const remission = entry?.remission
        ? entry.remission.ratings > 1
          ? `sustained: ${entry.remission.ratings} consecutive ratings`
          : 'the latest ratings'
        : '—'
      const range = Object.entries(monitoring.episodeRange ?? {})
        .map(([instrument, from]) => `${instrument} ≥ ${from}`)
        .join(', ')
      return `| ${code(protocol.id)} | ${schedule.type} | ${entry ? entry.after.join(', ') : '—'} | ${remission} | ${entry?.recurrence ? 'yes' : '—'} | ${range || '—'} |`
    }),
    '',
    '## Phase transitions',
    '',
    '| event | from | to | rule | guards (refuse) | advisories |',
    '| --- | --- | --- | --- | --- | --- |',
  ]
  for (const t of phaseTransitions) {
    lines.push(
      `| ${code(t.event)} | ${t.from.map(code).join(', ')} | ${code(t.to)} | ${t.rule} | ${t.guards.map(check).join('; ') || '—'} | ${t.advisories.map(check).join('; ') || '—'} |`,
    )
  }
  lines.push('', '## Checks by event', '', '| event | checks |', '| --- | --- |')
  for (const type of eventTypes) lines.push(`| ${code(type)} | ${eventChecks[type].map(check).join('; ') || '—'} |`)
  lines.push('', '## Checks', '', '| code | kind | rule | what it checks |', '| --- | --- | --- | --- |')
  for (const entry of Object.values(courseChecks)) {
    lines.push(
      `| ${code(entry.code)} | ${entry.kind} | ${entry.rule ?? 'named by the protocol'} | ${entry.description} |`,
    )
  }
  return `${lines.join('\n')}\n`
}

describe.each([
  ['rules.md', renderRulesDoc],
  ['lifecycle.md', renderLifecycleDoc],
])('docs/%s', (name, render) => {
  it('matches the code it documents', () => {
    if (process.env.UPDATE_DOCS) writeFileSync(docPath(name), render())
    expect(readFileSync(docPath(name), 'utf8')).toBe(render())
  })
})
