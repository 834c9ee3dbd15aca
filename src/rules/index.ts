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
 * The ids of all rules, in reference order.
 *
 * @example
 * ```ts
 * ruleIds.includes('PHASE-3') // true
 * ```
 */
export const ruleIds = [
  'SCHED-1',
  'SCHED-2',
  'SCHED-3',
  'SCHED-4',
  'SCHED-5',
  'SCHED-6',
  'PHASE-1',
  'PHASE-2',
  'PHASE-3',
  'PHASE-4',
  'PHASE-5',
  'PHASE-6',
  'AREA-1',
  'AREA-2',
  'AREA-3',
  'AREA-4',
  'AREA-5',
  'AREA-6',
  'AREA-7',
  'AREA-8',
  'AREA-9',
  'AREA-10',
  'MAINT-1',
  'MAINT-2',
  'MAINT-3',
  'MAINT-4',
  'MAINT-5',
  'READY-1',
  'READY-2',
  'READY-3',
  'READY-4',
  'READY-5',
  'READY-6',
  'READY-7',
  'READY-8',
  'MEAS-1',
  'MEAS-2',
  'MEAS-3',
  'MEAS-4',
  'MEAS-5',
  'MEAS-6',
  'IPTA-1',
  'IPTA-2',
  'IPTA-3',
  'LOG-1',
] as const

/**
 * Every rule id of the IPT reference.
 *
 * @example
 * ```ts
 * const id: RuleId = 'SCHED-6'
 * ```
 */
export type RuleId = (typeof ruleIds)[number]

