/**
 * The values that documentation comments show, e.g. `// { total: 11, severity: 'moderate', … }`, read as
 * patterns and matched against what the code returns. The notation is JavaScript's for literals, plus `…`:
 *
 * - `{ a: 1, b }`: exactly the keys `a` and `b` (keys whose value is `undefined` count as absent), `a` equal to 1
 *   and `b` anything; `{ a: 1, … }`: at least `a`.
 * - `[1, 2]`: exactly these items; `[1, …]` starts with 1; `[…, 9]` ends with 9; `[1, …, 9]` both; `[…]` any array.
 * - `'text'`: exactly that string; `'text…'` starts with it, `'…text'` ends with it, `'a…b'` both.
 * - numbers, `true`, `false`, `null` and `undefined` as usual.
 *
 * Text after a complete value is prose: `'16:00' (local time)` checks `'16:00'`.
 */

export type Pattern =
  | { kind: 'any' }
  | { kind: 'literal'; value: string | number | boolean | null | undefined }
  | { kind: 'text'; parts: string[] }
  | { kind: 'array'; items: (Pattern | 'gap')[] }
  | { kind: 'object'; entries: [string, Pattern][]; open: boolean }

/** Whether a comment's text begins with a value (anything else is prose and is not checked). */
export function showsValue(comment: string): boolean {
  return /^([[{'\d]|-\d|(true|false|null|undefined)\b)/.test(comment.trim())
}

/** Reads the value at the start of `text`; throws when it is not well formed. */
export function parseValue(text: string): { pattern: Pattern; rest: string } {
  let at = 0
  const fail = (what: string): never => {
    throw new Error(`cannot read ${what} at character ${at} of: ${text}`)
  }
  const space = () => {
    while (at < text.length && /\s/.test(text.charAt(at))) at++
  }
  const next = (token: string): boolean => {
    space()
    return text.startsWith(token, at)
  }
  const eat = (token: string): boolean => {
    space()
    if (text.startsWith(token, at)) {
      at += token.length
      return true
    }
    return false
  }
  const quoted = (): string => {
    const quote = text.charAt(at)
    at++
    let value = ''
    while (at < text.length && text.charAt(at) !== quote) {
      if (text.charAt(at) === '\\') at++
      value += text.charAt(at)
      at++
    }
    if (text.charAt(at) !== quote) fail('the end of a string')
    at++
    return value
  }
  const value = (): Pattern => {
    space()
    const char = text.charAt(at)
    if (char === '{') {
      at++
      const entries: [string, Pattern][] = []
      let open = false
      while (!eat('}')) {
        if (eat('…')) open = true
        else {
          space()
          let key: string
          if (/['"]/.test(text.charAt(at))) key = quoted()
          else {
            key = /^[\w$]+/.exec(text.slice(at))?.[0] ?? fail('a key')
            at += key.length
          }
          entries.push([key, eat(':') ? value() : { kind: 'any' }])
        }
        if (!eat(',') && !next('}')) fail("',' or '}'")
      }
      return { kind: 'object', entries, open }
    }
    if (char === '[') {
      at++
      const items: (Pattern | 'gap')[] = []
      while (!eat(']')) {
        items.push(eat('…') ? 'gap' : value())
        if (!eat(',') && !next(']')) fail("',' or ']'")
      }
      return { kind: 'array', items }
    }
    if (char === "'" || char === '"') {
      const string = quoted()
      return string.includes('…') ? { kind: 'text', parts: string.split('…') } : { kind: 'literal', value: string }
    }
    const word = /^(-?\d+(\.\d+)?|true|false|null|undefined)(?![\w$])/.exec(text.slice(at))?.[0]
    if (word === undefined) return fail('a value')
    at += word.length
    const literals: Record<string, boolean | null | undefined> = { true: true, false: false, null: null }
    return {
      kind: 'literal',
      value: word in literals ? literals[word] : word === 'undefined' ? undefined : Number(word),
    }
  }
  const pattern = value()
  const rest = text.slice(at)
  if (rest !== '' && !/^\s/.test(rest)) fail('the end of the value')
  return { pattern, rest: rest.trim() }
}

function show(value: unknown): string {
  const json = JSON.stringify(value)
  return json === undefined ? String(value) : json.length > 300 ? `${json.slice(0, 300)}…` : json
}

/** Matches `parts` in order in `text`, the first at its start and the last at its end (an empty part: anywhere). */
function textMatches(text: string, parts: string[]): boolean {
  const first = parts[0] ?? ''
  const last = parts.at(-1) ?? ''
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length) return false
  let at = first.length
  for (const part of parts.slice(1, -1)) {
    const found = text.indexOf(part, at)
    if (found < 0 || found + part.length > text.length - last.length) return false
    at = found + part.length
  }
  return true
}

function arrayMatches(actual: unknown[], items: (Pattern | 'gap')[]): boolean {
  const segments: Pattern[][] = [[]]
  for (const item of items) {
    if (item === 'gap') segments.push([])
    else segments.at(-1)?.push(item)
  }
  const at = (segment: Pattern[], start: number) =>
    start >= 0 &&
    start + segment.length <= actual.length &&
    segment.every((pattern, index) => mismatches(actual[start + index], pattern).length === 0)
  if (segments.length === 1) return actual.length === items.length && at(segments[0] ?? [], 0)
  let position = 0
  for (const [index, segment] of segments.entries()) {
    if (index === 0) {
      if (!at(segment, 0)) return false
      position = segment.length
    } else if (index === segments.length - 1) {
      const start = actual.length - segment.length
      if (start < position || !at(segment, start)) return false
    } else {
      let start = position
      while (start <= actual.length && !at(segment, start)) start++
      if (start > actual.length) return false
      position = start + segment.length
    }
  }
  return true
}

/** How `actual` differs from `pattern`: one line per difference, empty when it matches. */
export function mismatches(actual: unknown, pattern: Pattern, path = 'value'): string[] {
  switch (pattern.kind) {
    case 'any':
      return []
    case 'literal':
      return Object.is(actual, pattern.value) ? [] : [`${path} is ${show(actual)}, not ${show(pattern.value)}`]
    case 'text':
      return typeof actual === 'string' && textMatches(actual, pattern.parts)
        ? []
        : [`${path} is ${show(actual)}, not '${pattern.parts.join('…')}'`]
    case 'array':
      return Array.isArray(actual) && arrayMatches(actual, pattern.items)
        ? []
        : [`${path} is ${show(actual)}, which does not match the ${pattern.items.length} items shown`]
    case 'object': {
      if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
        return [`${path} is ${show(actual)}, not an object`]
      }
      const record = actual as Record<string, unknown>
      const problems = pattern.entries.flatMap(([key, value]) =>
        record[key] === undefined && !(value.kind === 'literal' && value.value === undefined)
          ? [`${path}.${key} is missing`]
          : mismatches(record[key], value, `${path}.${key}`),
      )
      if (!pattern.open) {
        const shown = new Set(pattern.entries.map(([key]) => key))
        const extra = Object.keys(record).filter((key) => record[key] !== undefined && !shown.has(key))
        if (extra.length) problems.push(`${path} also has ${extra.join(', ')} (add them, or '…')`)
      }
      return problems
    }
  }
}
