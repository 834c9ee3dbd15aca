import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { protocols, ruleIds, rules } from 'ipt-protocol'
import { describe, expect, it } from 'vitest'

const file = fileURLToPath(new URL('../docs/rules.md', import.meta.url))

/** docs/rules.md, rendered from the exported rule catalogue and built-in protocols. */
function renderRulesDoc(): string {
  const lines = [
    '# Rules and their sources',
    '',
    'Generated from `rules` and `protocols` (run `UPDATE_DOCS=1 npx vitest run test/rules-doc.test.ts`); a test',
    'fails when this page is stale. Sources: `seed` = the founding documents, `lit` = published IPT literature,',
    '`lit?` = literature not checked against a primary text (always a parameter), `design` = the library’s own',
    'choice where no source decides.',
    '',
    '| rule | statement | sources | references | built-in protocols applying it |',
    '| --- | --- | --- | --- | --- |',
  ]
  for (const id of ruleIds) {
    const rule = rules[id]
    const applying = Object.values(protocols)
      .filter((protocol) => protocol.rules.includes(id))
      .map((protocol) => `\`${protocol.id}\``)
    lines.push(
      `| ${id} | ${rule.statement} | ${rule.sources.join(', ')} | ${rule.references.join('; ') || '—'} | ${applying.join(', ') || '—'} |`,
    )
  }
  lines.push('', '## Built-in protocols', '')
  for (const protocol of Object.values(protocols)) {
    lines.push(`### \`${protocol.id}\` ${protocol.version}: ${protocol.name}`, '', protocol.description, '')
    lines.push(`Sources: ${protocol.sources.join('; ')}.`, '')
  }
  return `${lines.join('\n')}\n`
}

describe('docs/rules.md', () => {
  it('matches the rule catalogue and the built-in protocols', () => {
    if (process.env.UPDATE_DOCS) writeFileSync(file, renderRulesDoc())
    expect(readFileSync(file, 'utf8')).toBe(renderRulesDoc())
  })
})
