import * as z from 'zod/mini'
import { addIssue, type RefinementContext } from '../issues/index.js'
import { counted, numbered } from '../issues/words.js'
import { RuleIdSchema } from '../rules/index.js'
import { appliedRules, decidedByData } from './applied.js'

const count = /* @__PURE__ */ (() => z.int().check(z.gte(1), z.lte(1000)))()

/**
 * How often contacts recur: every `every` `unit`s, `times` contacts per period (SCHED-5). `times` above 1 is
 * allowed for weeks only: twice weekly is `{ every: 1, unit: 'week', times: 2 }`, and the contacts of a period
 * are spread evenly over its days (design choice: days 0 and 3 of each week for twice weekly).
 *
 * @example
 * ```ts
 * FrequencySchema.parse({ every: 1, unit: 'month' }) // IPT-M
 * ```
 */
export const FrequencySchema = /* @__PURE__ */ (() =>
  z
    .strictObject({
      every: z.int().check(z.gte(1), z.lte(366)),
      unit: z.enum(['day', 'week', 'month']),
      times: z.optional(z.int().check(z.gte(1), z.lte(7))),
    })
    .check(
      z.superRefine((frequency, ctx) => {
        const times = frequency.times ?? 1
        if (times > 1 && (frequency.unit !== 'week' || times > 7 * frequency.every)) {
          addIssue(
            ctx,
            'invalid-frequency',
            'Several contacts per period need a period of weeks with a day for each',
            ['times'],
            {
              rule: 'SCHED-5',
              params: { times },
            },
          )
        }
      }),
    ))()

/** A `{ min, default, max }` range of whole numbers with `min ≤ default ≤ max`. */
function rangeSchema(limit: number) {
  return z
    .strictObject({
      min: z.int().check(z.gte(1), z.lte(limit)),
      default: z.int().check(z.gte(1), z.lte(limit)),
      max: z.int().check(z.gte(1), z.lte(limit)),
    })
    .check(
      z.superRefine((range, ctx) => {
        if (!(range.min <= range.default && range.default <= range.max)) {
          addIssue(
            ctx,
            'invalid-range',
            `Expected min ≤ default ≤ max, got ${range.min}, ${range.default}, ${range.max}`,
            [],
          )
        }
      }),
    )
}

/**
 * A whole-number range with a default.
 *
 * @example
 * ```ts
 * const sessions: Range = { min: 12, default: 16, max: 16 }
 * ```
 */
export interface Range {
  /** The least allowed. */
  min: number
  /** The value used when none is given. */
  default: number
  /** The most allowed. */
  max: number
}

/**
 * Who takes part in a contact.
 *
 * @example
 * ```ts
 * ParticipantSchema.parse('parent')
 * ```
 */
export const ParticipantSchema = /* @__PURE__ */ (() =>
  z.enum(['patient', 'parent', 'caregiver', 'partner', 'group']))()

/**
 * One of `'patient' | 'parent' | 'caregiver' | 'partner' | 'group'`.
 *
 * @example
 * ```ts
 * const firstSession: Participant[] = ['patient', 'parent']
 * ```
 */
export type Participant = z.infer<typeof ParticipantSchema>

const participants = /* @__PURE__ */ (() => z.array(ParticipantSchema).check(z.minLength(1), z.maxLength(5)))()

/** The contact kinds a protocol may add around its sessions (see {@link ExtraContactSchema}). */
const extraContactKinds = ['phone-contact', 'pre-group-session', 'engagement-session', 'parent-session'] as const

/**
 * The kinds of planned contact.
 *
 * @example
 * ```ts
 * ContactKindSchema.parse('phone-contact')
 * ```
 */
export const ContactKindSchema = /* @__PURE__ */ (() =>
  z.enum(['session', 'maintenance-session', ...extraContactKinds, 'follow-up']))()

/**
 * `'session' | 'maintenance-session' | 'phone-contact' | 'pre-group-session' | 'engagement-session' |
 * 'parent-session' | 'follow-up'`.
 *
 * @example
 * ```ts
 * const kind: ContactKind = 'session'
 * ```
 */
export type ContactKind = z.infer<typeof ContactKindSchema>

