/**
 * The README is tested: its `ts` blocks, in order and after test/support/readme-preamble.ts (what they assume:
 * `db`, `ratings`, `untrusted`), form one ES module, which must type-check under the repository's tsconfig (strict,
 * noUncheckedIndexedAccess, exactOptionalPropertyTypes) and run without throwing. Every `//` comment that shows a
 * value, after an expression or a declaration or on the lines below it, is checked against what that expression or
 * declared variable holds when the line runs, in the notation of test/support/doc-values.ts (`…` for "and more").
 * A comment in words (`// your storage`) is not checked.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'
import { mismatches, type Pattern, parseValue, showsValue } from './support/doc-values.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const preamble = readFileSync(join(root, 'test', 'support', 'readme-preamble.ts'), 'utf8')

interface Block {
  /** The README line of the block's first code line (1-based). */
  line: number
  code: string
}

/** The README's ```ts blocks. */
function blocks(markdown: string): Block[] {
  const found: Block[] = []
  const lines = markdown.split('\n')
  for (let index = 0; index < lines.length; index++) {
    if (lines[index]?.trim() !== '```ts') continue
    const start = index + 1
    let end = start
    while (end < lines.length && lines[end]?.trim() !== '```') end++
    found.push({ line: start + 1, code: lines.slice(start, end).join('\n') })
    index = end
  }
  return found
}

/** The module: the preamble, then each block; `lineOf` maps a module line (0-based) to its README line. */
function assemble(): { source: string; lineOf: (line: number) => number | undefined } {
  const parts = [preamble]
  const origins: (number | undefined)[] = preamble.split('\n').map(() => undefined)
  for (const block of blocks(readme)) {
    parts.push(block.code)
    origins.push(...block.code.split('\n').map((_, index) => block.line + index))
  }
  return { source: parts.join('\n'), lineOf: (line) => origins[line] }
}

interface Check {
  readmeLine: number
  expected: string
  pattern: Pattern
}

/**
 * Finds the value comments and wraps what they describe in `__show(id, …)`: an expression statement's expression
 * (also as the body of an `if`), or, after a declaration, the variable it declares.
 */
function instrument(source: string, lineOf: (line: number) => number | undefined): { code: string; checks: Check[] } {
  const file = ts.createSourceFile('readme.mts', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
  const lines = source.split('\n')
  const lineEnd = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getEnd()).line
  const statements: ts.Statement[] = []
  const collect = (node: ts.Node) => {
    if (ts.isExpressionStatement(node) || ts.isVariableStatement(node) || ts.isIfStatement(node)) statements.push(node)
    if (!ts.isExpressionStatement(node) && !ts.isVariableStatement(node)) node.forEachChild(collect)
  }
  file.forEachChild(collect)

  const edits: { at: number; remove: number; text: string }[] = []
  const checks: Check[] = []
  for (let line = 0; line < lines.length; line++) {
    const readmeLine = lineOf(line)
    if (readmeLine === undefined) continue
    const text = lines[line] ?? ''
    const own = /^\s*\/\/ ?(.*)$/.exec(text)
    const trailing = own ? undefined : /^(.*\S)\s+\/\/ ?(.*)$/.exec(text)
    let comment = own ? own[1] : trailing?.[2]
    if (comment === undefined || !showsValue(comment)) continue
    // A comment on its own line describes the statement above it (skipping the comment lines before it).
    if (
      own &&
      /^\s*\/\//.test(lines[line - 1] ?? '') &&
      showsValue(/\/\/ ?(.*)$/.exec(lines[line - 1] ?? '')?.[1] ?? '')
    )
      continue
    let last = line
    while (own && /^\s*\/\/\s{2,}/.test(lines[last + 1] ?? '')) {
      last++
      comment += ` ${lines[last]?.replace(/^\s*\/\/\s*/, '')}`
    }
    let target = line
    if (own) {
      target = line - 1
      while (target >= 0 && /^\s*\/\//.test(lines[target] ?? '')) target--
    }
    const statement = statements.filter((candidate) => lineEnd(candidate) === target).at(-1)
    if (!statement) throw new Error(`README.md:${readmeLine}: no statement for the value comment ${comment}`)
    const { pattern } = parseValue(comment)
    const id = checks.length
    checks.push({ readmeLine, expected: comment.trim(), pattern })
    const inner = ts.isIfStatement(statement) ? statement.thenStatement : statement
    if (ts.isExpressionStatement(inner)) {
      const expression = inner.expression
      edits.push({ at: expression.getStart(file), remove: 0, text: `__show(${id}, (` })
      edits.push({ at: expression.getEnd(), remove: 0, text: '))' })
    } else if (ts.isVariableStatement(inner) && inner.declarationList.declarations.length === 1) {
      const name = inner.declarationList.declarations[0]?.name
      if (!name || !ts.isIdentifier(name)) throw new Error(`README.md:${readmeLine}: declare one plain variable`)
      edits.push({ at: inner.getEnd(), remove: 0, text: `; __show(${id}, ${name.text})` })
    } else {
      throw new Error(`README.md:${readmeLine}: a value comment must follow an expression or a declaration`)
    }
  }
  let code = source
  for (const edit of edits.sort((a, b) => b.at - a.at)) {
    code = code.slice(0, edit.at) + edit.text + code.slice(edit.at + edit.remove)
  }
  return { code: `declare function __show(id: number, value: unknown): unknown\n${code}`, checks }
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json')
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile)
  return ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath)).options
}

