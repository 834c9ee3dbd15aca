import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { samplePlans } from './support/print-plans.js'

const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url))
const script = fileURLToPath(new URL('./support/print-plans.ts', import.meta.url))

describe('plans do not depend on the process time zone', () => {
  it('gives identical plans under TZ = UTC, America/New_York, Asia/Kolkata, Australia/Lord_Howe and America/Santiago', () => {
    const expected = JSON.stringify(samplePlans())
    for (const TZ of ['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago']) {
      const output = execFileSync(process.execPath, [tsx, script], { env: { ...process.env, TZ }, encoding: 'utf8' })
      expect(output, `under TZ=${TZ}`).toBe(expected)
    }
  })
})