/**
 * A contact a protocol adds to its sessions: IPT-A's weekly phone contact (after sessions 1–4), group IPT's
 * individual pre-group session, brief IPT's engagement session. `after-sessions` places one contact
 * `offsetDays` after each session `fromSession`…`toSession`, strictly before the next one; `before-first-session`
 * places one contact `leadDays` before the first session (it is then the course's first contact).
 *
 * @example
 * ```ts
 * ExtraContactSchema.parse({
 *   kind: 'phone-contact',
 *   placement: { type: 'after-sessions', fromSession: 1, toSession: 4, offsetDays: 3 },
 *   durationMinutes: 15,
 *   participants: ['patient'],
 * })
 * ```
 */
export const ExtraContactSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    kind: z.enum(extraContactKinds),
    placement: z.discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('after-sessions'),
        fromSession: count,
        toSession: count,
        offsetDays: z.int().check(z.gte(1), z.lte(365)),
      }),
      z.strictObject({ type: z.literal('before-first-session'), leadDays: z.int().check(z.gte(1), z.lte(365)) }),
    ]),
    durationMinutes: z.int().check(z.gte(1), z.lte(600)),
    participants,
    /** Where the contact comes from, e.g. `'seed 004'`. */
    source: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
    /** The rule the contact implements; advisories about it name this rule. */
    rule: z.optional(RuleIdSchema),
  }))()

const participantsBySession = /* @__PURE__ */ (() =>
  z
    .array(
      z.strictObject({
        session: z.union([z.literal('first'), z.literal('last'), count]),
        participants,
        rule: z.optional(RuleIdSchema),
      }),
    )
    .check(z.maxLength(1000)))()

const minutes = /* @__PURE__ */ (() => rangeSchema(600))()

/**
 * The acute schedule: how many sessions (SCHED-1), how often (SCHED-5), how long (SCHED-2), who attends, and the
 * phase bounds (PHASE-1, PHASE-5). `earlyFrequency` lets the first sessions run at another frequency (e.g. twice
 * weekly in the first month), after which `frequency` takes over.
 *
 * @example
 * ```ts
 * AcuteScheduleSchema.parse({
 *   type: 'acute',
 *   sessions: { min: 12, default: 16, max: 16 },
 *   frequency: { every: 1, unit: 'week' },
 *   sessionMinutes: { min: 45, default: 50, max: 60 },
 *   participants: ['patient'],
 *   phases: { initialMaxSessions: 3, terminationSessions: 3 },
 * })
 * ```
 */
export const AcuteScheduleSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    type: z.literal('acute'),
    sessions: rangeSchema(1000),
    frequency: FrequencySchema,
    earlyFrequency: z.optional(z.strictObject({ sessions: count, frequency: FrequencySchema })),
    sessionMinutes: minutes,
    participants,
    participantsBySession: z._default(participantsBySession, []),
    phases: z.strictObject({ initialMaxSessions: count, terminationSessions: count }),
    extraContacts: z._default(z.array(ExtraContactSchema).check(z.maxLength(20)), []),
  }))()

/**
 * A maintenance schedule (IPT-M): sessions at `frequency` over a number of months (MAINT-1).
 *
 * @example
 * ```ts
 * MaintenanceScheduleSchema.parse({
 *   type: 'maintenance',
 *   months: { min: 24, default: 36, max: 36 },
 *   frequency: { every: 1, unit: 'month' },
 *   sessionMinutes: { min: 45, default: 50, max: 60 },
 *   participants: ['patient'],
 * })
 * ```
 */
export const MaintenanceScheduleSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    type: z.literal('maintenance'),
    months: rangeSchema(120),
    frequency: FrequencySchema,
    sessionMinutes: minutes,
    participants,
    participantsBySession: z._default(participantsBySession, []),
    extraContacts: z._default(z.array(ExtraContactSchema).check(z.maxLength(20)), []),
  }))()

