/**
 * The initial phase's tasks as protocol data (PHASE-2, issue 13): which the middle phase requires (PHASE-3) and which
 * it only advises, recorded with events, with a baseline rating before the middle phase and a rating at least every
 * 4 sessions (MEAS-7).
 */
import {
  allowedEvents,
  applyEvent,
  type Course,
  type CourseEvent,
  createCourse,
  defineProtocol,
  type Protocol,
  parseCourse,
  protocols,
  replay,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { on, walk } from './support/course.js'
import { testVariant } from './support/protocol.js'

/** A course with the focus and the contract agreed: what PHASE-3 always asks, whatever the tasks. */
function agreed(protocol: Protocol = protocols.ipt, before: CourseEvent[] = []): Course {
  return walk(createCourse(protocol, { id: 'c' }), [
    ...before,
    { type: 'problem-areas-agreed', at: on(1), areas: ['role-transition'] },
    {
      type: 'contract-agreed',
      at: on(1, '11:00'),
      sessions: protocol.schedule.type === 'acute' ? protocol.schedule.sessions.min : 1,
    },
  ]).course
}

const toMiddle: CourseEvent = { type: 'phase-advanced', at: on(2), to: 'middle' }
const task = (name: Extract<CourseEvent, { type: 'task-completed' }>['task'], day = 0): CourseEvent => ({
  type: 'task-completed',
  at: on(day),
  task: name,
})
const baseline: CourseEvent = { type: 'measure-recorded', at: on(0, '11:30'), instrument: 'phq-9', total: 17 }

describe('initial-phase tasks (PHASE-2)', () => {
  it('are protocol data: the built-ins require the inventory and advise the rest', () => {
    for (const id of ['ipt', 'ipt-a', 'ipt-group', 'ipt-b', 'ipt-late-life'] as const) {
      expect(protocols[id].initialTasks, id).toEqual({
        required: ['inventory'],
        advised: ['diagnosis', 'sick-role', 'medication-evaluation', 'formulation', 'baseline-measure'],
      })
      expect(protocols[id].rules).toEqual(expect.arrayContaining(['PHASE-2', 'MEAS-7']))
    }
    expect(protocols['ipt-m'].initialTasks).toEqual({ required: [], advised: [] })
    expect(protocols['ipt-m'].rules).not.toContain('PHASE-2')
  })

  it('are recorded with task-completed, the inventory also with inventory-completed; the first record stands', () => {
    const course = walk(createCourse(protocols.ipt, { id: 'c' }), [
      { type: 'inventory-completed', at: on(0) },
      task('diagnosis', 1),
      task('diagnosis', 2),
      task('inventory', 3),
    ]).course
    expect(course.initialTasks).toEqual({ inventory: on(0), diagnosis: on(1) })
    expect(parseCourse(JSON.stringify(course))).toEqual(course)
    const replayed = replay(protocols.ipt, course.events, { id: 'c' })
    expect(replayed.ok && replayed.course).toEqual(course)
    expect(allowedEvents(createCourse(protocols.ipt, { id: 'c' })).allowed).toContain('task-completed')
  })

  it('advancing with advised tasks missing gives one advisory that lists them, and is not refused', () => {
    const result = applyEvent(
      agreed(protocols.ipt, [{ type: 'inventory-completed', at: on(0) }, task('sick-role')]),
      toMiddle,
    )
    expect(result.ok).toBe(true)
    const advised = result.advisories.filter((advisory) => advisory.code === 'initial-tasks-advised')
    expect(advised).toEqual([
      expect.objectContaining({
        rule: 'PHASE-2',
        params: { missing: ['diagnosis', 'medication-evaluation', 'formulation', 'baseline-measure'] },
      }),
    ])
    expect(advised[0]?.message).toContain('a baseline measure (MEAS-7)')
  })

  it('a rating before the middle phase is the baseline measure; with every task done nothing is advised', () => {
    const done = agreed(protocols.ipt, [
      { type: 'inventory-completed', at: on(0) },
      task('diagnosis'),
      task('sick-role'),
      task('medication-evaluation'),
      task('formulation'),
      baseline,
    ])
    const result = applyEvent(done, toMiddle)
    expect(result.ok && result.advisories).toEqual([])
  })

  it('the middle phase is refused without a required task: the inventory by default, or what the protocol requires', () => {
    const result = applyEvent(agreed(), toMiddle)
    expect(result.ok ? [] : result.issues.map((issue) => [issue.code, issue.rule, issue.params?.missing])).toEqual([
      ['precondition-missing', 'PHASE-3', 'inventory'],
    ])
    const strict = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-strict',
      initialTasks: { required: ['inventory', 'formulation', 'baseline-measure'], advised: ['diagnosis'] },
    })
    const missing = applyEvent(agreed(strict, [{ type: 'inventory-completed', at: on(0) }]), toMiddle)
    expect(missing.ok ? [] : missing.issues.map((issue) => issue.params?.missing)).toEqual([
      'formulation',
      'baseline-measure',
    ])
    const ready = applyEvent(
      agreed(strict, [{ type: 'inventory-completed', at: on(0) }, task('formulation'), baseline]),
      toMiddle,
    )
    expect(ready.ok && ready.advisories.map((advisory) => advisory.params?.missing)).toEqual([['diagnosis']])
    // A protocol that requires nothing lets the middle phase start once the focus and the contract are agreed.
    const loose = defineProtocol({
      ...testVariant,
      extends: 'ipt',
      id: 'ipt-loose',
      initialTasks: { required: [], advised: [] },
    })
    expect(loose.rules).not.toContain('PHASE-2')
    expect(applyEvent(agreed(loose), toMiddle)).toMatchObject({ ok: true, advisories: [] })
  })

  it('a task is either required or advised, not both', () => {
    expect(() =>
      defineProtocol({
        ...testVariant,
        extends: 'ipt',
        id: 'x',
        initialTasks: { required: ['inventory'], advised: ['inventory'] },
      }),
    ).toThrow(/initialTasks lists inventory more than once/)
  })
})
