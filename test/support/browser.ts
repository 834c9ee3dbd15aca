/**
 * The Chromium that test/browser.test.ts drives with playwright-core (Playwright's own browser downloads are
 * never used). Looked up in this order:
 *
 * 1. `CHROMIUM_PATH`: a Chromium executable of your choice (it must exist), or the word `@sparticuz/chromium` to
 *    force the one below even when a system Chromium is installed;
 * 2. a system Chromium at /usr/bin/chromium (Debian's package), when present;
 * 3. the Chromium inside the `@sparticuz/chromium` devDependency, which `npm ci` installs with the rest: no
 *    download, no apt, no root. It is unpacked once (about 3 s, 200 MB) into the OS temp folder, under a name that
 *    carries the package version, and reused by later runs.
 *
 * Nothing here ever skips: a browser that cannot be found or unpacked is an error that says what to do.
 */
import { execFile } from 'node:child_process'
import { accessSync, constants, existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rename, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The value of `CHROMIUM_PATH` that forces the packaged Chromium. */
export const PACKAGED = '@sparticuz/chromium'
export const SYSTEM_CHROMIUM = '/usr/bin/chromium'

/**
 * Flags for every Chromium: no sandbox (tests run as root in CI), and no traffic of its own (without these, Chromium
 * keeps trying to reach update, sync and field-trial servers, which fail here as refused connections).
 */
const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--no-pings',
]

/**
 * Of `chromium.args` (tuned for AWS Lambda), the packaged build needs only these: it is a headless-shell build,
 * and zygote processes fail without a sandbox. Left out on purpose: `--disable-web-security` and
 * `--allow-running-insecure-content` (the page must pass with web security on), `--single-process` (needed on
 * Lambda only; several processes are sturdier) and the SwiftShader WebGL flags (the page draws SVG, not WebGL).
 */
const PACKAGED_ARGS = ['--no-zygote', '--font-render-hinting=none', '--disable-webgl']

export interface ChromiumChoice {
  /** Where the executable is. */
  executablePath: string
  /** Flags to launch it with (playwright adds its own for headless mode). */
  args: string[]
  /** Environment for the browser process: the packaged build brings its own fonts. */
  env: NodeJS.ProcessEnv
  /** How it was found, for the test's log line. */
  source: 'CHROMIUM_PATH' | 'system' | 'packaged'
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The Chromium to test with; `env` is the environment to look it up in (the process's by default). */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const named = env.CHROMIUM_PATH?.trim()
  if (named && named !== PACKAGED) {
    if (!isExecutable(named)) {
      throw new Error(`CHROMIUM_PATH is ${named}, which is not an executable file: fix it or unset it`)
    }
    return { executablePath: named, args: COMMON_ARGS, env: process.env, source: 'CHROMIUM_PATH' }
  }
  if (!named && isExecutable(SYSTEM_CHROMIUM)) {
    return { executablePath: SYSTEM_CHROMIUM, args: COMMON_ARGS, env: process.env, source: 'system' }
  }
  const folder = await unpackPackagedChromium()
  return {
    executablePath: join(folder, 'chromium'),
    args: [...COMMON_ARGS, ...PACKAGED_ARGS],
    env: { ...process.env, FONTCONFIG_PATH: join(folder, 'fonts') },
    source: 'packaged',
  }
}

/** The installed @sparticuz/chromium's folder and version (it exports no package.json, so it is found by path). */
function packagedChromium(): { root: string; version: string } {
  const require = createRequire(import.meta.url)
  let entry: string
  try {
    entry = require.resolve(PACKAGED)
  } catch (error) {
    throw new Error(
      `No Chromium found: CHROMIUM_PATH is not set, ${SYSTEM_CHROMIUM} does not exist, and ${PACKAGED} is not installed (run npm ci)`,
      { cause: error },
    )
  }
  // build/index.js → the package root
  const root = dirname(dirname(entry))
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  return { root, version }
}

/**
 * Unpacks the packaged Chromium once and returns its folder (chromium, its SwiftShader libraries and fonts/).
 * The package unpacks into `os.tmpdir()`, so a child process with its own TMPDIR unpacks into a fresh folder,
 * which is then renamed into place: a folder under the final name is always complete, even when a run was killed
 * half-way or two runs unpacked at once.
 */
export async function unpackPackagedChromium(): Promise<string> {
  const { root, version } = packagedChromium()
  const folder = join(tmpdir(), `ipt-protocol-chromium-${version}`)
  if (existsSync(join(folder, 'chromium'))) return folder
  const staging = await mkdtemp(join(tmpdir(), `ipt-protocol-chromium-${version}-unpacking-`))
  try {
    const script = `import(${JSON.stringify(join(root, 'build', 'index.js'))}).then((m) => m.default.executablePath()).then((p) => process.stdout.write(p))`
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TMPDIR: staging, TMP: staging, TEMP: staging },
      timeout: 120_000,
    })
    if (stdout !== join(staging, 'chromium')) {
      throw new Error(`${PACKAGED} unpacked to ${stdout}, not into ${staging}`)
    }
    try {
      await rename(staging, folder)
    } catch (error) {
      // Another run put a complete copy there first: use it.
      if (!existsSync(join(folder, 'chromium'))) throw error
    }
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  return folder
}
