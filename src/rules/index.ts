import * as z from 'zod/mini'

/**
 * Where a rule comes from: `seed` (the project's founding documents), `lit` (published IPT literature, checked),
 * `lit?` (literature, not checked against a primary text, so always configurable) or `design` (the library's own
 * choice where no source decides).
 *
 * @example
 * ```ts
 * const tag: SourceTag = 'lit'
 * ```
 */
export type SourceTag = 'seed' | 'lit' | 'lit?' | 'design'

/**
 * One rule of the IPT reference: its id, a one-line statement and its sources.
 *
 * @example
 * ```ts
 * const rule: Rule = rules['SCHED-6']
 * console.log(rule.id, rule.sources) // 'SCHED-6' ['design']
 * ```
 */
export interface Rule {
  /** The id used in issues, advisories and protocol definitions, e.g. `'PHASE-3'`. */
  id: RuleId
  /** What the rule says, in one or two sentences. */
  statement: string
  /** Where it comes from. */
  sources: readonly SourceTag[]
  /** The documents behind it, e.g. `'seed 004'`, `'Kroenke 2001'`. */
  references: readonly string[]
}

/**
 * Every rule id of the IPT reference: each group's rules, numbered from 1.
 *
 * @example
 * ```ts
 * const id: RuleId = 'SCHED-6'
 * ```
 */
export type RuleId =
  | `SCHED-${1 | 2 | 3 | 4 | 5 | 6 | 7}`
  | `PHASE-${1 | 2 | 3 | 4 | 5 | 6 | 7}`
  | `AREA-${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10}`
  | `MAINT-${1 | 2 | 3 | 4 | 5 | 6 | 7}`
  | `READY-${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8}`
  | `MEAS-${1 | 2 | 3 | 4 | 5 | 6 | 7}`
  | `IPTA-${1 | 2 | 3}`
  | 'LOG-1'

/**
 * The ids of all rules, in reference order: each group (SCHED, PHASE, AREA, MAINT, READY, MEAS, IPTA, LOG) numbered
 * from 1. Built from the groups' sizes, which the `catalogue` below checks against {@link RuleId} (every id has an
 * entry), so that the list costs no bytes per id in a bundle.
 *
 * @example
 * ```ts
 * ruleIds.includes('PHASE-3') // true
 * ```
 */
export const ruleIds: readonly [RuleId, ...RuleId[]] = /* @__PURE__ */ (() =>
  (
    [
      ['SCHED', 7],
      ['PHASE', 7],
      ['AREA', 10],
      ['MAINT', 7],
      ['READY', 8],
      ['MEAS', 7],
      ['IPTA', 3],
      ['LOG', 1],
    ] as const
  ).flatMap(([group, size]) => Array.from({ length: size }, (_, index) => `${group}-${index + 1}` as RuleId)) as [
    RuleId,
    ...RuleId[],
  ])()

