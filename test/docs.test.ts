/**
 * Every public export has a JSDoc comment with an `@example`: the TypeScript compiler lists the exports of
 * src/index.ts, follows each re-export to its declaration, and reads that declaration's JSDoc.
 */
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
/** The package's entry points: the core and one per interoperability format. */
const entries = [
  'index.ts',
  'fhir/index.ts',
  'ical/index.ts',
  'timeline/index.ts',
  'json-schema/index.ts',
  'research/index.ts',
].map((file) => join(root, 'src', file))

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json')
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile)
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'))
  return ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath)).options
}

/** The exports of every entry point, each with the declarations it resolves to. */
function publicExports(): { name: string; declarations: ts.Declaration[] }[] {
  const program = ts.createProgram({ rootNames: entries, options: compilerOptions() })
  const checker = program.getTypeChecker()
  return entries.flatMap((entry) => {
    const source = program.getSourceFile(entry)
    const moduleSymbol = source && checker.getSymbolAtLocation(source)
    if (!moduleSymbol) return []
    return checker.getExportsOfModule(moduleSymbol).map((exported) => {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      return { name: exported.getName(), declarations: symbol.getDeclarations() ?? [] }
    })
  })
}

/** Why this declaration fails the rule, or undefined when its JSDoc has an `@example`. */
function problem(declaration: ts.Declaration): string | undefined {
  const jsDoc = ts.getJSDocCommentsAndTags(declaration).filter(ts.isJSDoc)
  if (jsDoc.length === 0) return 'no JSDoc comment'
  const hasExample = ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'example')
  return hasExample ? undefined : 'no @example'
}

/**
 * The fields of an exported interface or object type (nested object types included) that have no doc comment,
 * as `Type.field.nested`. FHIR resources are left out: their fields are FHIR's, documented by the FHIR spec that
 * each resource type links to.
 */
function undocumentedFields(name: string, declaration: ts.Declaration): string[] {
  if (declaration.getSourceFile().fileName.endsWith('src/fhir/types.ts')) return []
  const found: string[] = []
  const visit = (node: ts.Node, path: string) => {
    if (ts.isPropertySignature(node) && node.name) {
      const here = `${path}.${node.name.getText()}`
      if (ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).length === 0) found.push(here)
      if (node.type) visit(node.type, here)
      return
    }
    node.forEachChild((child) => visit(child, path))
  }
  if (ts.isInterfaceDeclaration(declaration)) for (const member of declaration.members) visit(member, name)
  else if (ts.isTypeAliasDeclaration(declaration)) visit(declaration.type, name)
  return found
}

/**
 * Types whose fields still lack doc comments: the two result unions of the course lifecycle and the timeline's
 * labels. A type leaves the list once every field is documented (the test below says when).
 */
const pendingFieldDocs = new Set(['ApplyResult', 'ReplayResult', 'TimelineLabels'])

describe('API documentation', () => {
  const exports = publicExports()

  it('finds the public exports of src/index.ts', () => {
    const names = exports.map((exported) => exported.name)
    expect(names).toEqual(
      expect.arrayContaining(['planCourse', 'protocols', 'ProtocolSchema', 'Protocol', 'toJsonSchema']),
    )
    expect(exports.every((exported) => exported.declarations.length > 0)).toBe(true)
  })

  it('gives every export a JSDoc comment with an @example', () => {
    const lacking = exports.flatMap(({ name, declarations }) => {
      // A name declared more than once (a value and a type, say) passes when one of its declarations does.
      const problems = declarations.map(problem)
      if (problems.some((found) => found === undefined)) return []
      const declaration = declarations[0]
      const where = declaration ? relative(root, declaration.getSourceFile().fileName).replaceAll('\\', '/') : '?'
      return [`${name} (${where}: ${problems[0] ?? 'no declaration'})`]
    })
    expect(lacking, `exports lacking a JSDoc @example:\n  ${lacking.join('\n  ')}\n`).toEqual([])
  })

  it('gives every field of an exported type a doc comment, in nested objects too', () => {
    const lacking = exports.flatMap(({ name, declarations }) =>
      pendingFieldDocs.has(name) ? [] : declarations.flatMap((declaration) => undocumentedFields(name, declaration)),
    )
    expect(lacking, `fields without a doc comment:\n  ${lacking.join('\n  ')}\n`).toEqual([])
    // A type whose fields are all documented leaves the list.
    const done = [...pendingFieldDocs].filter((name) =>
      exports.every(
        (exported) => exported.name !== name || exported.declarations.every((d) => !undocumentedFields(name, d).length),
      ),
    )
    expect(done, 'documented in full: remove from pendingFieldDocs').toEqual([])
  })
})
