/**
 * The timeline is always well-formed XML (issue 12, point 5): whatever text a host passes (titles, labels, and
 * through a course its ids and notes), a strict XML 1.0 parser reads the SVG without an error. Characters XML
 * forbids become U+FFFD; nothing the host wrote becomes markup.
 */
import fc from 'fast-check'
import { applyEvent, type Course, createCourse, planCourse, protocols } from 'ipt-protocol'
import { renderTimeline } from 'ipt-protocol/timeline'
import { SaxesParser } from 'saxes'
import { describe, expect, it } from 'vitest'

/** The errors a strict XML parser reports for `xml`, and the text of every `<title>` it read. */
function parse(xml: string): { errors: string[]; titles: string[] } {
  const parser = new SaxesParser()
  const errors: string[] = []
  const titles: string[] = []
  let inTitle = false
  parser.on('error', (error) => errors.push(error.message))
  parser.on('opentag', (tag) => {
    inTitle = tag.name === 'title'
  })
  parser.on('text', (text) => {
    if (inTitle) titles.push(text)
  })
  parser.on('closetag', () => {
    inTitle = false
  })
  parser.write(xml).close()
  return { errors, titles }
}

/**
 * `text` as an XML parser gives it back: every character XML 1.0 allows kept (tab, LF, CR, U+0020–U+D7FF,
 * U+E000–U+FFFD, U+10000 and up), any other one as U+FFFD, and line ends normalised to LF (XML 1.0 §2.11).
 */
function xmlText(text: string): string {
  const allowed = (code: number) =>
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  return Array.from(text, (char) => (allowed(char.codePointAt(0) ?? 0) ? char : '\ufffd'))
    .join('')
    .replace(/\r\n?/g, '\n')
}

const plan = planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' })
const flagged: Course = (() => {
  const result = applyEvent(createCourse(protocols['ipt-a'], { id: 'c', plan }), {
    type: 'measure-recorded',
    at: '2027-03-01T16:50:00-05:00',
    instrument: 'phq-9',
    items: [1, 1, 1, 1, 1, 1, 1, 1, 2],
  })
  if (!result.ok) throw new Error('refused')
  return result.course
})()

/** Text with the characters most likely to break XML: controls, lone surrogates, markup and entities. */
const hostile = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(
        '\u0000',
        '\u0007',
        '\u001b',
        '\u000b',
        '\ud800',
        '\udc00',
        '\ufffe',
        '\uffff',
        '<',
        '&',
        ']]>',
        '"',
        "'",
        '😀',
      ),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join('').slice(0, 200))

describe('renderTimeline writes well-formed XML', () => {
  it('for any title, subtitle and labels, on a plan and on a course with an open flag (property, 300 runs)', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, fc.boolean(), (title, subtitle, label, course) => {
        const svg = renderTimeline(course ? flagged : plan, {
          title,
          subtitle,
          labels: { today: label, safetyFlag: `${label} {count}`, kinds: { session: label } },
          now: '2027-03-10T12:00:00-05:00',
        })
        const { errors, titles } = parse(svg)
        expect(errors).toEqual([])
        // The title is there as text, with only the characters XML forbids replaced.
        if (title) expect(titles[0]).toBe(xmlText(title))
      }),
      { numRuns: 300 },
    )
  })

  it('replaces a control character and a lone surrogate, which a strict parser refuses raw', () => {
    expect(parse('<svg><title>\u0007</title></svg>').errors).not.toEqual([])
    const svg = renderTimeline(plan, { title: 'a\u0007b\ud800c' })
    expect(parse(svg).errors).toEqual([])
    expect(svg).toContain('<title>a\ufffdb\ufffdc</title>')
  })
})