/**
 * A continuation schedule (MAINT-6): the sessions between acute treatment and maintenance, tapering. `taper` lists
 * its steps in order, each `sessions` sessions at its own `frequency`; the first session of a step follows the last
 * of the step before at the new step's interval, so the frequency changes within the course (e.g. 4 sessions every
 * two weeks, then 2 every four weeks). Every session is in the `continuation` phase. Design default (the built-in
 * `ipt-continuation`): 8 sessions every two weeks, 16 weeks.
 *
 * @example
 * ```ts
 * ContinuationScheduleSchema.parse({
 *   type: 'continuation',
 *   taper: [
 *     { sessions: 4, frequency: { every: 2, unit: 'week' } },
 *     { sessions: 2, frequency: { every: 4, unit: 'week' } },
 *   ],
 *   sessionMinutes: { min: 45, default: 50, max: 60 },
 *   participants: ['patient'],
 * })
 * ```
 */
export const ContinuationScheduleSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    type: z.literal('continuation'),
    taper: z
      .array(z.strictObject({ sessions: count, frequency: FrequencySchema }))
      .check(z.minLength(1))
      .check(z.maxLength(12)),
    sessionMinutes: minutes,
    participants,
    participantsBySession: z._default(participantsBySession, []),
    extraContacts: z._default(z.array(ExtraContactSchema).check(z.maxLength(20)), []),
  }))()

/**
 * A protocol's schedule: acute, continuation (MAINT-6) or maintenance.
 *
 * @example
 * ```ts
 * ScheduleSchema.parse(protocols['ipt-m'].schedule).type // 'maintenance'
 * ```
 */
export const ScheduleSchema = /* @__PURE__ */ (() =>
  z
    .discriminatedUnion('type', [AcuteScheduleSchema, ContinuationScheduleSchema, MaintenanceScheduleSchema])
    .check(z.superRefine(checkSchedule)))()

/**
 * An IPT problem area (AREA-1).
 *
 * @example
 * ```ts
 * ProblemAreaSchema.parse('role-transition')
 * ```
 */
export const ProblemAreaSchema = /* @__PURE__ */ (() =>
  z.enum(['grief', 'role-dispute', 'role-transition', 'interpersonal-deficits']))()

/**
 * `'grief' | 'role-dispute' | 'role-transition' | 'interpersonal-deficits'` (AREA-1).
 *
 * @example
 * ```ts
 * const area: ProblemArea = 'grief'
 * ```
 */
export type ProblemArea = z.infer<typeof ProblemAreaSchema>

/**
 * The tasks of the initial phase a protocol can ask for (PHASE-2): the explicit diagnosis, psychoeducation, the sick
 * role, the evaluation of the need for medication, the interpersonal inventory, the interpersonal formulation, and
 * a baseline rating of severity (MEAS-7). The agreed focus and the treatment contract have events of their own
 * (`problem-areas-agreed`, `contract-agreed`) and are always required (PHASE-3).
 *
 * @example
 * ```ts
 * InitialTaskSchema.parse('sick-role')
 * ```
 */
export const InitialTaskSchema = /* @__PURE__ */ (() =>
  z.enum([
    'diagnosis',
    'psychoeducation',
    'sick-role',
    'medication-evaluation',
    'inventory',
    'formulation',
    'baseline-measure',
  ]))()

/**
 * `'diagnosis' | 'psychoeducation' | 'sick-role' | 'medication-evaluation' | 'inventory' | 'formulation' |
 * 'baseline-measure'` (PHASE-2).
 *
 * @example
 * ```ts
 * const task: InitialTask = 'formulation'
 * ```
 */
export type InitialTask = z.infer<typeof InitialTaskSchema>

const tasks = /* @__PURE__ */ (() => z.array(InitialTaskSchema).check(z.maxLength(7)))()

const protocolId = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Expected a lower-case id of letters, digits and dashes')))()

const protocolVersion = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^\d+\.\d+\.\d+$/, 'Expected a version like 1.0.0')))()

/**
 * The parts of a protocol that planning reads: its id, version and schedule (with the schedule's invariants).
 * `planCourse` checks only these, so that a bundle which only plans leaves the rest of the protocol schema out.
 */
export const PlannableProtocolSchema = /* @__PURE__ */ (() =>
  z.looseObject({ id: protocolId, version: protocolVersion, schedule: ScheduleSchema }))()

