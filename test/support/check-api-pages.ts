/**
 * Checks the API reference that typedoc wrote to docs/api as a reader sees it (run by `npm run docs`, after
 * typedoc): a function page names its types instead of expanding them, so that its description comes early; the
 * pages of the main types list every field of their schema; the event union's page shows every event type.
 * Prints the size of the pages it checks, in characters of text.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CoursePlanSchema, CourseSchema, eventTypes, PlanOptionsSchema, ProtocolSchema } from '../../src/index.js'

const api = fileURLToPath(new URL('../../docs/api/', import.meta.url))

/** The text of a page's main column, as a reader sees it (tags dropped, entities decoded, spaces collapsed). */
function pageText(file: string): string {
  const html = readFileSync(join(api, file), 'utf8')
  const main = html.slice(html.indexOf('<div class="col-content">'), html.indexOf('<div class="col-sidebar">'))
  return main
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}

const problems: string[] = []
const sizes: string[] = []

/** A function page: its description (its first words given here) within `within` characters of text. */
function checkFunction(name: string, description: string, within = 2000): void {
  const file = `functions/index.${name}.html`
  const text = pageText(file)
  const at = text.indexOf(description)
  sizes.push(`${name} ${text.length} (description at ${at})`)
  if (at < 0 || at > within) problems.push(`${file}: "${description}" is at ${at}, not within ${within} characters`)
}

/** A type page lists each of the fields. */
function checkFields(file: string, fields: readonly string[]): void {
  const text = pageText(file)
  sizes.push(`${file.replace(/^\w+\/index\.|\.html$/g, '')} ${text.length}`)
  const missing = fields.filter((field) => !new RegExp(`\\b${field} \\??: `).test(text))
  if (missing.length) problems.push(`${file}: fields not listed: ${missing.join(', ')}`)
}

checkFunction('planCourse', 'Plans a course of a protocol')
checkFunction('createCourse', 'Starts a course of a protocol')
checkFields('interfaces/index.Course.html', Object.keys(CourseSchema.def.shape))
checkFields('interfaces/index.CoursePlan.html', Object.keys(CoursePlanSchema.def.shape))
checkFields('interfaces/index.Protocol.html', Object.keys(ProtocolSchema.def.shape))
checkFields('interfaces/index.PlanOptions.html', Object.keys(PlanOptionsSchema.def.shape))

// The event union names one interface per event type, and each interface's page shows its `type`.
const union = pageText('types/index.CourseEvent.html')
const eventPages = readdirSync(join(api, 'interfaces')).filter((file) => /^index\.\w+Event\.html$/.test(file))
const shown = eventPages.filter((file) => union.includes(file.slice('index.'.length, -'.html'.length)))
const typesShown = new Set(eventPages.map((file) => /\btype : "([a-z-]+)"/.exec(pageText(`interfaces/${file}`))?.[1]))
const notShown = eventTypes.filter((type) => !typesShown.has(type))
if (shown.length !== eventTypes.length || notShown.length) {
  problems.push(`types/index.CourseEvent.html shows ${shown.length} of ${eventTypes.length} event types`)
}
sizes.push(`CourseEvent ${union.length} (${shown.length} event types)`)

// No page of a function should be a wall of expanded types.
const longest = readdirSync(join(api, 'functions'))
  .map((file) => ({ file, length: pageText(`functions/${file}`).length }))
  .sort((a, b) => b.length - a.length)[0]
if (longest) sizes.push(`longest function page: ${longest.file} ${longest.length}`)
if (longest && longest.length > 20_000) problems.push(`functions/${longest.file} has ${longest.length} characters`)

process.stdout.write(`API pages (characters of text): ${sizes.join('; ')}\n`)
if (problems.length) {
  process.stderr.write(`API reference problems:\n  ${problems.join('\n  ')}\n`)
  process.exitCode = 1
}
