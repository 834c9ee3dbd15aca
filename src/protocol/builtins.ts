import type { RuleId } from '../rules/index.js'
import type { ProtocolDefinition } from './define.js'

/**
 * The ids of the built-in protocols.
 *
 * @example
 * ```ts
 * const id: BuiltinProtocolId = 'ipt-a'
 * ```
 */
export type BuiltinProtocolId = 'ipt' | 'ipt-a' | 'ipt-continuation' | 'ipt-m' | 'ipt-group' | 'ipt-b' | 'ipt-late-life'

/**
 * The rules of the acute built-ins that no data decide: what readiness asks before IPT starts (READY-2, READY-3,
 * READY-4, READY-6, READY-7) and the optional follow-up policy (MAINT-5). Every other rule a protocol lists is
 * derived from its data by `defineProtocol` (see `dataRules`).
 */
const acuteRules: RuleId[] = ['READY-2', 'READY-3', 'READY-4', 'READY-6', 'READY-7', 'MAINT-5']

/**
 * The built-in variants as definitions (ipt-reference §5). Each is turned into a protocol by `defineProtocol`,
 * exactly as a researcher's variant is. Values the sources leave open are marked "design" in the description.
 */
export const builtinDefinitions: Record<BuiltinProtocolId, ProtocolDefinition> = {
  ipt: {
    id: 'ipt',
    name: 'Interpersonal Psychotherapy (individual, acute)',
    version: '1.1.0',
    description:
      'Standard individual IPT: 12–16 weekly sessions (default 16, SCHED-1) of 45–60 minutes (default 50, SCHED-2); ' +
      'initial phase up to 3 sessions (PHASE-1), termination the last 3 (PHASE-5); one or two of four problem areas (AREA-1, AREA-3). ' +
      'No response by half the contracted sessions, at least 4 (session 8 of 16), is a reason to review the plan (MEAS-5; the share is design). ' +
      'Initial tasks (PHASE-2): the middle phase requires the interpersonal inventory, as PHASE-3 says, and advises the ' +
      'diagnosis, the sick role, the medication evaluation, the formulation and a baseline rating (which tasks are ' +
      'required rather than advised is design); a rating at least every 4 sessions (MEAS-7, lit?). Handed on after ' +
      'continuation or maintenance, it follows a recurrence (MAINT-4). Two missed sessions in a row or three in all ' +
      'advise an engagement and risk check (SCHED-7; the thresholds are design).',
    format: 'individual',
    schedule: {
      type: 'acute',
      sessions: { min: 12, default: 16, max: 16 },
      frequency: { every: 1, unit: 'week' },
      sessionMinutes: { min: 45, default: 50, max: 60 },
      participants: ['patient'],
      phases: { initialMaxSessions: 3, terminationSessions: 3 },
    },
    problemAreas: { allowed: ['grief', 'role-dispute', 'role-transition', 'interpersonal-deficits'], max: 2 },
    // A new acute course in a pathway follows a recurrence during continuation or maintenance (MAINT-4).
    entry: { after: ['continuation', 'maintenance'], recurrence: true },
    rules: acuteRules,
    sources: ['ipt-reference §2–§4, §5 ipt', 'seeds 000–004', 'Weissman, Markowitz & Klerman 2000/2018'],
  },
  'ipt-a': {
    extends: 'ipt',
    id: 'ipt-a',
    version: '2.0.0',
    name: 'Interpersonal Psychotherapy for Depressed Adolescents (IPT-A)',
    description:
      'IPT-A (Mufson): 12 weekly sessions (seed 004; Mufson 1999), contracts up to 16 (Columbia and ISIPT: 12–16; ' +
      'Mufson 2004: 16 weeks), SCHED-1. Phases: initial sessions 1–4, termination the last 4, so a 12-session ' +
      'course is 1–4 / 5–8 / 9–12 (lit?: project notes on the Mufson manual, not checked in a primary text) and a ' +
      'longer contract lengthens the middle phase (design). One phone contact in each of weeks 1–4 (IPTA-1, seed 004 ' +
      "only), 3 days after that week's session (design). A parent takes part in the first session (seed 004) and the " +
      'last (IPTA-2: parents are involved at termination, Penn State Clearinghouse; the last session stands for ' +
      'termination, design). Suicidality and school attendance are checked at every contact (IPTA-3). Ages 12–18 ' +
      '(READY-5). Sessions 35–50 minutes (NREPP), default 45 (design); phone contacts 15 minutes (design). Past 18 ' +
      'readiness points to standard IPT for adults (design). Reviewed for response at half the contracted sessions, ' +
      'session 6 of 12 (MEAS-5, design). Initial tasks and ratings as standard IPT’s (PHASE-2, MEAS-7; required ' +
      'versus advised is design); the sick role is a limited one and the medication is discussed with the parents ' +
      '(seed 004), which the tasks do not record.',
    population: {
      minAgeYears: 12,
      maxAgeYears: 18,
      rule: 'READY-5',
      younger: { alternative: 'FB-IPT', source: 'family-based IPT for ages 8–12, Dietz 2015' },
      older: { alternative: 'ipt', source: 'standard IPT for adults' },
    },
    monitoring: { eachContact: ['suicidality', 'school-attendance'], rule: 'IPTA-3' },
    schedule: {
      sessions: { min: 12, default: 12, max: 16 },
      sessionMinutes: { min: 35, default: 45, max: 50 },
      phases: { initialMaxSessions: 4, terminationSessions: 4 },
      participantsBySession: [
        { session: 'first', participants: ['patient', 'parent'], rule: 'IPTA-2' },
        { session: 'last', participants: ['patient', 'parent'], rule: 'IPTA-2' },
      ],
      extraContacts: [
        {
          kind: 'phone-contact',
          placement: { type: 'after-sessions', fromSession: 1, toSession: 4, offsetDays: 3 },
          durationMinutes: 15,
          participants: ['patient'],
          source: 'seed 004: one phone contact per week during the first 4 weeks',
          rule: 'IPTA-1',
        },
      ],
    },
    // Marked pure so that bundlers can drop the built-ins when only planCourse is imported.
    rules: /* @__PURE__ */ acuteRules.concat('READY-5'),
    sources: [
      'ipt-reference §5 ipt-a',
      'seed 004',
      'Mufson 1999',
      'Mufson 2004',
      'Columbia IPT-A',
      'ISIPT',
      'Penn State Clearinghouse',
      'NREPP',
    ],
  },
  'ipt-continuation': {
    extends: 'ipt',
    id: 'ipt-continuation',
    version: '1.0.0',
    name: 'Continuation Interpersonal Psychotherapy',
    description:
      'Continuation sessions between acute treatment and maintenance, to prevent relapse (MAINT-6): the sessions ' +
      'taper from weekly towards monthly over about 4 months (Frank 1990: a 17-week continuation phase; Reynolds ' +
      '2006: 16 weeks). The taper is a parameter; its default, 8 sessions every two weeks over 16 weeks, is design. ' +
      'Follows an acute course whose latest ratings, each instrument on its own, are in remission (MAINT-2 applied ' +
      'to continuation is design: in the trials continuation followed the acute response). Sessions 45–60 minutes, ' +
      'default 50, as in acute IPT (design). No initial tasks and no acute review point; a rating at least every 4 ' +
      'sessions (MEAS-7, lit?; design to apply it here).',
    schedule: {
      type: 'continuation',
      taper: [{ sessions: 8, frequency: { every: 2, unit: 'week' } }],
      sessionMinutes: { min: 45, default: 50, max: 60 },
      participants: ['patient'],
    },
    monitoring: { review: null },
    initialTasks: { required: [], advised: [] },
    entry: { after: ['acute'], remission: { ratings: 1 }, recurrence: null },
    rules: ['MAINT-5'],
    sources: ['ipt-reference §6 MAINT-6', 'Frank 1990', 'Reynolds 2006'],
  },
  'ipt-m': {
    extends: 'ipt',
    id: 'ipt-m',
    version: '1.1.0',
    name: 'Maintenance Interpersonal Psychotherapy (IPT-M)',
    description:
      'Monthly maintenance sessions over 2–3 years (default 36 months, MAINT-1), after an acute course in remission ' +
      '(MAINT-2). Monthly dates keep the day of month, clamped to the month end (design). Sessions 45–60 minutes, ' +
      'default 50, as in acute IPT (design: the sources give maintenance no length of its own). No initial tasks ' +
      'and no acute review point; a rating at least every 4 sessions, as in acute IPT (MEAS-7, lit?; design to ' +
      'apply it to maintenance). Follows an acute or continuation course in sustained remission: HAM-D-17 ≤ 7 (PHQ-9 ' +
      '≤ 4) on 3 consecutive ratings, judged on that course’s own series (MAINT-2). A rating in the range of a ' +
      'depressive episode, PHQ-9 ≥ 10 (Kroenke 2001) or HAM-D-17 ≥ 15 (lit?: Frank 1990), advises assessing for ' +
      'recurrence (MAINT-7; the thresholds are design defaults).',
    schedule: {
      type: 'maintenance',
      months: { min: 24, default: 36, max: 36 },
      frequency: { every: 1, unit: 'month' },
      sessionMinutes: { min: 45, default: 50, max: 60 },
      participants: ['patient'],
    },
    // Maintenance has no acute review point (MEAS-5 is about response in an acute course) and no initial phase.
    monitoring: { review: null, episodeRange: { 'phq-9': 10, 'hamd-17': 15 } },
    initialTasks: { required: [], advised: [] },
    entry: { after: ['acute', 'continuation'], remission: { ratings: 3 }, recurrence: null },
    rules: ['MAINT-5'],
    sources: ['ipt-reference §5 ipt-m, §6', 'seed 004', 'Frank 1990', 'Reynolds 2006', 'Frank 2007'],
  },
  'ipt-group': {
    extends: 'ipt',
    id: 'ipt-group',
    version: '2.0.0',
    name: 'Group Interpersonal Psychotherapy',
    description:
      'One individual pre-group session, a week (design) before the first of 8–10 weekly group sessions (seed 000; ' +
      'WHO 2016: 8). Initial phase group session 1, termination the last group session, the rest middle: 1 / 2–7 / 8 ' +
      'for 8 sessions (WHO 2016 as implemented in Asrat 2021, Table 2), 1 / 8 / 1 for 10 (SAATHI-2), PHASE-1, ' +
      'PHASE-4, PHASE-5. Group sessions about 90 minutes (lit?: verified for Bolton 2003, not for WHO 2016); the ' +
      'pre-group session 50 minutes (the SCHED-2 default, design). Reviewed for response at group session 4, half of ' +
      '8 (MEAS-5, design), not at its last. Initial tasks and ratings as standard IPT’s (PHASE-2, MEAS-7; required ' +
      'versus advised is design).',
    format: 'group',
    schedule: {
      sessions: { min: 8, default: 8, max: 10 },
      sessionMinutes: { min: 90, default: 90, max: 90 },
      phases: { initialMaxSessions: 1, terminationSessions: 1 },
      participants: ['patient', 'group'],
      extraContacts: [
        {
          kind: 'pre-group-session',
          placement: { type: 'before-first-session', leadDays: 7 },
          durationMinutes: 50,
          participants: ['patient'],
          source: 'WHO 2016 group IPT: one individual pre-group session',
        },
      ],
    },
    sources: [
      'ipt-reference §5 ipt-group',
      'seed 000',
      'WHO 2016',
      'Asrat 2021 (Table 2)',
      'SAATHI-2 trial',
      'Bolton 2003',
    ],
  },
  'ipt-b': {
    extends: 'ipt',
    id: 'ipt-b',
    version: '1.1.0',
    name: 'Brief Interpersonal Psychotherapy (IPT-B)',
    description:
      'Eight weekly sessions after one engagement session (literature), the engagement session a week before the ' +
      'first and 50 minutes long (design). Initial phase 2 sessions (PHASE-1, Swartz 2014), termination the last 3, ' +
      "so 3 of 8 remain for the middle phase (PHASE-4). Sessions 45–60 minutes as standard IPT's (design: no source " +
      'here gives brief IPT its own length). Reviewed for response at session 4, half of 8 (MEAS-5, design), not at its last. ' +
      'Initial tasks and ratings as standard IPT’s (PHASE-2, MEAS-7; required versus advised is design).',
    schedule: {
      sessions: { min: 8, default: 8, max: 8 },
      phases: { initialMaxSessions: 2, terminationSessions: 3 },
      extraContacts: [
        {
          kind: 'engagement-session',
          placement: { type: 'before-first-session', leadDays: 7 },
          durationMinutes: 50,
          participants: ['patient'],
          source: 'ipt-reference §5 ipt-b: 8 sessions (+1 engagement session)',
        },
      ],
    },
    sources: ['ipt-reference §5 ipt-b', 'Swartz 2014'],
  },
  'ipt-late-life': {
    extends: 'ipt',
    id: 'ipt-late-life',
    version: '1.1.0',
    name: 'Interpersonal Psychotherapy for older adults',
    description:
      '16 weekly sessions (Hinrichsen); sessions may be shorter (seed 004), and as the literature fixes no shorter length they ' +
      'range 30–60 minutes (30 is the shortest psychotherapy code, CPT 90832; design), default 50. For adults of 60 ' +
      'and over (READY-8; trials: ≥ 60, Reynolds 1999); cognition is assessed before starting (READY-8). Reviewed for ' +
      'response at session 8 of 16 (MEAS-5: half, design; Reynolds 1999 reviewed at week 8 of 16). Initial tasks and ' +
      'ratings as standard IPT’s (PHASE-2, MEAS-7; required versus advised is design).',
    population: {
      minAgeYears: 60,
      rule: 'READY-8',
      younger: {
        alternative: 'ipt',
        source: 'standard IPT; the late-life trials enrolled adults of 60 and over, Reynolds 1999',
      },
    },
    rules: /* @__PURE__ */ acuteRules.concat('READY-8'),
    schedule: {
      sessions: { min: 16, default: 16, max: 16 },
      sessionMinutes: { min: 30, default: 50, max: 60 },
    },
    sources: ['ipt-reference §5 ipt-late-life', 'seed 004', 'Reynolds 1999', 'Miller 2007'],
  },
}

/** Whether `id` names a built-in protocol (an own key, so `'toString'` is not one). */
export function isBuiltinId(id: unknown): id is BuiltinProtocolId {
  return typeof id === 'string' && Object.hasOwn(builtinDefinitions, id)
}
