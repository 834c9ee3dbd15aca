import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = fileURLToPath(new URL('../src', import.meta.url))
const files = (readdirSync(src, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'))

describe('src/ is pure (architecture, principle 1)', () => {
  it.each(files)('%s does no I/O and reads no clock, environment or randomness', (file) => {
    // Code only: doc comments may show a host calling console.log or reading its own storage.
    const code = readFileSync(join(src, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
    expect(code).not.toMatch(
      /from 'node:|require\(|\bfetch\(|\bprocess\.|\bconsole\.|Date\.now\(|new Date\(\)|Math\.random\(/,
    )
  })
})