// Kept apart from `ruleIds` so that bundles which only validate ids leave the statements out; the type makes
// the two lists agree (every id has an entry, and no entry lacks an id).
const catalogue: Record<RuleId, readonly [string, readonly SourceTag[], readonly string[]]> = {
  'SCHED-1': [
    '12–16 sessions, weekly; the practical range across adaptations is 6–20.',
    ['seed', 'lit'],
    ['seeds 000–004'],
  ],
  'SCHED-2': ['Sessions last 45–60 minutes; default 50.', ['seed', 'lit'], ['seed 000', 'seed 002']],
  'SCHED-3': [
    'Number, frequency and length of sessions are fixed in a treatment contract and changed only by explicit renegotiation; sessions beyond the contract are a deviation.',
    ['lit'],
    ['Klerman et al. 1984', 'Weissman, Markowitz & Klerman 2000/2018'],
  ],
  'SCHED-4': ['The acute phase lasts about 2–4 months of weekly sessions.', ['seed'], ['seed 002', 'seed 004']],
  'SCHED-5': [
    'Sessions may be twice weekly early on; frequency is data ({ every, unit }), never the word "bimonthly".',
    ['lit', 'design'],
    ['Frank 2007'],
  ],
  'SCHED-6': [
    'A missed or cancelled session does not shorten the course: the contracted number is kept and the end date moves; closures push sessions to the next free slot.',
    ['design'],
    [],
  ],
  'PHASE-1': [
    'The initial phase has at most 3 sessions by default (literature 1–4; brief IPT 2).',
    ['seed', 'lit'],
    ['seed 002'],
  ],
  'PHASE-2': [
    'Initial-phase tasks: diagnosis and severity, psychoeducation, sick role, medication need, interpersonal inventory, formulation, agreed focus, treatment contract.',
    ['seed', 'lit'],
    ['seed 003', 'seed 004'],
  ],
  'PHASE-3': [
    'The middle phase starts only when the inventory is done, 1–2 problem areas are agreed and the contract is set; an overrun initial phase is reported.',
    ['lit', 'design'],
    ['Klerman et al. 1984', 'Weissman, Markowitz & Klerman 2000/2018'],
  ],
  'PHASE-4': [
    'The middle phase works on the agreed problem areas, typically 8–12 sessions.',
    ['seed', 'lit'],
    ['seed 002'],
  ],
  'PHASE-5': [
    'Termination takes the last 2–3 sessions (default 3) and is raised explicitly beforehand.',
    ['seed', 'lit'],
    ['seed 002'],
  ],
  'PHASE-6': [
    'Completed and discontinued are terminal; a new course is a new record linked to the old one.',
    ['design'],
    [],
  ],
  'AREA-1': [
    'Four problem areas: grief, role disputes, role transitions, interpersonal deficits.',
    ['seed', 'lit'],
    ['seeds 000–004'],
  ],
  'AREA-2': [
    'Choose the areas most closely tied to the onset of the episode; events near the onset weigh most.',
    ['seed', 'lit'],
    ['seed 004'],
  ],
  'AREA-3': ['Usually one problem area, at most two.', ['seed', 'lit'], ['seed 004']],
  'AREA-4': [
    'Interpersonal deficits is the area of last resort, chosen only when no death, dispute or life change is linked to the episode.',
    ['lit'],
    ['Klerman et al. 1984', 'Weissman, Markowitz & Klerman 2000/2018'],
  ],
  'AREA-5': [
    'A loss that is not a death (divorce, job loss) is a role transition, not grief.',
    ['lit'],
    ['Klerman et al. 1984', 'Weissman, Markowitz & Klerman 2000/2018'],
  ],
  'AREA-6': [
    'Normal bereavement usually resolves in 2–4 months; unresolved grief is delayed or distorted (the literature adds chronic).',
    ['seed', 'lit'],
    ['seed 004'],
  ],
  'AREA-7': ['Role disputes have a stage: renegotiation, impasse or dissolution.', ['seed', 'lit'], ['seed 004']],
  'AREA-8': [
    'A role transition is resolved when the old role is given up, the feelings expressed, new skills acquired and a new network built.',
    ['seed'],
    ['seed 004'],
  ],
  'AREA-9': ['Interpersonal deficits: the goal is to reduce isolation.', ['seed', 'lit'], ['seed 004']],
  'AREA-10': ['A change of focus during treatment is recorded as an explicit renegotiation.', ['seed'], ['seed 000']],
  'MAINT-1': [
    'IPT-M sessions are monthly over 2–3 years; monthly dates keep the day of month, clamped to the month’s end.',
    ['seed', 'design'],
    ['seed 004'],
  ],
  'MAINT-2': [
    'Maintenance starts after the acute course, once the patient is in remission.',
    ['seed', 'lit'],
    ['seed 004'],
  ],
  'MAINT-3': [
    'Maintenance psychotherapy alone needs a stated reason (pregnancy, side effects, medical contraindication); otherwise an advisory.',
    ['seed'],
    ['seed 004'],
  ],
  'MAINT-4': [
    'A recurrence during IPT-M ends the maintenance course and calls for a new acute course.',
    ['lit', 'design'],
    ['Frank 1990'],
  ],
  'MAINT-5': [
    'Follow-up consultations every 3–6 months after treatment: an optional policy, distinct from IPT-M.',
    ['seed', 'lit'],
    ['seed 000'],
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
  'MEAS-1': ['PHQ-9: nine items 0–3, total 0–27, five severity bands.', ['lit'], ['Kroenke 2001']],
  'MEAS-2': [
    'PHQ-9 item 9 above 0 raises a safety flag no rule may suppress, even when the rest of the form is refused; 2–3 is high risk. The flag stays open until a safety review and travels with the patient (ipt-reference §8a).',
    ['lit', 'design'],
    ['Louzon 2016', 'Simon 2013'],
  ],
  'MEAS-3': [
    'HAM-D-17: items scored 0–2 or 0–4, total 0–52; remission ≤7, response ≥50% reduction.',
    ['lit'],
    ['ipt-reference §8'],
  ],
  'MEAS-4': [
    'PHQ-9 remission <5 and response ≥50% are common practice; thresholds are parameters.',
    ['lit'],
    ['Kroenke 2001'],
  ],
  'MEAS-5': [
    'Interaction patterns often improve after 4–6 weeks and relief after 8–10 sessions; no response by then is a reason to review the plan.',
    ['seed'],
    ['seed 000'],
  ],
  'MEAS-6': [
    'HAM-D-17 item 3 (suicide) above 0 raises a safety flag like PHQ-9 item 9; 3–4 (suicidal ideas or gesture, attempt) is high risk.',
    ['lit', 'design'],
    ['Hamilton 1960', 'design (high-risk threshold by analogy with MEAS-2)'],
  ],
  'IPTA-1': [
    'IPT-A adds one phone contact per week during the first 4 weeks of treatment.',
    ['seed'],
    ['seed 004', 'ipt-reference §5 ipt-a'],
  ],
  'IPTA-2': [
    'In IPT-A the parent(s) take part in the initial session: history, psychoeducation including medication.',
    ['seed'],
    ['seed 004', 'ipt-reference §5 ipt-a'],
  ],
  'IPTA-3': [
    'In IPT-A the therapist assesses suicidal thoughts and school attendance.',
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