const age = /* @__PURE__ */ (() => z.number().check(z.gte(0), z.lte(130)))()

/** Totals per instrument: PHQ-9 0–27, HAM-D-17 0–52. */
const totals = /* @__PURE__ */ (() =>
  z.strictObject({
    'phq-9': z.optional(z.int().check(z.gte(0), z.lte(27))),
    'hamd-17': z.optional(z.int().check(z.gte(0), z.lte(52))),
  }))()

/**
 * The kinds of course a pathway is made of, by their schedule: acute, continuation (MAINT-6), maintenance.
 *
 * @example
 * ```ts
 * CourseKindSchema.parse('continuation')
 * ```
 */
export const CourseKindSchema = /* @__PURE__ */ (() => z.enum(['acute', 'continuation', 'maintenance']))()

/**
 * `'acute' | 'continuation' | 'maintenance'`: a course's kind, the type of its protocol's schedule.
 *
 * @example
 * ```ts
 * const kind: CourseKind = 'maintenance'
 * ```
 */
export type CourseKind = z.infer<typeof CourseKindSchema>

/** What a source names for a patient outside a protocol's population: `{ alternative, source }`. */
const alternative = /* @__PURE__ */ (() =>
  z.strictObject({
    alternative: z.string().check(z.minLength(1), z.maxLength(200)),
    source: z.string().check(z.minLength(1), z.maxLength(500)),
  }))()

const protocolShape = /* @__PURE__ */ (() =>
  z.strictObject({
    id: protocolId,
    name: z.string().check(z.minLength(1), z.maxLength(200)),
    version: protocolVersion,
    description: z._default(z.string().check(z.maxLength(2000)), ''),
    basedOn: z.optional(z.strictObject({ id: protocolId, version: protocolVersion })),
    format: z.enum(['individual', 'group', 'conjoint']),
    population: z.optional(
      z.strictObject({
        minAgeYears: z.optional(age),
        maxAgeYears: z.optional(age),
        rule: z.optional(RuleIdSchema),
        younger: z.optional(alternative),
        older: z.optional(alternative),
      }),
    ),
    schedule: ScheduleSchema,
    problemAreas: z.strictObject({
      allowed: z.array(ProblemAreaSchema).check(z.minLength(1), z.maxLength(4)),
      max: z.int().check(z.gte(1), z.lte(4)),
    }),
    monitoring: z._default(
      z.strictObject({
        review: z.optional(
          z.strictObject({
            share: z.number().check(z.gte(0), z.lte(1)),
            minSessions: z.int().check(z.gte(1), z.lte(1000)),
          }),
        ),
        ratingEverySessions: z.optional(z.int().check(z.gte(1), z.lte(1000))),
        eachContact: z.array(z.enum(['suicidality', 'school-attendance'])).check(z.maxLength(2)),
        rule: z.optional(RuleIdSchema),
        attendance: z.optional(
          z.strictObject({
            missedInARow: z.int().check(z.gte(1), z.lte(1000)),
            missedInAll: z.int().check(z.gte(1), z.lte(1000)),
          }),
        ),
        episodeRange: z.optional(totals),
      }),
      { review: { share: 0.5, minSessions: 4 }, ratingEverySessions: 4, eachContact: [] },
    ),
    initialTasks: z._default(z.strictObject({ required: tasks, advised: tasks }), {
      required: ['inventory'],
      advised: ['diagnosis', 'sick-role', 'medication-evaluation', 'formulation', 'baseline-measure'],
    }),
    entry: z.optional(
      z.strictObject({
        after: z.array(CourseKindSchema).check(z.minLength(1), z.maxLength(3)),
        remission: z.optional(
          z.strictObject({
            ratings: z.int().check(z.gte(1), z.lte(100)),
            maxGapDays: z.optional(z.int().check(z.gte(1), z.lte(366))),
            thresholds: z.optional(totals),
          }),
        ),
        recurrence: z.optional(z.boolean()),
      }),
    ),
    rules: z.array(RuleIdSchema).check(z.maxLength(100)),
    sources: z._default(z.array(z.string().check(z.minLength(1), z.maxLength(500))).check(z.maxLength(50)), []),
  }))()

