/**
 * The library runs in a browser: examples/browser/main.ts is bundled with esbuild for the browser platform (a
 * Node built-in anywhere in the import graph would fail the build), the page is served on 127.0.0.1 only, and
 * headless Chromium must show the planned sessions and the SVG timeline, with no console error and no page error.
 * The browser runs in Asia/Kolkata, so that the plan's New York times must not come from the browser's zone.
 *
 * The browser is `CHROMIUM_PATH`, else a system Chromium at /usr/bin/chromium, else the one that `npm ci` installs
 * inside the @sparticuz/chromium package (test/support/browser.ts). The test never skips: without a browser it
 * fails and says why.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { applyEvent, type Course, type CourseEvent, createCourse, planCourse, protocols } from 'ipt-protocol'
import { renderTimeline } from 'ipt-protocol/timeline'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChromiumChoice, findChromium, PACKAGED, SYSTEM_CHROMIUM } from './support/browser.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const exampleDir = join(root, 'examples', 'browser')

/** The page's course, rendered here in Node: the browser must produce the very same SVG. */
function expectedSvg(): string {
  const plan = planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' })
  let course: Course = createCourse(protocols['ipt-a'], { id: 'browser-demo', plan })
  const events: CourseEvent[] = [
    { type: 'session-held', at: '2027-03-01T16:50:00-05:00', participants: ['patient', 'parent'] },
    { type: 'phone-contact-held', at: '2027-03-04T16:15:00-05:00' },
    { type: 'session-held', at: '2027-03-08T16:45:00-05:00' },
    { type: 'session-missed', at: '2027-03-15T16:45:00-04:00' },
  ]
  for (const event of events) {
    const result = applyEvent(course, event)
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    course = result.course
  }
  return renderTimeline(course, { now: '2027-03-17T12:00:00-04:00', title: 'IPT-A course (browser demo)' })
}

