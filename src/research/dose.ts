/**
 * Trial reporting: the dose items a paper reports (number, length and frequency of contacts, span), as the protocol
 * plans them and as a summary of courses delivered them (BCC fidelity framework: dose; Borrelli 2005 found the
 * number of contacts reported by only 76 % of 755 trial papers).
 */
import { issuesOf, makeIssue, ProtocolError, safeParseWith } from '../issues/index.js'
import { counted } from '../issues/words.js'
import { type Frequency, type Protocol, ProtocolSchema, type Range } from '../protocol/index.js'
import { checkProtocol } from '../protocol/trusted.js'
import { frequencyAt } from './frequency.js'
import { type FidelitySummary, FidelitySummarySchema, type GroupSummary, type Stat } from './summary.js'

/**
 * A statistic for a paper: how many values, their mean and standard deviation (population; `null` for no
 * values), and their range.
 *
 * @example
 * ```ts
 * const sessions: Described = { n: 120, mean: 14.2, sd: 2.1, min: 6, max: 16 }
 * ```
 */
export interface Described {
  /** How many values. */
  n: number
  /** Their mean, rounded to 2 decimals. */
  mean: number | null
  /** Their standard deviation (population), rounded to 2 decimals. */
  sd: number | null
  /** The smallest. */
  min: number | null
  /** The largest. */
  max: number | null
}

/**
 * The dose items of a trial report (see {@link reportDose}): as planned, from the protocol (and the contracts of
 * the courses), and as delivered, from a summary.
 *
 * @example
 * ```ts
 * const report: DoseReport = reportDose(protocols.ipt, summary)
 * report.planned.sessions // { min: 12, default: 16, max: 16 }
 * ```
 */
export interface DoseReport {
  /** The protocol. */
  protocol: {
    /** Its id. */
    id: string
    /** Its name. */
    name: string
    /** Its version. */
    version: string
  }
  /** The group reported, or `null` for all courses. */
  group: string | null
  /** Courses in the report. */
  courses: number
  /** As planned. */
  planned: {
    /** Sessions per course: the protocol's range and default (`null` for a maintenance protocol). */
    sessions: Range | null
    /** A maintenance protocol's span in months (`null` for an acute one). */
    months: Range | null
    /** Session length in minutes (SCHED-2). */
    sessionMinutes: Range
    /** How often sessions recur (SCHED-5), with a phrase for people, e.g. `'weekly'`. */
    frequency: Frequency & {
      /** The frequency in words. */
      text: string
    }
    /** The early frequency of the first sessions, when the protocol has one. */
    earlyFrequency: {
      /** How many first sessions. */
      sessions: number
      /** Their frequency in words. */
      text: string
    } | null
    /** The contacts beside the sessions: kind, how many, and their length. */
    extraContacts: {
      /** The kind of contact. */
      kind: string
      /** How many a course plans. */
      count: number
      /** Minutes each. */
      durationMinutes: number
    }[]
    /** The calendar span of the default course, first to last session, in days (acute protocols). */
    spanDays: number | null
    /** The sessions the courses were contracted for. */
    contracted: Described
  }
  /** As delivered. */
  delivered: {
    /** Sessions held per course. */
    sessionsHeld: Described
    /** Sessions missed per course. */
    sessionsMissed: Described
    /** Sessions cancelled per course. */
    sessionsCancelled: Described
    /** Phone contacts held per course. */
    phoneContactsHeld: Described
    /** Days between consecutive held sessions, over all intervals. */
    intervalDays: Described
    /** Calendar days from the first to the last held session per course. */
    spanDays: Described
    /** Session length as delivered: `null`, as the event log does not record it (report the planned length). */
    sessionMinutes: null
    /** How the courses ended. */
    endings: GroupSummary['endings']
  }
}

const round = (value: number) => Math.round(value * 100) / 100

/** A mergeable statistic described for a paper. */
function describe(stat: Stat): Described {
  if (!stat.n) return { n: 0, mean: null, sd: null, min: null, max: null }
  const mean = stat.sum / stat.n
  const variance = Math.max(0, stat.sumOfSquares / stat.n - mean * mean)
  return { n: stat.n, mean: round(mean), sd: round(Math.sqrt(variance)), min: stat.min, max: stat.max }
}