/**
 * A protocol variant as data: what it is, who it is for (`population`: the ages, the rule behind them and the
 * alternative a source names for patients younger or older, read by `assessReadiness`), its schedule, the problem
 * areas it allows (AREA-1, AREA-3), what it monitors (`monitoring`: the review point, after which no response
 * means reviewing the plan, MEAS-5: `review.share` of the contracted sessions rounded up and at least
 * `review.minSessions`, design default half and at least 4, so an 8-session course is reviewed at session 4 and a
 * 16-session one at 8, `{ share: 0, minSessions: 8 }` a fixed session 8, no `review` none; `ratingEverySessions`:
 * the sessions after which a course without a rating is advised to rate, MEAS-7, default 4; the checks due at every
 * contact, e.g. IPT-A's suicidality and school attendance, IPTA-3), its initial-phase tasks (`initialTasks`, PHASE-2:
 * those the middle phase `required`s, default the inventory, and those it only `advised`s, default the diagnosis,
 * the sick role, the medication evaluation, the formulation and a baseline measure) and the rule ids it
 * applies. Cross-field invariants are checked: min ≤ default ≤ max; initial + termination sessions fit in
 * the minimum session count; at most as many problem areas as listed; extra contacts anchored to sessions that
 * exist; and the rules follow the data (see `dataRules`): a rule the data decide is listed exactly when the data
 * apply it (`rule-not-applied`, `rule-not-listed`), so a group protocol of 8 sessions cannot claim SCHED-1's 12–16.
 *
 * @example
 * ```ts
 * ProtocolSchema.parse(JSON.parse(JSON.stringify(protocols.ipt))) // round-trips
 * ```
 */
export const ProtocolSchema = /* @__PURE__ */ (() =>
  protocolShape.check(z.superRefine((protocol, ctx) => checkInvariants(protocol, ctx, true))))()

/**
 * A definition before its rules are derived: every check of {@link ProtocolSchema} but that the list names every
 * rule the data apply (`defineProtocol` adds those). Internal: not exported from the package.
 */
export const DefinitionSchema = /* @__PURE__ */ (() =>
  protocolShape.check(z.superRefine((protocol, ctx) => checkInvariants(protocol, ctx, false))))()

/**
 * What {@link ProtocolSchema} accepts before its defaults are filled in.
 *
 * @example
 * ```ts
 * const input: ProtocolInput = { ...protocols.ipt, id: 'my-ipt' }
 * ```
 */
export type ProtocolInput = z.input<typeof ProtocolSchema>

function duplicates<T>(values: readonly T[]): T[] {
  return values.filter((value, index) => values.indexOf(value) !== index)
}

/**
 * A protocol's rules follow its data (ipt-reference: each rule id in the code that applies it): a rule the data
 * decide is listed exactly when they apply it; `complete` also asks that none the data apply is left out.
 */
function checkRules(protocol: z.output<typeof protocolShape>, ctx: RefinementContext, complete: boolean): void {
  const applied = appliedRules(protocol)
  protocol.rules.forEach((rule, index) => {
    if (decidedByData(rule) && !applied.has(rule)) {
      addIssue(
        ctx,
        'rule-not-applied',
        `${rule} is listed, but the protocol's data do not apply it (dataRules says which data do)`,
        ['rules', index],
        { rule, params: { rule } },
      )
    }
  })
  if (!complete) return
  for (const rule of applied) {
    if (!protocol.rules.includes(rule)) {
      addIssue(ctx, 'rule-not-listed', `The protocol's data apply ${rule}, but its rules do not list it`, ['rules'], {
        rule,
        params: { rule },
      })
    }
  }
}