describe('in a browser (headless Chromium)', () => {
  let server: Server | undefined
  let browser: Browser | undefined
  let origin = ''
  const requests: string[] = []
  const timings: Record<string, number> = {}
  let choice: ChromiumChoice | undefined
  let notFound: unknown

  beforeAll(async () => {
    let started = performance.now()
    try {
      choice = await findChromium()
    } catch (error) {
      // The test below fails with this error (it is never skipped).
      notFound = error
      return
    }
    timings.find = performance.now() - started
    started = performance.now()
    const bundle = await build({
      entryPoints: [join(exampleDir, 'main.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      metafile: true,
      tsconfig: join(root, 'tsconfig.json'),
    })
    timings.bundle = performance.now() - started
    const inputs = Object.keys(bundle.metafile.inputs)
    expect(inputs.some((input) => input.includes('src/timeline/index.ts'))).toBe(true)
    expect(inputs.filter((input) => input.startsWith('node:') || input.includes('node_modules/@types/node'))).toEqual(
      [],
    )
    const script = bundle.outputFiles[0]?.text ?? ''
    const html = readFileSync(join(exampleDir, 'index.html'), 'utf8')

    server = createServer((request, response) => {
      requests.push(request.url ?? '')
      const [type, body] =
        request.url === '/' || request.url === '/index.html'
          ? ['text/html; charset=utf-8', html]
          : request.url === '/main.js'
            ? ['text/javascript; charset=utf-8', script]
            : [undefined, 'not found']
      response.writeHead(type ? 200 : 404, { 'content-type': type ?? 'text/plain', 'cache-control': 'no-store' })
      response.end(body)
    })
    await new Promise<void>((resolve, reject) => {
      server?.once('error', reject)
      server?.listen(0, '127.0.0.1', resolve)
    })
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

    started = performance.now()
    browser = await chromium.launch({
      executablePath: choice.executablePath,
      args: choice.args,
      env: choice.env,
      headless: true,
      timeout: 20_000,
    })
    timings.launch = performance.now() - started
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  })

  it('shows the planned sessions and the SVG timeline, with no console or page errors', async () => {
    if (notFound) throw notFound
    if (!browser || !choice) throw new Error('the browser did not start')
    const started = performance.now()
    const context = await browser.newContext({ timezoneId: 'Asia/Kolkata', locale: 'en-GB' })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console.${message.type()}: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`))
    // Loopback only: anything else the page asked for would be refused (and reported as a failed request).
    await page.route('**/*', (route) =>
      route.request().url().startsWith(origin) ? route.continue() : route.abort('blockedbyclient'),
    )

    await page.goto(`${origin}/`, { waitUntil: 'load', timeout: 15_000 })
    // Expressions run in the page (strings: the project's TypeScript has no DOM library).
    await page.waitForFunction("document.getElementById('status')?.textContent !== 'loading'", undefined, {
      timeout: 15_000,
    })

    expect(await page.textContent('#status')).toBe('ready')
    expect(await page.textContent('#sessions')).toBe('12')
    expect(await page.textContent('#phone-contacts')).toBe('4')
    // New York time, whatever the browser's own zone (Asia/Kolkata here).
    expect(await page.textContent('#first')).toBe('2027-03-01T16:00:00-05:00')
    expect(await page.evaluate('new Date(Date.UTC(2027, 0, 1)).getTimezoneOffset()')).toBe(-330)

    const svg = page.locator('#timeline > svg')
    expect(await svg.count()).toBe(1)
    expect(await svg.evaluate((element) => element.namespaceURI)).toBe('http://www.w3.org/2000/svg')
    expect(await svg.getAttribute('width')).toBe('960')
    expect(await svg.getAttribute('viewBox')).toBe('0 0 960 400')
    // 12 sessions and 4 phone contacts, and the missed session the plan keeps while it moved the rest (SCHED-6).
    expect(await page.locator('#timeline g.mark').count()).toBe(17)
    expect(await page.locator('#timeline g.mark[data-status="held"]').count()).toBe(3)
    expect(await page.locator('#timeline g.mark[data-status="missed"]').count()).toBe(1)
    expect(await page.locator('#timeline g.now').count()).toBe(1)
    const box = await svg.boundingBox()
    expect(box?.width).toBeGreaterThan(100)
    expect(box?.height).toBeGreaterThan(40)

    // The same string as in Node, and valid XML to the browser's own parser.
    const source = (await page.textContent('#svg-source')) ?? ''
    expect(source).toBe(expectedSvg())
    const parserErrors = await page.evaluate(
      `new DOMParser().parseFromString(${JSON.stringify(source)}, 'image/svg+xml').getElementsByTagName('parsererror').length`,
    )
    expect(parserErrors).toBe(0)

    expect(problems).toEqual([])
    expect(requests.filter((url) => url !== '/' && url !== '/main.js')).toEqual([])
    await context.close()
    timings.page = performance.now() - started
    const rounded = Object.entries(timings).map(([step, ms]) => `${step} ${Math.round(ms)} ms`)
    expect(rounded).toHaveLength(4)
    process.stdout.write(
      `browser test: ${browser.version()} (${choice.source}, ${choice.executablePath}); ${rounded.join(', ')}\n`,
    )
  }, 30_000)
})

describe('finding Chromium', () => {
  it('takes CHROMIUM_PATH first, and refuses one that is not an executable', async () => {
    await expect(findChromium({ CHROMIUM_PATH: '/no/such/chromium' })).rejects.toThrow(
      'CHROMIUM_PATH is /no/such/chromium, which is not an executable file',
    )
    expect(await findChromium({ CHROMIUM_PATH: process.execPath })).toMatchObject({
      executablePath: process.execPath,
      source: 'CHROMIUM_PATH',
    })
  })

  it(`uses the packaged Chromium when CHROMIUM_PATH is ${PACKAGED}, even beside a system one`, async () => {
    const choice = await findChromium({ CHROMIUM_PATH: PACKAGED })
    expect(choice.source).toBe('packaged')
    expect(choice.executablePath).toMatch(/ipt-protocol-chromium-[\d.]+\/chromium$/)
    expect(choice.args).toEqual(expect.arrayContaining(['--no-sandbox', '--disable-background-networking']))
    expect(choice.env.FONTCONFIG_PATH).toMatch(/\/fonts$/)
  })

  it('finds the system Chromium when there is one and CHROMIUM_PATH is unset', async () => {
    const choice = await findChromium({})
    expect(choice.source).toBe(existsSync(SYSTEM_CHROMIUM) ? 'system' : 'packaged')
  })
})
