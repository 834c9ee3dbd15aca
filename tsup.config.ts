import { defineConfig } from 'tsup'

export default defineConfig({
  // The core, and one entry point per interoperability format, so that the core bundle does not grow with them.
  entry: {
    index: 'src/index.ts',
    fhir: 'src/fhir/index.ts',
    ical: 'src/ical/index.ts',
    timeline: 'src/timeline/index.ts',
    'json-schema': 'src/json-schema/index.ts',
    research: 'src/research/index.ts',
  },
  format: ['esm', 'cjs'],
  // tsup 8.5 passes `baseUrl` to the dts build; TypeScript 6 rejects it (TS5101) unless silenced.
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: false,
})
