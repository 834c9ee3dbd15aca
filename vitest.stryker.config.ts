import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config.js'

// Mutation testing runs the behavioural tests only: packing, the browser, child processes under other TZ values,
// the TypeScript-compiler doc check and the generated-file checks kill no mutant that the others do not, and are slow.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'test/package.test.ts',
        'test/browser.test.ts',
        'test/time-zones.test.ts',
        'test/docs.test.ts',
        'test/generated-docs.test.ts',
        'test/json-schema.test.ts',
        'test/purity.test.ts',
      ],
    },
  }),
)
