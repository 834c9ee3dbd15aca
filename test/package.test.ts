/**
 * The packed package, as a user gets it: build, `npm pack`, install the tarball into a separate consumer project,
 * then import it (ESM) and require it (CommonJS) from child processes, and type-check both styles with tsc.
 * Slow (about 20–40 s: a build, a pack and an install), so it runs once in CI, outside the time-zone matrix.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const STEP_TIMEOUT = 150_000

/**
 * The environment for child processes: this process's, less what `npm test` adds for its own project
 * (`npm_config_local_prefix`, `npm_package_*`, …), which would point the consumer's npm at this repository.
 * Settings that say where and how to reach the registry are kept.
 */
const keptNpmSettings = new Set(
  ['cache', 'registry', 'userconfig', 'globalconfig', 'cafile', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl'].map(
    (name) => `npm_config_${name}`,
  ),
)
const childEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => {
    const lower = key.toLowerCase()
    return !(lower.startsWith('npm_') || lower === 'init_cwd') || keptNpmSettings.has(lower)
  }),
)

async function exec(command: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(command, args, {
      cwd,
      env: childEnv,
      timeout: STEP_TIMEOUT,
      maxBuffer: 64 * 1024 * 1024,
      shell: process.platform === 'win32',
    })
    return stdout
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}\n${stdout}\n${stderr}`, { cause: error })
  }
}

/** One planned IPT course, printed as JSON by both consumer scripts. */
const planScript = `
const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'America/New_York' })
const sessions = plan.contacts.filter((contact) => contact.kind === 'session')
console.log(JSON.stringify({
  count: plan.contacts.length,
  sessions: sessions.length,
  first: plan.contacts[0].start,
  last: plan.contacts[plan.contacts.length - 1].start,
  phases: [...new Set(plan.contacts.map((contact) => contact.phase))],
}))
`

const expectedPlan = {
  count: 16,
  sessions: 16,
  first: '2027-03-01T10:00:00-05:00',
  // 15 weeks after the first session, after the US change to daylight-saving time: same weekday and local time.
  last: '2027-06-14T10:00:00-04:00',
  phases: ['initial', 'middle', 'termination'],
}

let temp = ''
let consumer = ''
let packedFiles: string[] = []

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'ipt-protocol-pack-'))
  consumer = join(temp, 'consumer')
  await mkdir(consumer)

  await exec(npm, ['run', 'build', '--loglevel=error'], root)
  const packOutput = await exec(
    npm,
    ['pack', '--json', '--ignore-scripts', '--loglevel=error', '--pack-destination', temp],
    root,
  )
  const [packed] = JSON.parse(packOutput) as [{ filename: string; files: { path: string }[] }]
  packedFiles = packed.files.map((file) => file.path).sort()

  await writeFile(
    join(consumer, 'package.json'),
    `${JSON.stringify({ name: 'ipt-protocol-consumer', version: '0.0.0', private: true }, null, 2)}\n`,
  )
  await exec(
    npm,
    ['install', join(temp, packed.filename), '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    consumer,
  )

  await writeFile(
    join(consumer, 'esm.mjs'),
    `import { planCourse, protocols } from 'ipt-protocol'\n` +
      `console.error(import.meta.resolve('ipt-protocol'))\n${planScript}`,
  )
  await writeFile(
    join(consumer, 'cjs.cjs'),
    `const { planCourse, protocols } = require('ipt-protocol')\n` +
      `console.error(require.resolve('ipt-protocol'))\n${planScript}`,
  )
}, 180_000)

afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true, maxRetries: 3 })
})

describe('the packed package', () => {
  it('holds only dist/, schemas/, the generated rule and lifecycle tables, README.md, CHANGELOG.md, LICENSE and package.json', () => {
    const allowed = (path: string) =>
      path.startsWith('dist/') ||
      path.startsWith('schemas/') ||
      ['README.md', 'CHANGELOG.md', 'LICENSE', 'package.json', 'docs/rules.md', 'docs/lifecycle.md'].includes(path)
    expect(packedFiles.filter((path) => !allowed(path))).toEqual([])
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'CHANGELOG.md',
        'docs/rules.md',
        'docs/lifecycle.md',
        'package.json',
        'dist/index.js',
        'dist/index.cjs',
        'dist/index.d.ts',
        'dist/index.d.cts',
        'schemas/course.schema.json',
      ]),
    )
  })

  it('plans a course when imported from an ES module', async () => {
    const { stdout, stderr } = await run('node', ['esm.mjs'], { cwd: consumer, env: childEnv, timeout: 60_000 })
    expect(stderr.trim()).toMatch(/node_modules\/ipt-protocol\/dist\/index\.js$/)
    expect(JSON.parse(stdout)).toEqual(expectedPlan)
  })

  it('plans a course when required from CommonJS', async () => {
    const { stdout, stderr } = await run('node', ['cjs.cjs'], { cwd: consumer, env: childEnv, timeout: 60_000 })
    expect(stderr.trim().replaceAll('\\', '/')).toMatch(/node_modules\/ipt-protocol\/dist\/index\.cjs$/)
    expect(JSON.parse(stdout)).toEqual(expectedPlan)
  })

  it('serves every entry point to import and require, and ships the JSON Schemas', async () => {
    const entries = {
      'ipt-protocol/fhir': 'protocolToPlanDefinition',
      'ipt-protocol/ical': 'planToICalendar',
      'ipt-protocol/timeline': 'renderTimeline',
      'ipt-protocol/json-schema': 'toJsonSchema',
      'ipt-protocol/research': 'summarizeFidelity',
    }
    const check = Object.entries(entries)
      .map(
        ([entry, name]) =>
          `if (typeof load(${JSON.stringify(entry)}).${name} !== 'function') throw new Error('${entry}')`,
      )
      .join('\n')
    await writeFile(
      join(consumer, 'entries.mjs'),
      `const mods = {}\n${Object.keys(entries)
        .map((e, i) => `import * as m${i} from '${e}'\nmods['${e}'] = m${i}`)
        .join('\n')}\nconst load = (e) => mods[e]\n${check}\nconsole.log('ok')`,
    )
    await writeFile(
      join(consumer, 'entries.cjs'),
      `const load = (e) => require(e)\n${check}\nrequire('ipt-protocol/schemas/course.schema.json')\nconsole.log('ok')`,
    )
    for (const file of ['entries.mjs', 'entries.cjs']) {
      const { stdout } = await run('node', [file], { cwd: consumer, env: childEnv, timeout: 60_000 })
      expect(stdout.trim()).toBe('ok')
    }
  })

  it('throws one ProtocolError class from every entry point, in ES modules and CommonJS alike', async () => {
    // One invalid call per entry point; each must throw an error that is instanceof the core's ProtocolError,
    // whichever format loaded the core and whichever loaded the entry point.
    const calls = {
      'ipt-protocol': "(m) => m.planCourse(m.protocols.ipt, { start: 'x', time: '10:00', timeZone: 'UTC' })",
      'ipt-protocol/fhir': '(m) => m.protocolToPlanDefinition(null)',
      'ipt-protocol/ical': '(m) => m.planToICalendar(null)',
      'ipt-protocol/timeline': '(m) => m.renderTimeline(null)',
      'ipt-protocol/json-schema': "(m) => m.toJsonSchema('nothing')",
      'ipt-protocol/research': '(m) => m.assessFidelity(null)',
    }
    const body = `
