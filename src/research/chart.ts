/**
 * renderFidelityChart: a summary as a standalone SVG chart: one row per indicator, one column for all courses and
 * one per group, each cell a bar of the share met among the courses decided, with its count; a row above names the
 * courses with an open safety flag in each column, which no summary hides (ipt-reference §8a).
 */
import * as z from 'zod/mini'
import { issuesOf, type SafeResult, safeParseWith, unwrap } from '../issues/index.js'
import { el, esc, FONT, num, text } from '../timeline/svg.js'
import { fidelityIndicators } from './indicators.js'
import { type FidelitySummary, FidelitySummarySchema, type GroupSummary } from './summary.js'

/**
 * Options of {@link renderFidelityChart}: `title` and `subtitle` (default `'Fidelity by group'` and the number of
 * courses; `''` leaves the subtitle out), `groups` (which groups to draw, in that order; default every group of the
 * summary, at most 50), and `overallLabel` (the heading of the column of all courses, default `'All'`).
 *
 * @example
 * ```ts
 * FidelityChartOptionsSchema.parse({ title: 'Site fidelity, 2027', groups: ['site-a', 'site-b'] })
 * ```
 */
export const FidelityChartOptionsSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    title: z.optional(z.string().check(z.maxLength(200))),
    subtitle: z.optional(z.string().check(z.maxLength(300))),
    groups: z.optional(z.array(z.string().check(z.minLength(1)).check(z.maxLength(200))).check(z.maxLength(50))),
    overallLabel: z.optional(z.string().check(z.maxLength(40))),
  }))()

/**
 * Options of {@link renderFidelityChart} (see {@link FidelityChartOptionsSchema}).
 *
 * @example
 * ```ts
 * const options: FidelityChartOptions = { title: 'Therapists', overallLabel: 'All courses' }
 * ```
 */
export type FidelityChartOptions = z.input<typeof FidelityChartOptionsSchema>

const LABEL_WIDTH = 330
const COLUMN = 120
const ROW = 26
const TOP = 92
const INK = '#1F2937'
const MUTED = '#4B5563'
const BAR = '#0072B2'
const TRACK = '#E5E7EB'
const ALERT = '#DC2626'

/** A column heading cut to what fits in a column. */
function clip(label: string, size: number): string {
  const max = Math.floor((COLUMN - 8) / (size * 0.6))
  return label.length > max ? `${label.slice(0, max - 1)}…` : label
}

