/**
 * Writing SVG as text: escaping, numbers written the same on every engine, elements with ordered attributes. Shared
 * by the timeline and the research entry's chart; not part of either entry's API.
 */

/** The font stack of every picture: system UI fonts, then fonts a server-side renderer has (DejaVu Sans). */
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif"

/**
 * `value` as XML text: markup characters escaped, and the characters XML 1.0 forbids (control characters other
 * than tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF) replaced by U+FFFD, so the SVG is
 * always well-formed.
 */
export function esc(value: string): string {
  return value
    .replace(notXml, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
}

/** What XML 1.0 forbids in text: control characters but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF. */
const notXml =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the control characters XML forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** A coordinate with at most two decimals, written the same on every engine. */
export function num(value: number): string {
  const rounded = Math.round(value * 100) / 100
  return String(Object.is(rounded, -0) ? 0 : rounded)
}

/** An element with attributes in the given order; `undefined` attributes are left out. */
export function el(name: string, attributes: Record<string, string | number | undefined>, content?: string): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${typeof value === 'number' ? num(value) : esc(value)}"`)
    .join('')
  return content === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`
}

export function text(x: number, y: number, content: string, style: Record<string, string | number | undefined> = {}) {
  return el('text', { x, y, ...style }, esc(content))
}
