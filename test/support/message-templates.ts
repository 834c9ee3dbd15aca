/**
 * A static check of the message templates in `src/`: every template literal and sentence-like string literal is
 * read with the TypeScript parser and checked for the forms that go wrong for some values: a count before a plural
 * noun (`${n} sessions` reads "1 sessions"), an article before a value (`a ${type}` reads "a acute"), a range that
 * may hold one number (`${min} to ${max}` reads "8 to 8"), and double spaces. A template that is right for every
 * value it can take is listed in `allowed` with the reason.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

/** One suspicious place in a message template. */
export interface TemplateFinding {
  /** The file, relative to the repository, and the line. */
  where: string
  /** What is wrong. */
  problem: string
  /** The template's source text. */
  text: string
}

/** Nouns that a count is put before in the library's messages (their plural, as written after a count). */
const pluralNouns =
  'sessions|areas|months|days|weeks|years|minutes|ratings|items|scores|slots|contacts|flags|events|levels|problem areas'
const countBeforePlural = new RegExp(`^ (?:[a-z-]+ )?(?:${pluralNouns})\\b`)

/**
 * Placeholders that are right in the places the check flags, by file and expression: each is a constant of at
 * least two, a value that is never 1, a word that starts with a consonant, or a range whose ends always differ.
 */
export const allowed: Record<string, string> = {
  'src/calendar/index.ts: YEAR_RANGE.min … YEAR_RANGE.max': 'the library years, 1900 to 2999',
  'src/schedule/plan.ts: YEAR_RANGE.min … YEAR_RANGE.max': 'the library years, 1900 to 2999',
  'src/schedule/generate.ts: LIMITS.slotsPerSeries': 'a hard cap in the thousands',
  'src/protocol/define.ts: MAX_DEPTH': 'a constant depth of 16',
  'src/measures/index.ts: itemMax.length': 'an instrument has 9 or 17 items',
  'src/course/apply.ts: kind': "'session' or 'phone contact', both start with a consonant",
  'src/course/apply.ts: instrument': "'phq-9' or 'hamd-17', read as letters: a P…, a H…",
  'src/course/apply.ts: course.counts.sessionsHeld … course.contract.sessions': 'held of contracted, not a range',
  'src/fhir/index.ts: range.min … range.max': 'span() gives a single number when both ends are the same',
  'src/readiness/index.ts: minAgeYears … maxAgeYears': 'a population of one age is not a range (checked in the schema)',
  'src/course/apply.ts: progress.changePercent ?? 0': 'a percentage, "%", not a noun',
  'src/course/apply.ts: count': 'the open-flag summary is for two or more flags (one flag has its own sentence)',
  'src/areas/index.ts: unlinked': 'the plural branch of `unlinked === 1 ? … : …`',
  'src/course/apply.ts: every': 'the plural branch of `every === 1 ? … : …`',
  'src/course/apply.ts: course.phase … to': 'from one phase to another, not a range of numbers',
  'src/schedule/schema.ts: min … max': 'the follow-up bounds, 3 to 6 months and 1 to 20 follow-ups',
  'src/research/dose.ts: value.min … value.max': 'the plural branch of `value.min === value.max ? … : …`',
  'src/research/dose.ts: range.min … range.max': 'the plural branch of `range.min === range.max ? … : …`',
  'src/research/compare.ts: fixed(q.q1, digits) … fixed(q.q3, digits)':
    'quartiles in a table cell, shown as written even when equal',
  'src/research/simulate.ts: MAX_CONTACTS': 'a hard cap in the thousands',
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    return entry.isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** Every finding in the `.ts` files under `directory` (the repository's `src/`). */
export function checkMessageTemplates(root: string, directory = join(root, 'src')): TemplateFinding[] {
  const findings: TemplateFinding[] = []
  for (const file of sourceFiles(directory)) {
    const name = relative(root, file).replaceAll('\\', '/')
    // The helpers that put counts and ranges into words.
    if (name === 'src/issues/words.ts') continue
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const report = (node: ts.Node, problem: string, key?: string) => {
      if (key !== undefined && allowed[`${name}: ${key}`]) return
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1
      findings.push({ where: `${name}:${line}`, problem, text: node.getText() })
    }
    const visit = (node: ts.Node): void => {
      if (ts.isTemplateExpression(node)) {
        const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)]
        const expressions = node.templateSpans.map((span) => span.expression.getText())
        if (parts.some((part) => part.includes('  '))) report(node, 'a double space')
        expressions.forEach((expression, index) => {
          const before = parts[index] ?? ''
          const after = parts[index + 1] ?? ''
          if (countBeforePlural.test(after)) {
            report(node, `a count before a plural noun: \${${expression}}${after.slice(0, 20)}…`, expression)
          }
          if (/(^|[^a-z])an? $/i.test(before)) {
            report(node, `an article before a value: …${before.slice(-3)}\${${expression}}`, expression)
          }
          const next = expressions[index + 1]
          if (next !== undefined && /^( to |–)$/.test(after)) {
            report(
              node,
              `a range that may hold one number: \${${expression}}${after}\${${next}}`,
              `${expression} … ${next}`,
            )
          }
          if (/\b1 to $/.test(before)) report(node, `a range from 1 before \${${expression}}`, expression)
        })
      } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        if (/ {2}/.test(node.text) && / [a-z]/.test(node.text)) report(node, 'a double space')
        if (/(^|\s)a (?!one|uni|use|usu|eu)[aeiou]/i.test(node.text)) report(node, "'a' before a vowel")
        if (/\b1 (?:[a-z-]+ )?(?:sessions|areas|months|days|weeks|ratings|items|flags|events)\b/.test(node.text)) {
          report(node, 'one before a plural noun')
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return findings
}