/** A frequency in words: `'weekly'`, `'twice weekly'`, `'every 2 weeks'`, `'monthly'`. */
function frequencyText(frequency: Frequency): string {
  const times = frequency.times ?? 1
  const unit = { day: 'daily', week: 'weekly', month: 'monthly' }[frequency.unit]
  const period = frequency.every === 1 ? unit : `every ${frequency.every} ${frequency.unit}s`
  return times === 1 ? period : `${times === 2 ? 'twice' : `${times} times`} ${frequency.every === 1 ? unit : period}`
}

/** Days from one session to the next at a frequency (a month as 30.44 days, for the planned span only). */
function intervalOf(frequency: Frequency): number {
  const unit = frequency.unit === 'month' ? 30.44 : frequency.unit === 'week' ? 7 : 1
  return (unit * frequency.every) / (frequency.times ?? 1)
}

/**
 * The dose items a trial paper reports, as planned (the protocol's number, length and frequency of sessions, its
 * extra contacts, the span of its default course, and the courses' contracts) and as delivered (sessions held,
 * missed and cancelled, phone contacts, intervals and span, with mean, SD and range, and how the courses ended),
 * from a {@link FidelitySummary}, for all its courses or one `group`. Session length as delivered is `null`: the
 * event log does not record it. Throws `ProtocolError` (from `ipt-protocol`) for an invalid protocol or
 * summary, or a group the summary does not have.
 *
 * @example
 * ```ts
 * const report = reportDose(protocols.ipt, summarizeFidelity(courses))
 * report.delivered.sessionsHeld // { n: 120, mean: 14.2, sd: 2.1, min: 6, max: 16 }
 * ```
 */
export function reportDose(protocol: Protocol, summary: FidelitySummary, options: { group?: string } = {}): DoseReport {
  const checkedProtocol = checkProtocol(ProtocolSchema, protocol)
  const checkedSummary = safeParseWith(FidelitySummarySchema, summary, ['summary'])
  const group = (options as { group?: unknown } | null | undefined)?.group
  if (!checkedProtocol.success || !checkedSummary.success) {
    throw new ProtocolError(issuesOf(checkedProtocol, checkedSummary))
  }
  const groups = checkedSummary.data.groups
  if (group !== undefined && (typeof group !== 'string' || !Object.hasOwn(groups, group))) {
    throw new ProtocolError([
      makeIssue(
        'unknown-group',
        `The summary has no group ${typeof group === 'string' ? JSON.stringify(group) : `given by the value type ${typeof group}`}`,
        {
          path: ['options', 'group'],
          params: { groups: Object.keys(groups) },
        },
      ),
    ])
  }
  const data = group === undefined ? checkedSummary.data.overall : (groups[group as string] as GroupSummary)
  const { id, name, version, schedule } = checkedProtocol.data
  const acute = schedule.type === 'acute' ? schedule : undefined
  const early = acute?.earlyFrequency
  let spanDays: number | null = null
  if (acute) {
    const sessions = acute.sessions.default
    const earlyCount = Math.min(early?.sessions ?? 0, sessions)
    const earlyDays = early ? Math.max(0, earlyCount - 1) * intervalOf(early.frequency) : 0
    const restDays = Math.max(0, sessions - Math.max(earlyCount, 1)) * intervalOf(acute.frequency)
    spanDays = Math.round(earlyDays + restDays)
  }
  return {
    protocol: { id, name, version },
    group: group === undefined ? null : (group as string),
    courses: data.courses,
    planned: {
      sessions: acute ? acute.sessions : null,
      months: schedule.type === 'maintenance' ? schedule.months : null,
      sessionMinutes: schedule.sessionMinutes,
      frequency: {
        ...frequencyAt(schedule, Number.MAX_SAFE_INTEGER),
        text:
          schedule.type === 'continuation'
            ? schedule.taper.map((step) => `${step.sessions} × ${frequencyText(step.frequency)}`).join(', then ')
            : frequencyText(frequencyAt(schedule, Number.MAX_SAFE_INTEGER)),
      },
      earlyFrequency: early ? { sessions: early.sessions, text: frequencyText(early.frequency) } : null,
      extraContacts: schedule.extraContacts.map((extra) => ({
        kind: extra.kind,
        count:
          extra.placement.type === 'after-sessions' ? extra.placement.toSession - extra.placement.fromSession + 1 : 1,
        durationMinutes: extra.durationMinutes,
      })),
      spanDays,
      contracted: describe(data.dose.contracted),
    },
    delivered: {
      sessionsHeld: describe(data.dose.sessionsHeld),
      sessionsMissed: describe(data.dose.sessionsMissed),
      sessionsCancelled: describe(data.dose.sessionsCancelled),
      phoneContactsHeld: describe(data.dose.phoneContactsHeld),
      intervalDays: describe(data.dose.intervalDays),
      spanDays: describe(data.dose.spanDays),
      sessionMinutes: null,
      endings: data.endings,
    },
  }
}

