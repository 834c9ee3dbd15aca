/**
 * ipt-protocol: Interpersonal Psychotherapy (IPT) protocols as data, with course planning that is correct in
 * every time zone, and every rule traced to its source.
 *
 * @packageDocumentation
 */

export {
  type AreaDetail,
  type AreaSelection,
  type Inventory,
  InventorySchema,
  type LifeEvent,
  LifeEventSchema,
  selectProblemAreas,
} from './areas/index.js'
export {
  type Blackout,
  BlackoutSchema,
  type CalendarDate,
  CalendarDateSchema,
  InstantSchema,
  TimeOfDaySchema,
  TimeZoneSchema,
  YEAR_RANGE,
} from './calendar/index.js'
export {
  type ApplyResult,
  allowedEvents,
  applyEvent,
  type CheckCode,
  type Course,
  type CourseCheck,
  type CourseEvent,
  CourseEventSchema,
  type CoursePhase,
  CoursePhaseSchema,
  CourseSchema,
  courseChecks,
  createCourse,
  type EventType,
  eventChecks,
  eventTypes,
  type PhaseTransition,
  parseCourse,
  phaseTransitions,
  type ReplayResult,
  replay,
  safeParseCourse,
} from './course/index.js'
export { type Issue, IssueSchema, ProtocolError, type SafeResult } from './issues/index.js'
export { type MaintenanceOptions, MaintenanceOptionsSchema, startMaintenance } from './maintenance/index.js'
export {
  assessProgress,
  type Hamd17Result,
  type Hamd17Severity,
  type Instrument,
  instruments,
  type Phq9Result,
  type Phq9Severity,
  type Progress,
  type ProgressOptions,
  type Rating,
  RatingSchema,
  type SafetyFlag,
  safeScoreHamd17,
  safeScorePhq9,
  scoreHamd17,
  scorePhq9,
} from './measures/index.js'
export {
  AcuteScheduleSchema,
  type BuiltinProtocolId,
  type ContactKind,
  ContactKindSchema,
  defineProtocol,
  type ExtraContact,
  ExtraContactSchema,
  type Frequency,
  FrequencySchema,
  getProtocol,
  MaintenanceScheduleSchema,
  type Participant,
  ParticipantSchema,
  type ProblemArea,
  ProblemAreaSchema,
  type Protocol,
  type ProtocolDefinition,
  type ProtocolInput,
  ProtocolSchema,
  protocols,
  type Range,
  type Schedule,
  ScheduleSchema,
  safeDefineProtocol,
} from './protocol/index.js'
export { assessReadiness, type Intake, IntakeSchema, type Readiness } from './readiness/index.js'
export { type Rule, type RuleId, RuleIdSchema, ruleIds, rules, type SourceTag } from './rules/index.js'
export {
  type ContactPhase,
  ContactPhaseSchema,
  type CoursePlan,
  CoursePlanSchema,
  type FollowUpPolicy,
  FollowUpPolicySchema,
  LIMITS,
  type PlanChange,
  PlanChangeSchema,
  type PlannedContact,
  PlannedContactSchema,
  type PlanOptions,
  PlanOptionsSchema,
  planCourse,
  reschedulePlan,
  safePlanCourse,
  safeReschedulePlan,
} from './schedule/index.js'