// Kept apart from `ruleIds` so that bundles which only validate ids leave the statements out; the type makes
// the two lists agree (every id has an entry, and no entry lacks an id).
const catalogue: Record<RuleId, readonly [string, readonly SourceTag[], readonly string[]]> = {
  'SCHED-1': [
    'Individual acute IPT: 12–16 weekly sessions. The practical range across adaptations is 6–20 and each variant sets its own, so the rule applies to the variants whose data say 12–16 weekly sessions, not to group or brief IPT.',
    ['seed', 'lit'],
    ['seeds 000–004', 'Weissman, Markowitz & Klerman 2000 (Guide, ch. 7)'],
  ],
  'SCHED-2': [
    'Sessions last 45–50 minutes in the literature and 45–60 in the seeds: range 45–60 (seed), default 50 (literature). Applies to the variants whose sessions lie within 45–60 minutes.',
    ['seed', 'lit'],
    ['seed 000', 'seed 002', 'Weissman, Markowitz & Klerman 2000 (Guide, ch. 7)'],
  ],
  'SCHED-3': [
    'Number, frequency and length of sessions are fixed in a treatment contract and changed only by explicit renegotiation; sessions beyond the contract are a deviation.',
    ['lit'],
    ['Klerman et al. 1984', 'Weissman, Markowitz & Klerman 2000/2018'],
  ],
  'SCHED-4': [
    'The acute phase lasts about 2–4 months of weekly sessions (12–20 sessions ≈ 4–5 months).',
    ['seed'],
    ['seed 002', 'seed 004'],
  ],
  'SCHED-5': [
    'Sessions may be twice weekly early on (non-remitters after 4 weekly sessions went twice weekly); frequency is data ({ every, unit }), never the word "bimonthly".',
    ['lit', 'design'],
    ['Frank 2007'],
  ],
  'SCHED-6': [
    'A missed or cancelled session does not shorten the course: the contracted number is kept and the end date moves; closures push sessions to the next free slot.',
    ['design'],
    [],
  ],
  'SCHED-7': [
    'Non-attendance is a clinical signal, not only a calendar event: repeated missed sessions (design defaults 2 in a row or 3 in all, parameters) call for an engagement and risk check, and, where the protocol involves a parent (IPT-A), contact with the parent. Drop-out is most common early and runs near 20 % in IPT trials (Linardon 2019: 20.6 %; Swift & Greenberg 2012, all psychotherapy: 19.7 %).',
    ['lit', 'design'],
    ['Linardon 2019', 'Swift & Greenberg 2012', 'design (thresholds)'],
  ],
  'PHASE-1': [
    'The initial phase has at most 3 sessions by default (seed 002: "up to 3 sessions"; FOCUS 2006: "no more than three"); literature 1–4, brief IPT 2 (Swartz 2014), group IPT 1 group session after the pre-group session (WHO 2016), IPT-A 1–4 (lit?), inpatient 4–8.',
    ['seed', 'lit'],
    ['seed 002', 'FOCUS 2006 review', 'Swartz 2014', 'WHO 2016 group IPT'],
  ],
  'PHASE-2': [
    'Initial-phase tasks: diagnosis with a baseline rating of severity, psychoeducation, the sick role (IPT-A: a limited one), the need for medication, the interpersonal inventory, the formulation, the agreed focus, the treatment contract. Which tasks a protocol requires before the middle phase and which it only advises is protocol data.',
    ['seed', 'lit'],
    ['seed 003', 'seed 004', 'Weissman, Markowitz & Klerman 2018 (Guide, ch. 2)'],
  ],
  'PHASE-3': [
    'The middle phase starts only when the required initial tasks (the inventory) are done, 1–2 problem areas are agreed and the contract is set; an overrun initial phase is reported.',
    ['lit', 'design'],
    ['Klerman et al. 1984', 'Weissman, Markowitz & Klerman 2000/2018'],
  ],
  'PHASE-4': [
    'The middle phase works on the agreed problem areas: the sessions between the initial and termination phases (seed 002: 8–12 of a 12–16-session course; group IPT 6 of 8; brief IPT 3 of 8).',
    ['seed', 'lit'],
    ['seed 002', 'WHO 2016 group IPT (Asrat 2021, Table 2)', 'Swartz 2014'],
  ],
  'PHASE-5': [
    'Termination takes the last 2–3 sessions (default 3; group IPT 1, WHO 2016) and is raised explicitly at least 2–4 sessions before the end.',
    ['seed', 'lit'],
    ['seed 002', 'Weissman, Markowitz & Klerman 2000 (Guide, ch. 7)', 'WHO 2016 group IPT (Asrat 2021, Table 2)'],
  ],
  'PHASE-6': [
    'Completed and discontinued are terminal; a new course is a new record linked to the old one.',
    ['design'],
    [],
  ],
  'PHASE-7': [
    'A course that ends without response, or not in remission, is not closed quietly: patients who have not improved in acute IPT should be offered another effective treatment; the library advises it at completion.',
    ['lit'],
    ['OUP IPT handbook 2021 (termination chapter)', 'Weissman, Markowitz & Klerman 2000 (Guide, ch. 7)'],
  ],
  'AREA-1': [
    'Four problem areas: grief, role disputes, role transitions, interpersonal deficits.',
    ['seed', 'lit'],
    ['seeds 000–004', 'Weissman, Markowitz & Klerman 2000/2018'],
  ],
  'AREA-2': [
    'Propose the areas most closely tied to the onset of the episode: events near the onset weigh most, an event after the onset may be a consequence rather than a trigger, an event outside a window before the onset (design default 12 months) is not linked, and a clinician’s recorded judgement weighs more than distance. The formulation agreed with the patient decides.',
    ['seed', 'lit', 'design'],
    ['seed 004', 'Weissman, Markowitz & Klerman 2018 (Guide, ch. 2)', 'NREPP ("temporally associated")'],
  ],
  'AREA-3': [
    'Usually one problem area, at most two.',
    ['seed', 'lit'],
    ['seed 004', 'Weissman, Markowitz & Klerman 2000/2018'],
  ],
  'AREA-4': [
    'Interpersonal deficits is the area of last resort, chosen only when no death, dispute or life change is linked to the episode; it predicts a slower response.',
    ['lit'],
    ['Klerman et al. 1984', 'Weissman, Markowitz & Klerman 2000/2018'],
  ],
  'AREA-5': [
    'A loss that is not a death (divorce, job loss) is a role transition, not grief.',
    ['lit'],
    ['Klerman et al. 1984', 'Weissman, Markowitz & Klerman 2000/2018'],
  ],
  'AREA-6': [
    'Normal bereavement usually resolves in 2–4 months (the seed’s default, kept; dated: depression can be diagnosed during bereavement, so possibly normal grief never means not depression; prolonged grief disorder needs ≥ 12 months after the death in DSM-5-TR, 6 for children and adolescents, ≥ 6 months in ICD-11). Unresolved grief is delayed or distorted; the literature adds chronic.',
    ['seed', 'lit'],
    ['seed 004', 'DSM-5-TR (prolonged grief disorder)', 'ICD-11 (prolonged grief disorder)'],
  ],
  'AREA-7': [
    'Role disputes have a stage: renegotiation, impasse or dissolution (the Guide). The goal is to identify the dispute, choose a plan and modify expectations or communication, without pushing an outcome (seed 004).',
    ['seed', 'lit'],
    ['Weissman, Markowitz & Klerman 2018 (Guide, role-disputes chapter)', 'seed 004'],
  ],
  'AREA-8': [
    'A role transition is resolved when the old role is given up, the feelings expressed, new skills acquired and a new network built.',
    ['seed'],
    ['seed 004'],
  ],
  'AREA-9': [
    'Interpersonal deficits: the goal is to reduce isolation.',
    ['seed', 'lit'],
    ['seed 004', 'Weissman, Markowitz & Klerman 2000/2018'],
  ],
  'AREA-10': [
    'The focus may shift during treatment (seed 000); recording the change as an explicit renegotiation is the library’s design, drawn from SCHED-3.',
    ['seed', 'design'],
    ['seed 000'],
  ],
  'MAINT-1': [
    'IPT-M sessions are monthly over 2–3 years; monthly dates keep the day of month, clamped to the month’s end.',
    ['seed', 'design'],
    ['seed 004'],
  ],
  'MAINT-2': [
    'Maintenance starts after the acute course, once the patient is in remission, judged on the previous course’s own series, each instrument on its own (never across instruments, nor on whichever rating came last): sustained remission is HAM-D-17 ≤ 7 on 3 consecutive weekly ratings, and a positive suicide item is never remission. Not in remission: advise intensifying or changing the acute treatment, not monthly sessions.',
    ['seed', 'lit'],
    ['seed 004', 'Frank 1991 (consensus definitions)', 'Frank 2007'],
  ],
  'MAINT-3': [
    'Maintenance psychotherapy alone: the seed names reasons such as pregnancy, medication side effects or a medical contraindication; the literature is broader (IPT-M alone is good prophylaxis for patients who remitted on IPT alone, and many prefer psychotherapy). So the reason is recorded (including remitted on IPT alone and patient preference), the library advises when none is recorded, and it never blocks.',
    ['seed', 'lit'],
    ['seed 004', 'Frank 2007'],
  ],
  'MAINT-4': [
    'A recurrence during IPT-M calls for acute treatment (the literature); that it ends the maintenance course, linked to a new acute course, is the library’s design (in the trials a recurrence was a study endpoint).',
    ['lit', 'design'],
    ['Frank 1990', 'Frank 2007'],
  ],
  'MAINT-5': [
    'Follow-up consultations every 3–6 months after treatment (seed 000); the literature does not make this an IPT rule, so it is an optional follow-up policy, distinct from IPT-M and off by default (design).',
    ['seed', 'design'],
    ['seed 000'],
  ],
  'MAINT-6': [
    'Continuation comes between acute treatment and maintenance: sessions taper from weekly to monthly over about 4 months (Frank 1990: a 17-week continuation phase; Reynolds 2006: 16 weeks) and prevent relapse, while maintenance prevents recurrence. The taper is a parameter (design default: every two weeks for 16 weeks).',
    ['lit', 'design'],
    ['Frank 1990', 'Reynolds 2006'],
  ],
  'MAINT-7': [
    'Maintenance exists to catch recurrence early: a rating during maintenance in the range of a depressive episode (design defaults, parameters: PHQ-9 ≥ 10, Kroenke 2001’s cut-point for major depression; HAM-D-17 ≥ 15, lit?: Frank 1990’s recurrence threshold, not checked) advises assessing for recurrence. The clinician decides; the course does not end on its own.',
    ['lit', 'lit?', 'design'],
    ['Kroenke 2001', 'Frank 1990'],
  ],
  'READY-1': [
    'Severe suicidality, homicidality or an acute psychotic episode: stabilise first, then reassess (not yet, not never). Applies to every protocol, maintenance included.',
    ['seed', 'design'],
    ['seed 000', 'seed 004', 'design (homicidality by analogy)'],
  ],
  'READY-2': [
    'Before treatment, rule out organic brain lesions and assess interpersonal functioning; not yet excluded: assess first (a work-up).',
    ['seed'],
    ['seed 000'],
  ],
  'READY-3': ['Avoid concurrent deep psychotherapy: conflicting treatment goals.', ['seed'], ['seed 000', 'seed 004']],
  'READY-4': [
    'IPT needs the patient’s commitment before starting; without it, discuss the approach, or another therapist or therapy (e.g. CBT).',
    ['seed'],
    ['seed 004'],
  ],
  'READY-5': [
    'IPT-A is for ages 12–18 (under 12: family-based IPT) and not indicated for adolescents who are acutely suicidal or homicidal, psychotic, bipolar, intellectually disabled or actively abusing substances.',
    ['lit'],
    ['NREPP', 'CEBC', 'Columbia IPT-A', 'Dietz 2015 (FB-IPT)'],
  ],
  'READY-6': [
    'Bipolar disorder: IPT is an adjunct to medication (the bipolar adaptation is IPSRT); without recorded mood-stabilising medication, not ready for standard IPT.',
    ['seed', 'lit'],
    ['seed 001', 'Weissman & Klerman 1990'],
  ],
  'READY-7': [
    'IPT has not shown efficacy in substance use disorders: active substance abuse is a reason, never ignored.',
    ['seed'],
    ['seed 004'],
  ],
  'READY-8': [
    'Late-life IPT is for older adults (trials ≥ 60); cognitive impairment points to IPT-CI with a caregiver; severe dementia rules IPT out.',
    ['lit'],
    ['Reynolds 1999', 'Miller 2007'],
  ],
  'MEAS-1': [
    'PHQ-9: nine items 0–3, total 0–27, five severity bands; ≥ 10 for major depression.',
    ['lit'],
    ['Kroenke 2001'],
  ],
  'MEAS-2': [
    'PHQ-9 item 9 above 0 raises a safety flag no rule may suppress, even when the rest of the form is refused; 2–3 is high risk. The flag stays open until a safety review and travels with the patient (ipt-reference §8a).',
    ['lit', 'design'],
    ['Louzon 2016', 'Simon 2013'],
  ],
  'MEAS-3': [
    'HAM-D-17: items scored 0–2 or 0–4, total 0–52; bands none 0–7, mild 8–16, moderate 17–23, severe ≥ 24; remission ≤ 7, often on 3 consecutive weekly ratings; response ≥ 50 % reduction from baseline.',
    ['lit'],
    ['Zimmerman 2013', 'Frank 1991 (consensus definitions)', 'Frank 2007'],
  ],
  'MEAS-4': [
    'PHQ-9 remission < 5 and response ≥ 50 % are common practice, not universal, and not from Kroenke 2001: thresholds are parameters.',
    ['lit?'],
    [],
  ],
  'MEAS-5': [
    'Relief is expected after 8–10 sessions of a 12–16-session course; no response by the review point is a reason to review the plan, not a verdict. The review point scales with the course: design default half the contracted sessions, at least 4.',
    ['seed', 'lit', 'design'],
    ['seed 000', 'Frank 2007 (intensified after 4 weeks)', 'Reynolds 1999 (review at week 8 of 16)'],
  ],
  'MEAS-6': [
    'HAM-D-17 item 3 (suicide) above 0 raises a safety flag like PHQ-9 item 9; 3–4 (suicidal ideas or gesture, attempt) is high risk.',
    ['lit', 'design'],
    ['Hamilton 1960', 'design (high-risk threshold by analogy with MEAS-2)'],
  ],
  'MEAS-7': [
    'Measurement-based care: a baseline rating before the middle phase and a rating at least every 4 sessions; a missing rating is a fidelity gap, advised, never blocked.',
    ['lit?', 'design'],
    ['IPT Institute training standard (PHQ-9 and GAD-7 every 4 sessions)'],
  ],
  'IPTA-1': [
    'IPT-A adds one phone contact per week during the first 4 weeks of treatment (seed 004 only; later editions made it optional).',
    ['seed'],
    ['seed 004', 'ipt-reference §5 ipt-a'],
  ],
  'IPTA-2': [
    'In IPT-A the parent(s) take part in the initial session (history, psychoeducation including medication, seed 004) and are involved at termination (Penn State Clearinghouse).',
    ['seed', 'lit'],
    ['seed 004', 'Penn State Clearinghouse (IPT-A)', 'ipt-reference §5 ipt-a'],
  ],
  'IPTA-3': [
    'In IPT-A the therapist assesses suicidal thoughts and school attendance at each contact.',
    ['seed'],
    ['seed 004', 'ipt-reference §5 ipt-a'],
  ],
  'LOG-1': [
    'A course is a log of events in time order: an event dated before the last accepted one is refused, so a replayed log gives the same course.',
    ['design'],
    [],
  ],
}

/**
 * Schema of a rule id: one of {@link ruleIds}.
 *
 * @example
 * ```ts
 * RuleIdSchema.parse('MAINT-1')
 * ```
 */
export const RuleIdSchema = /* @__PURE__ */ (() => z.enum(ruleIds))()

/**
 * The rule catalogue, keyed by id: what each rule says and where it comes from. Issues and advisories name these
 * ids in their `rule` field, so any decision can be traced back to its source.
 *
 * @example
 * ```ts
 * rules['SCHED-6'].statement // 'A missed or cancelled session does not shorten the course: …'
 * ```
 */
export const rules: Readonly<Record<RuleId, Rule>> = /* @__PURE__ */ (() =>
  Object.freeze(
    Object.fromEntries(
      Object.entries(catalogue).map(([id, [statement, sources, references]]) => [
        id,
        Object.freeze({ id: id as RuleId, statement, sources, references }),
      ]),
    ) as unknown as Record<RuleId, Rule>,
  ))()