function draw(summary: FidelitySummary, options: z.output<typeof FidelityChartOptionsSchema>): string {
  const names = options.groups ?? Object.keys(summary.groups).slice(0, 50)
  const columns: { label: string; group: GroupSummary | undefined }[] = [
    { label: options.overallLabel ?? 'All', group: summary.overall },
    ...names.map((name) => ({
      label: name,
      group: Object.hasOwn(summary.groups, name) ? summary.groups[name] : undefined,
    })),
  ]
  // Rows: the indicators some course could decide; the others are listed below the chart.
  const rows = fidelityIndicators.filter((indicator) => {
    const tally = summary.overall.indicators[indicator.id]
    return tally.met + tally.notMet > 0
  })
  const width = LABEL_WIDTH + columns.length * COLUMN + 20
  const height = TOP + 24 + rows.length * ROW + 56
  const title = options.title ?? 'Fidelity by group'
  const subtitle =
    options.subtitle ?? `${summary.overall.courses} courses; bars: share met among the courses decided (met / decided)`
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="${esc(FONT)}">`,
    el('title', {}, esc(title)),
    el('rect', { x: 0, y: 0, width, height, fill: '#FFFFFF' }),
    text(20, 32, title, { 'font-size': 18, 'font-weight': 600, fill: INK }),
  ]
  if (subtitle) parts.push(text(20, 54, subtitle, { 'font-size': 12, fill: MUTED }))
  columns.forEach((column, index) => {
    const x = LABEL_WIDTH + index * COLUMN + COLUMN / 2
    parts.push(
      text(x, TOP - 8, clip(column.label, 12), {
        'font-size': 12,
        'font-weight': 600,
        fill: INK,
        'text-anchor': 'middle',
      }),
    )
    const open = column.group?.adherence.withOpenSafetyFlags ?? 0
    const flagged = `${open} with open safety flag${open === 1 ? '' : 's'}`
    parts.push(
      el(
        'g',
        { class: 'safety', 'data-open': open },
        text(x, TOP + 10, column.group ? flagged : '—', {
          'font-size': 10,
          fill: open ? ALERT : MUTED,
          'font-weight': open ? 600 : undefined,
          'text-anchor': 'middle',
        }),
      ),
    )
  })
  rows.forEach((indicator, row) => {
    const y = TOP + 24 + row * ROW
    if (row % 2 === 0) parts.push(el('rect', { x: 10, y: y - 2, width: width - 20, height: ROW, fill: '#F9FAFB' }))
    parts.push(
      text(20, y + 15, `${indicator.title}${indicator.rule ? ` (${indicator.rule})` : ''}`, {
        'font-size': 12,
        fill: INK,
      }),
    )
    columns.forEach((column, index) => {
      const x = LABEL_WIDTH + index * COLUMN + 8
      const tally = column.group?.indicators[indicator.id]
      const decided = tally ? tally.met + tally.notMet : 0
      const share = tally && decided ? tally.met / decided : undefined
      const barWidth = COLUMN - 16
      const cell: string[] = [el('rect', { x, y: y + 4, width: barWidth, height: 10, rx: 2, fill: TRACK })]
      if (share !== undefined)
        cell.push(el('rect', { x, y: y + 4, width: barWidth * share, height: 10, rx: 2, fill: BAR }))
      const label = share === undefined ? '—' : `${Math.round(share * 100)} % (${tally?.met}/${decided})`
      cell.push(text(x + barWidth / 2, y + 24, label, { 'font-size': 9, fill: MUTED, 'text-anchor': 'middle' }))
      parts.push(
        el(
          'g',
          {
            class: 'cell',
            'data-indicator': indicator.id,
            'data-column': column.label,
            'data-share': share === undefined ? undefined : num(share),
          },
          cell.join(''),
        ),
      )
    })
  })
  const left = fidelityIndicators.length - rows.length
  const footY = TOP + 24 + rows.length * ROW + 24
  parts.push(
    text(
      20,
      footY,
      `${left} indicator${left === 1 ? '' : 's'} not drawn: no course could decide ${left === 1 ? 'it' : 'them'} (not applicable or unknown).`,
      { 'font-size': 10, fill: MUTED },
    ),
  )
  parts.push('</svg>')
  return parts.join('')
}

/**
 * {@link renderFidelityChart} returning `{ success, data | issues }` instead of throwing.
 *
 * @example
 * ```ts
 * safeRenderFidelityChart({} as never).success // false
 * ```
 */
export function safeRenderFidelityChart(
  summary: FidelitySummary,
  options: FidelityChartOptions = {},
): SafeResult<string> {
  const checkedSummary = safeParseWith(FidelitySummarySchema, summary, ['summary'])
  const checkedOptions = safeParseWith(FidelityChartOptionsSchema, options ?? {}, ['options'])
  if (!checkedSummary.success || !checkedOptions.success) {
    return { success: false, issues: issuesOf(checkedSummary, checkedOptions) }
  }
  return { success: true, data: draw(checkedSummary.data, checkedOptions.data) }
}

/**
 * A {@link FidelitySummary} as a standalone SVG chart: a row per indicator that some course could decide, a column
 * for all courses and one per group, each cell a bar of the share met among the courses decided with `met/decided`;
 * above each column, how many of its courses have an open safety flag (never hidden, ipt-reference §8a). Always
 * well-formed XML, whatever the group names. Throws {@link ProtocolError} (from `ipt-protocol`) for an invalid
 * summary or options; {@link safeRenderFidelityChart} returns them.
 *
 * @example
 * ```ts
 * renderFidelityChart(summary, { title: 'Fidelity by therapist' }) // '<svg xmlns="http://www.w3.org/2000/svg" …'
 * ```
 */
export function renderFidelityChart(summary: FidelitySummary, options: FidelityChartOptions = {}): string {
  return unwrap(safeRenderFidelityChart(summary, options))
}