const temp = mkdtempSync(join(tmpdir(), 'ipt-protocol-readme-'))
afterAll(() => rmSync(temp, { recursive: true, force: true }))

describe('README.md', () => {
  const { source, lineOf } = assemble()

  it('has ts blocks, and value comments among them', () => {
    expect(blocks(readme).length).toBeGreaterThanOrEqual(8)
    expect(instrument(source, lineOf).checks.length).toBeGreaterThanOrEqual(15)
  })

  it('type-checks under the repository tsconfig (strict, noUncheckedIndexedAccess)', () => {
    // A .mts file is an ES module wherever it is, so the snippets may use top-level await.
    const file = join(temp, 'readme.mts')
    writeFileSync(file, source)
    const program = ts.createProgram({ rootNames: [file], options: { ...compilerOptions(), noEmit: true } })
    // Only this file's diagnostics: checking all of src/ again would take seconds, and typecheck does that.
    const sourceFile = program.getSourceFile(file)
    const diagnostics = [
      ...program.getOptionsDiagnostics(),
      ...program.getSyntacticDiagnostics(sourceFile),
      ...program.getSemanticDiagnostics(sourceFile),
    ]
    const messages = diagnostics.map((diagnostic) => {
      const line = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line
      const where = line === undefined ? '' : (lineOf(line) ?? `readme-preamble.ts:${line + 1}`)
      return `README.md:${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`
    })
    expect(messages).toEqual([])
  })

  it('runs, and every value comment shows what the code returns', async () => {
    const { code, checks } = instrument(source, lineOf)
    const file = join(temp, 'readme-run.mts')
    // Run as JavaScript: the type-only parts are erased by vitest's transform; `__show` is a global here.
    writeFileSync(file, code.replace(/^declare function __show.*\n/, ''))
    const seen = new Map<number, unknown>()
    const global = globalThis as { __show?: (id: number, value: unknown) => unknown }
    global.__show = (id, value) => {
      seen.set(id, structuredClone(value))
      return value
    }
    try {
      await import(pathToFileURL(file).href)
    } finally {
      delete global.__show
    }
    const problems = checks.flatMap((check, id) => {
      if (!seen.has(id)) return [`README.md:${check.readmeLine}: never ran (${check.expected})`]
      return mismatches(seen.get(id), check.pattern).map((problem) => `README.md:${check.readmeLine}: ${problem}`)
    })
    expect(problems, problems.join('\n')).toEqual([])
  })
})
