export { type ApplyResult, createCourse } from './apply.js'
export {
  allowedEvents,
  applyEvent,
  parseCourse,
  type ReplayResult,
  replay,
  safeParseCourse,
} from './lifecycle.js'
export type { EventOptions } from './plan-sync.js'
export {
  type CheckCode,
  type CourseCheck,
  courseChecks,
  eventChecks,
  type PhaseTransition,
  phaseTransitions,
} from './rules.js'
export * from './schema.js'
export * from './types.js'