function checkInvariants(protocol: z.output<typeof protocolShape>, ctx: RefinementContext, complete: boolean): void {
  const { problemAreas } = protocol
  if (problemAreas.max > problemAreas.allowed.length) {
    addIssue(
      ctx,
      'too-many-problem-areas',
      `max (${problemAreas.max}) exceeds the ${counted(problemAreas.allowed.length, 'area')} listed`,
      ['problemAreas', 'max'],
      { rule: 'AREA-3' },
    )
  }
  const { required, advised } = protocol.initialTasks
  for (const [path, list] of [
    [['problemAreas', 'allowed'], problemAreas.allowed],
    [['rules'], protocol.rules],
    [['initialTasks'], [...required, ...advised]],
  ] as const) {
    if (duplicates<string>(list).length) {
      // A task is required or advised, not both (PHASE-2).
      addIssue(ctx, 'duplicate', `${path[0]} lists ${duplicates<string>(list).join(', ')} more than once`, [...path])
    }
  }
  const { minAgeYears = 0, maxAgeYears = 130 } = protocol.population ?? {}
  if (minAgeYears > maxAgeYears) {
    addIssue(ctx, 'invalid-range', 'population.minAgeYears exceeds maxAgeYears', ['population'])
  }
  checkRules(protocol, ctx, complete)
}

/** The sessions of a continuation taper: its steps' together (MAINT-6). Internal. */
export const taperSessions = (taper: ReadonlyArray<{ sessions: number }>): number =>
  taper.reduce((sum, step) => sum + step.sessions, 0)

type AnySchedule = z.output<
  typeof AcuteScheduleSchema | typeof ContinuationScheduleSchema | typeof MaintenanceScheduleSchema
>

/** A schedule's cross-field invariants (paths are relative to the schedule). */
function checkSchedule(schedule: AnySchedule, ctx: RefinementContext): void {
  const minSessions = minimumSessions(schedule)
  if (schedule.type === 'acute') {
    const { initialMaxSessions, terminationSessions } = schedule.phases
    if (initialMaxSessions + terminationSessions > minSessions) {
      addIssue(
        ctx,
        'phases-exceed-sessions',
        `Initial (${initialMaxSessions}) plus termination (${terminationSessions}) sessions exceed the minimum of ${counted(minSessions, 'session')}`,
        ['phases'],
        { rule: 'PHASE-1', params: { initialMaxSessions, terminationSessions, minSessions } },
      )
    }
    if (schedule.earlyFrequency && schedule.earlyFrequency.sessions >= minSessions) {
      addIssue(
        ctx,
        'early-frequency-too-long',
        `earlyFrequency must cover fewer than the minimum of ${counted(minSessions, 'session')}`,
        ['earlyFrequency', 'sessions'],
        { rule: 'SCHED-5' },
      )
    }
  }
  schedule.participantsBySession.forEach((entry, index) => {
    if (typeof entry.session === 'number' && entry.session > minSessions) {
      addIssue(ctx, 'session-out-of-range', `Session ${entry.session} may not exist: the minimum is ${minSessions}`, [
        'participantsBySession',
        index,
        'session',
      ])
    }
  })
  const kinds = schedule.extraContacts.map((contact) => contact.kind)
  if (duplicates(kinds).length) {
    addIssue(ctx, 'duplicate', `Each kind of extra contact may be listed once: ${duplicates(kinds).join(', ')}`, [
      'extraContacts',
    ])
  }
  schedule.extraContacts.forEach((contact, index) => {
    const { placement } = contact
    if (
      placement.type === 'after-sessions' &&
      (placement.fromSession > placement.toSession || placement.toSession >= minSessions)
    ) {
      addIssue(
        ctx,
        'session-out-of-range',
        `Extra contacts need ${numbered('session', placement.fromSession, placement.toSession)} and a session after them; the minimum is ${minSessions}`,
        ['extraContacts', index, 'placement'],
      )
    }
  })
}

/**
 * The fewest sessions a schedule can give: its minimum count, the steps of a taper together, or for maintenance the
 * slots in its shortest span.
 */
function minimumSessions(schedule: AnySchedule): number {
  if (schedule.type === 'acute') return schedule.sessions.min
  if (schedule.type === 'continuation') return taperSessions(schedule.taper)
  const { every, unit, times = 1 } = schedule.frequency
  if (unit === 'month') return Math.ceil(schedule.months.min / every)
  const shortestSpanDays = schedule.months.min * 28
  return Math.max(1, Math.floor(shortestSpanDays / (every * (unit === 'week' ? 7 : 1))) * times)
}