/** `'14.2 (SD 2.1; 6–16; n = 120)'`, or `'—'` for no values. */
function described(value: Described): string {
  if (value.mean === null) return '—'
  const range = value.min === value.max ? `${value.min}` : `${value.min}–${value.max}`
  return `${value.mean} (SD ${value.sd}; ${range}; n = ${value.n})`
}

const rangeText = (range: Range, unit: string) =>
  range.min === range.max ? `${range.min} ${unit}` : `${range.min}–${range.max} ${unit} (default ${range.default})`

/** Markdown table cells cannot hold a pipe or a line break. */
const cell = (text: string) =>
  text
    .replaceAll('\\', '\\\\')
    .replaceAll('|', '\\|')
    .replace(/[\r\n]+/g, ' ')

/**
 * The dose items of {@link reportDose} as a Markdown table for a paper's methods or results: one row per item, as
 * planned and as delivered (mean, SD, range and n). Takes and checks the same arguments as {@link reportDose}.
 *
 * @example
 * ```ts
 * reportDoseAsMarkdown(protocols.ipt, summary)
 * // '**Interpersonal Psychotherapy (individual, acute) 1.1.0: 120 courses**\n\n| Dose item | As planned | As delivered |…'
 * ```
 */
export function reportDoseAsMarkdown(
  protocol: Protocol,
  summary: FidelitySummary,
  options: { group?: string } = {},
): string {
  const report = reportDose(protocol, summary, options)
  const p = report.planned
  const d = report.delivered
  const extra = p.extraContacts.map((contact) => `${contact.count} ${contact.kind} of ${contact.durationMinutes} min`)
  const rows: [string, string, string][] = [
    [
      'Sessions per course',
      p.sessions ? rangeText(p.sessions, 'sessions') : p.months ? `monthly over ${rangeText(p.months, 'months')}` : '—',
      described(d.sessionsHeld),
    ],
    ['Contracted sessions', '—', described(p.contracted)],
    ['Session length (minutes)', rangeText(p.sessionMinutes, 'min'), 'not recorded in the event log'],
    [
      'Frequency',
      p.earlyFrequency
        ? `${p.earlyFrequency.text} for the first ${counted(p.earlyFrequency.sessions, 'session')}, then ${p.frequency.text}`
        : p.frequency.text,
      `days between sessions: ${described(d.intervalDays)}`,
    ],
    ['Span (days, first to last session)', p.spanDays === null ? '—' : `${p.spanDays}`, described(d.spanDays)],
    ['Other contacts', extra.length ? extra.join('; ') : 'none', `phone contacts: ${described(d.phoneContactsHeld)}`],
    ['Missed sessions', '—', described(d.sessionsMissed)],
    ['Cancelled sessions', '—', described(d.sessionsCancelled)],
    [
      'Endings',
      '—',
      `completed ${d.endings.completed}, discontinued ${d.endings.discontinued}, recurrence ${d.endings.recurrence}, ongoing ${d.endings.ongoing}`,
    ],
  ]
  const title = `${report.protocol.name} ${report.protocol.version}${report.group === null ? '' : `, group ${report.group}`}: ${report.courses} courses`
  return [
    `**${cell(title)}**`,
    '',
    '| Dose item | As planned | As delivered |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  ].join('\n')
}
