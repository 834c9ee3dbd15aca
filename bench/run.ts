/**
 * npm run bench: times each task in its own process, 3 times, and prints the median per operation with ratios to
 * the reference in its group, then whether the project's targets are met. Absolute times on a shared 2-core
 * machine vary 5–25 % run to run; compare the ratios. `npm run bench -- --write` also writes
 * docs/performance.md. In child mode (`tsx bench/run.ts --task <group> <name>`) it runs one task.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { arch, cpus, platform } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Bench } from 'tinybench'
import {
  EVENTS,
  FIDELITY_COURSES,
  FLAG_EVENTS,
  fidelityTasks,
  manyPlanTasks,
  naiveTasks,
  PLANS,
  parseTasks,
  planTasks,
  replayTasks,
} from './tasks.js'

const groups = {
  plan: planTasks,
  naive: naiveTasks,
  many: manyPlanTasks,
  replay: replayTasks,
  parse: parseTasks,
  fidelity: fidelityTasks,
} as const
type Group = keyof typeof groups

async function child(group: Group, name: string): Promise<void> {
  const task = (groups[group] as Record<string, () => unknown>)[name]
  if (!task) throw new Error(`no task ${group}/${name}`)
  // A task that is a whole workload (a million events, 100,000 plans) runs once.
  const heavy = group === 'replay' || group === 'fidelity' || name.includes('100,000')
  const bench = new Bench({
    time: heavy ? 0 : 1500,
    iterations: heavy ? 1 : 10,
    warmupTime: heavy ? 0 : 300,
    warmupIterations: heavy ? 0 : 5,
  })
  bench.add(name, task)
  await bench.run()
  const result = bench.tasks[0]?.result
  const mean = result && 'latency' in result ? result.latency.mean : Number.NaN
  process.stdout.write(JSON.stringify({ ms: mean }))
}

function verify(): void {
  const same = (a: unknown, b: unknown, what: string) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what} disagree`)
  }
  same(planTasks['ipt-protocol planCourse'](), planTasks['date-fns TZDate loop'](), 'planCourse and the date-fns loop')
  if (process.env.TZ === 'UTC')
    same(planTasks['ipt-protocol planCourse'](), planTasks['rrule with tzid'](), 'planCourse and rrule')
  same(
    naiveTasks['ipt-protocol planCourse (UTC)'](),
    naiveTasks['naive UTC loop'](),
    'planCourse in UTC and the naive loop',
  )
  same(
    manyPlanTasks['ipt-protocol planCourse, defined protocols'](),
    planTasks['ipt-protocol planCourse'](),
    'plans of the built-ins and of equal defined protocols',
  )
  same(replayTasks['xstate transition()'](), 'completed', 'xstate')
  same(replayTasks['bare reducer'](), 'completed', 'the reducer')
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

async function main(): Promise<void> {
  if (process.argv[2] === '--task') return child(process.argv[3] as Group, process.argv[4] ?? '')
  verify()
  const script = fileURLToPath(import.meta.url)
  const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url))
  const times: Record<string, number> = {}
  for (const [group, tasks] of Object.entries(groups)) {
    for (const name of Object.keys(tasks)) {
      const runs = [1, 2, 3].map(() => {
        // rrule is only right with the process in UTC; every task runs so, for a fair comparison.
        const out = execFileSync(process.execPath, [tsx, script, '--task', group, name], {
          env: { ...process.env, TZ: 'UTC' },
          encoding: 'utf8',
        })
        return (JSON.parse(out) as { ms: number }).ms
      })
      times[name] = median(runs)
      process.stderr.write(`${name}: ${runs.map((ms) => ms.toFixed(3)).join(', ')} ms\n`)
    }
  }
  const t = (name: string) => times[name] ?? Number.NaN
  const plan = t('ipt-protocol planCourse')
  const varied = t('ipt-protocol 100,000 varied plans') / 1000
  const perEvent = (name: string) => (t(name) * 1000) / EVENTS // ms for the whole log → µs per event
  const rows: string[][] = [
    ['planCourse: IPT 16 + IPT-M 36 (New York, across DST)', `${plan.toFixed(3)} ms`, '1.00×'],
    [
      'date-fns addWeeks/addMonths on TZDate',
      `${t('date-fns TZDate loop').toFixed(3)} ms`,
      `planCourse takes ${(plan / t('date-fns TZDate loop')).toFixed(2)}× its time`,
    ],
    [
      'rrule with tzid (TZ=UTC)',
      `${t('rrule with tzid').toFixed(3)} ms`,
      `${(t('rrule with tzid') / plan).toFixed(2)}× slower than planCourse`,
    ],
    [
      'planCourse of equal defined (not built-in) protocols, validated at every call',
      `${t('ipt-protocol planCourse, defined protocols').toFixed(3)} ms`,
      `${(t('ipt-protocol planCourse, defined protocols') / plan).toFixed(2)}× the built-ins`,
    ],
    [
      `${PLANS.toLocaleString('en')} varied course plans (IPT + IPT-M; 3 years of start dates, 20 times, 5 zones), one run`,
      `${varied.toFixed(2)} s`,
      `${((varied * 1e6) / PLANS).toFixed(1)} µs a course plan`,
    ],
    ['planCourse in UTC', `${t('ipt-protocol planCourse (UTC)').toFixed(3)} ms`, '—'],
    [
      'naive UTC loop (wrong across DST; lower bound)',
      `${t('naive UTC loop').toFixed(4)} ms`,
      `planCourse is ${(plan / t('naive UTC loop')).toFixed(1)}× it`,
    ],
    [
      'replay, per event (with validation)',
      `${perEvent('ipt-protocol replay').toFixed(3)} µs`,
      `${(1 / perEvent('ipt-protocol replay')).toFixed(2)} M events/s`,
    ],
    [
      `replay of ${FLAG_EVENTS[0].toLocaleString('en')} and ${FLAG_EVENTS[1].toLocaleString('en')} PHQ-9 events, each raising a flag (all left open)`,
      `${t('ipt-protocol replay, 10,000 flag-raising events').toFixed(1)} ms, ${t('ipt-protocol replay, 40,000 flag-raising events').toFixed(1)} ms`,
      `4n takes ${(t('ipt-protocol replay, 40,000 flag-raising events') / t('ipt-protocol replay, 10,000 flag-raising events')).toFixed(1)}× n`,
    ],
    [
      'xstate transition(), per event',
      `${perEvent('xstate transition()').toFixed(3)} µs`,
      `replay is ${(perEvent('xstate transition()') / perEvent('ipt-protocol replay')).toFixed(1)}× faster`,
    ],
    [
      'bare reducer, per event (lower bound)',
      `${perEvent('bare reducer').toFixed(3)} µs`,
      `replay is ${(perEvent('ipt-protocol replay') / perEvent('bare reducer')).toFixed(0)}× it`,
    ],
    [
      'parseCourse (16-session course)',
      `${(t('ipt-protocol parseCourse (16-session course)') * 1000).toFixed(1)} µs`,
      '—',
    ],
    [
      `summarizeFidelity over ${FIDELITY_COURSES[0].toLocaleString('en')} and ${FIDELITY_COURSES[1].toLocaleString('en')} stored courses (JSON text parsed as it streams, 4 groups), one run each`,
      `${(t('summarizeFidelity, 10,000 stored courses') / 1000).toFixed(2)} s, ${(t('summarizeFidelity, 100,000 stored courses') / 1000).toFixed(2)} s`,
      `10n takes ${(t('summarizeFidelity, 100,000 stored courses') / t('summarizeFidelity, 10,000 stored courses')).toFixed(1)}× n; JSON.parse alone ${(t('JSON.parse alone, 100,000 stored courses') / 1000).toFixed(2)} s of it`,
    ],
  ]
  // The simulation figures (issue 17), measured once in their own process: bench/simulate.ts.
  const simulation = JSON.parse(
    execFileSync(process.execPath, ['--expose-gc', tsx, fileURLToPath(new URL('./simulate.ts', import.meta.url))], {
      env: { ...process.env, TZ: 'UTC' },
      encoding: 'utf8',
    }),
  ) as {
    patients: number
    events: number
    oneCore: number
    heapGrowth10k: number
    heapGrowthEnd: number
    workerPatients: number
    threads: number
    oneThread: number
    allThreads: number
  }
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`
  rows.push(
    [
      `simulateCohort: ${simulation.patients.toLocaleString('en')} IPT courses (16 sessions, full lifecycle, streamed), one core`,
      `${simulation.oneCore.toFixed(1)} s`,
      `${((simulation.oneCore * 1e6) / simulation.patients).toFixed(0)} µs a course, ${(simulation.events / simulation.patients).toFixed(1)} events each`,
    ],
    [
      'simulateCohort: heap growth after 10% and after 100% of the courses (after a full GC)',
      `${mb(simulation.heapGrowth10k)}, ${mb(simulation.heapGrowthEnd)}`,
      `${(simulation.heapGrowthEnd / Math.max(1, simulation.heapGrowth10k)).toFixed(2)}× for 10× the courses`,
    ],
    [
      `${simulation.workerPatients.toLocaleString('en')} courses on worker threads (tinypool): 1 thread, ${simulation.threads} threads`,
      `${simulation.oneThread.toFixed(1)} s, ${simulation.allThreads.toFixed(1)} s`,
      `${(simulation.oneThread / simulation.allThreads).toFixed(2)}× speed-up on ${simulation.threads} threads`,
    ],
  )
  const targets = [
    ['planCourse within 3× of the naive UTC loop', plan <= 3 * t('naive UTC loop')],
    ['planCourse ≥ 100× faster than rrule with tzid', t('rrule with tzid') >= 100 * plan],
    [
      'replay linear in the log: 4n flag-raising events within 5× the time of n',
      t('ipt-protocol replay, 40,000 flag-raising events') <= 5 * t('ipt-protocol replay, 10,000 flag-raising events'),
    ],
    ['100,000 course plans in under 3 s (the benchmark course, 100,000 × its time)', (plan * 100_000) / 1000 < 3],
    ['100,000 varied course plans in under 3 s (measured in one run)', varied < 3],
    [
      'summarizeFidelity over 100,000 stored courses in under 5 s',
      t('summarizeFidelity, 100,000 stored courses') < 5000,
    ],
    [
      'summarizeFidelity linear: 10n courses within 12× the time of n',
      t('summarizeFidelity, 100,000 stored courses') <= 12 * t('summarizeFidelity, 10,000 stored courses'),
    ],
    [
      `${simulation.patients.toLocaleString('en')} simulated IPT courses in under 10 s on one core`,
      simulation.oneCore < 10,
    ],
    [
      'simulation memory flat: the heap after all courses within 1.5× of after 10% (caches are bounded)',
      simulation.heapGrowthEnd <= 1.5 * Math.max(simulation.heapGrowth10k, 1),
    ],
  ] as const
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    devDependencies: Record<string, string>
    dependencies: Record<string, string>
  }
  const versions = ['rrule', 'xstate', 'date-fns', 'tinybench'].map((name) =>
    `${name} ${pkg.devDependencies[name] ?? pkg.dependencies[name] ?? ''}`.trim(),
  )
  const table = [
    '| task | median of 3 processes | ratio |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    '| target | met |',
    '| --- | --- |',
    ...targets.map(([name, met]) => `| ${name} | ${met ? 'yes' : 'no'} |`),
    '',
    `Measured ${new Date().toISOString().slice(0, 10)}. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${platform()} ${arch()}, Node ${process.version}; ${versions.join(', ')}.`,
  ].join('\n')
  console.log(table)
  if (process.argv.includes('--write')) {
    const path = new URL('../docs/performance.md', import.meta.url)
    const doc = readFileSync(path, 'utf8')
    const marker = /<!-- bench -->[\s\S]*<!-- \/bench -->/
    writeFileSync(path, doc.replace(marker, `<!-- bench -->\n${table}\n<!-- /bench -->`))
  }
}

await main()
