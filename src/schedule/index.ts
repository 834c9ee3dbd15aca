export { LIMITS } from './generate.js'
export { planCourse, reschedulePlan, safePlanCourse, safeReschedulePlan } from './plan.js'
export * from './schema.js'
export * from './types.js'