const results = []
for (const [entry, call] of Object.entries(calls)) {
  for (const [format, load] of [['esm', loadEsm], ['cjs', loadCjs]]) {
    let thrown
    try { call(await load(entry)) } catch (error) { thrown = error }
    results.push([entry, format, thrown instanceof esmCore.ProtocolError, thrown instanceof cjsCore.ProtocolError, Array.isArray(thrown?.issues)])
  }
}
console.log(JSON.stringify(results))
`
    const callsSource = `const calls = {\n${Object.entries(calls)
      .map(([entry, call]) => `  ${JSON.stringify(entry)}: ${call},`)
      .join('\n')}\n}`
    await writeFile(
      join(consumer, 'errors.mjs'),
      `import { createRequire } from 'node:module'\nconst require = createRequire(import.meta.url)\n` +
        `const loadEsm = (entry) => import(entry)\nconst loadCjs = async (entry) => require(entry)\n` +
        `const esmCore = await import('ipt-protocol')\nconst cjsCore = require('ipt-protocol')\n${callsSource}\n${body}`,
    )
    const { stdout } = await run('node', ['errors.mjs'], { cwd: consumer, env: childEnv, timeout: 60_000 })
    const results = JSON.parse(stdout) as Array<[string, string, boolean, boolean, boolean]>
    expect(results).toHaveLength(12)
    expect(results.filter(([, , esm, cjs, issues]) => !(esm && cjs && issues))).toEqual([])
  })

  it('type-checks in a TypeScript consumer (node16 resolution, ESM and CommonJS)', async () => {
    const use = `
const plan = planCourse(protocols.ipt, { start: '2027-03-01', time: '10:00', timeZone: 'America/New_York' })
export const count: number = plan.contacts.length
// @ts-expect-error: the types are real, not any
export const wrong: string = plan.contacts.length
`
    await writeFile(join(consumer, 'use-esm.mts'), `import { planCourse, protocols } from 'ipt-protocol'\n${use}`)
    await writeFile(
      join(consumer, 'use-cjs.cts'),
      `import ipt = require('ipt-protocol')\nconst { planCourse, protocols } = ipt\n${use}`,
    )
    await writeFile(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['use-esm.mts', 'use-cjs.cts'],
      }),
    )
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
    await exec(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer)
  })
})
