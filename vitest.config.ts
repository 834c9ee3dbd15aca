import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The slowest test files, which start first so that the two workers of a 2-core machine finish together. Vitest
 * orders files by the durations of the previous run, which a fresh clone (and so CI) does not have: there it ran
 * the 45-second packed-package test last, alone.
 */
const slowest = ['test/package.test.ts', 'test/time-zones.test.ts', 'test/readme.test.ts', 'test/properties.test.ts']

class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = slowest.findIndex((name) => file.moduleId.replaceAll('\\', '/').endsWith(name))
      return index < 0 ? slowest.length : index
    }
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b))
  }
}

export default defineConfig({
  resolve: {
    // Tests import the package by its name, as a user would; it resolves to the source.
    alias: [
      { find: /^ipt-protocol$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      {
        find: /^ipt-protocol\/(fhir|ical|timeline|json-schema|research)$/,
        replacement: fileURLToPath(new URL('./src/$1/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    // Vitest's default is one worker less than the cores: on this project's 2-core machines, one worker, so the
    // files ran one after another. The packed-package test spends most of its time in child processes (build,
    // pack, install), so a second worker runs the other files meanwhile.
    maxWorkers: 2,
    // A worker runs its files one after another in one module graph instead of loading src/ (and zod) again for
    // each file: the library is pure and the tests go through its public API, so they share nothing they change
    // (import time 30 s → 8 s). A test that changes process state (TZ, globals) restores it.
    isolate: false,
    sequence: { sequencer: SlowestFirst },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text', 'json-summary'],
      thresholds: { lines: 90, functions: 90, branches: 85, statements: 90 },
    },
  },
})
