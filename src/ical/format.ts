/**
 * The RFC 5545 text primitives the iCalendar writer needs: TEXT escaping, UTC date-times, and content lines folded
 * at 75 octets of UTF-8 and ended with CRLF. Internal to `ipt-protocol/ical`.
 */

/** The line break RFC 5545 requires after every content line (section 3.1). */
export const CRLF = '\r\n'

/** The longest a content line may be, in octets, without its CRLF (section 3.1). */
export const MAX_OCTETS = 75

/** UTF-8 octets of one code point. A lone surrogate counts 3, as the U+FFFD it is replaced with. */
function utf8Octets(char: string): number {
  const code = Number(char.codePointAt(0))
  if (code < 0x80) return 1
  if (code < 0x800) return 2
  return code < 0x10000 ? 3 : 4
}

/**
 * Whether a code point may stand in a TEXT value: RFC 5545 excludes the control characters (CONTROL in section
 * 3.3.11) except horizontal tab; line breaks are kept here because {@link escapeText} writes them as `\n`.
 */
function allowed(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code !== 0x7f)
}

/**
 * Escapes a TEXT value (RFC 5545 section 3.3.11): backslash, semicolon and comma get a backslash, every line break
 * (CRLF, CR or LF) becomes `\n`, other control characters are dropped and unpaired surrogates become U+FFFD, so that
 * the value encodes as valid UTF-8.
 */
export function escapeText(value: string): string {
  let clean = ''
  for (const char of value) {
    const code = Number(char.codePointAt(0))
    if (code >= 0xd800 && code <= 0xdfff) clean += '\uFFFD'
    else if (allowed(code)) clean += char
  }
  return clean.replace(/[\\;,]/g, (char) => `\\${char}`).replace(/\r\n|\r|\n/g, '\\n')
}

/**
 * Folds one content line (RFC 5545 section 3.1): no physical line is longer than 75 octets of UTF-8, a
 * continuation line starts with a space (which counts towards its 75), and no character is split across lines.
 */
export function fold(line: string): string {
  let folded = ''
  let octets = 0
  for (const char of line) {
    const size = utf8Octets(char)
    if (octets + size > MAX_OCTETS) {
      folded += `${CRLF} `
      octets = 1
    }
    folded += char
    octets += size
  }
  return folded
}

/** An instant (epoch milliseconds) as an RFC 5545 UTC DATE-TIME, `'20270315T140000Z'` (section 3.3.5, form 2). */
export function utcDateTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`
}

/** One content line `NAME:value`, folded and ended with CRLF. The value must already be escaped for its type. */
export function contentLine(name: string, value: string): string {
  return `${fold(`${name}:${value}`)}${CRLF}`
}
