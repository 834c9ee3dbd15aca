import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.js'

// Mutation testing leaves out the tests that kill no mutant the others do not and are slow: packing, the browser,
// child processes under other TZ values, the TypeScript-compiler checks of the API docs and the README, and the
// purity scan. The checks of the generated docs and JSON Schemas stay in: they are what tests the rule catalogue
// and the schema export.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'test/package.test.ts',
        'test/browser.test.ts',
        'test/time-zones.test.ts',
        'test/docs.test.ts',
        'test/purity.test.ts',
        'test/readme.test.ts',
      ],
      // Stryker runs its own processes side by side (stryker.config.json's concurrency).
      maxWorkers: 1,
      isolate: true,
    },
  }),
)
