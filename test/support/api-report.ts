/**
 * The API report: API Extractor reads the built type declarations of each entry point (dist/*.d.ts, so run
 * `npm run build` first) and writes what they export, signatures included, to docs/api-report/<entry>.api.md.
 * The reports are committed, so a change to the public API shows as a diff in review.
 *
 *   npm run api:check    fails when the API differs from the committed reports (CI runs this)
 *   npm run api:update   rewrites the reports; commit them with the change (and a changeset)
 *
 * API Extractor brings its own TypeScript (6.0 in 7.60), so it reads what tsup emits with the project's compiler.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Extractor, ExtractorConfig, ExtractorLogLevel, type ExtractorMessage } from '@microsoft/api-extractor'

const root = fileURLToPath(new URL('../..', import.meta.url))
const update = process.argv.includes('--update')
const reportFolder = join(root, 'docs', 'api-report')
const tempFolder = join(root, 'reports', 'api-report')

/** The package's entry points (package.json `exports`), by the name of their report. */
const entries: Record<string, string> = {
  'ipt-protocol': 'index',
  'ipt-protocol-fhir': 'fhir',
  'ipt-protocol-ical': 'ical',
  'ipt-protocol-timeline': 'timeline',
  'ipt-protocol-json-schema': 'json-schema',
  'ipt-protocol-research': 'research',
}

mkdirSync(reportFolder, { recursive: true })
mkdirSync(tempFolder, { recursive: true })
const packageJsonFullPath = join(root, 'package.json')
const changed: string[] = []
const failed: string[] = []

for (const [report, entry] of Object.entries(entries)) {
  const declarations = join(root, 'dist', `${entry}.d.ts`)
  if (!existsSync(declarations)) {
    process.stderr.write(`api-report: ${declarations} is missing: run npm run build first\n`)
    process.exit(1)
  }
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: declarations,
      bundledPackages: [],
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            lib: ['ES2023'],
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            skipLibCheck: true,
            types: [],
          },
          files: [declarations],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: `${report}.api.md`,
        reportFolder,
        reportTempFolder: tempFolder,
        includeForgottenExports: true,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages: {
        compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
        // The report lists what every entry exports; the doc comments themselves are checked by typedoc and
        // test/docs.test.ts, whose TSDoc dialect (`{@link}` to other entries, `@example` blocks) is typedoc's.
        extractorMessageReporting: {
          default: { logLevel: ExtractorLogLevel.Warning },
          'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
          'ae-unresolved-link': { logLevel: ExtractorLogLevel.None },
          'ae-forgotten-export': { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
          'ae-undocumented': { logLevel: ExtractorLogLevel.None },
          // tsup puts each entry's @packageDocumentation comment after its imports.
          'ae-misplaced-package-tag': { logLevel: ExtractorLogLevel.None },
        },
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath,
  })
  const problems: string[] = []
  const result = Extractor.invoke(config, {
    localBuild: update,
    messageCallback: (message: ExtractorMessage) => {
      // console-* messages say what happened to the report files, which is reported below.
      const about = message.messageId.startsWith('console-')
      if (!about && (message.logLevel === ExtractorLogLevel.Error || message.logLevel === ExtractorLogLevel.Warning)) {
        problems.push(message.formatMessageWithLocation(root))
      }
      message.handled = true
    },
  })
  if (result.apiReportChanged) changed.push(report)
  // A changed report alone is reported below, with its diff.
  if (!result.succeeded && !(result.apiReportChanged && problems.length === 0)) {
    failed.push(`${report}: ${problems.join('\n    ') || 'the API differs from the committed report'}`)
  } else if (problems.length) failed.push(`${report}: ${problems.join('\n    ')}`)
}

if (failed.length === 0 && !update) rmSync(tempFolder, { recursive: true, force: true })
const reports = Object.keys(entries).map((report) => `docs/api-report/${report}.api.md`)
if (update) {
  process.stdout.write(
    changed.length ? `api-report: updated ${changed.join(', ')}\n` : 'api-report: no change to the public API\n',
  )
} else if (changed.length) {
  for (const report of changed) {
    const committed = join(reportFolder, `${report}.api.md`)
    const fresh = join(tempFolder, `${report}.api.md`)
    const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [])
    const before = new Set(lines(committed))
    const after = new Set(lines(fresh))
    const removed = [...before].filter((line) => !after.has(line)).map((line) => `-${line}`)
    const added = [...after].filter((line) => !before.has(line)).map((line) => `+${line}`)
    process.stderr.write(`api-report: the public API of ${report} changed:\n${[...removed, ...added].join('\n')}\n`)
  }
  process.stderr.write(
    `api-report: if the change is meant, run npm run api:update, commit ${changed.map((report) => `docs/api-report/${report}.api.md`).join(', ')} and add a changeset (npx changeset)\n`,
  )
  process.exitCode = 1
} else {
  process.stdout.write(`api-report: the public API matches ${reports.length} committed reports\n`)
}
if (failed.length) {
  process.stderr.write(`api-report: problems:\n  ${failed.join('\n  ')}\n`)
  process.exitCode = 1
}
