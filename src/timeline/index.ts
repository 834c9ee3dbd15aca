/**
 * ipt-protocol/timeline: a course plan or a course drawn as a standalone SVG timeline.
 *
 * @packageDocumentation
 */
import * as z from 'zod/mini'
import { addToDate, daysFrom, InstantSchema } from '../calendar/index.js'
import { type Course, CourseSchema } from '../course/index.js'
import { type Issue, type SafeResult, safeParseWith, unwrap } from '../issues/index.js'
import { type ContactKind, ContactKindSchema } from '../protocol/index.js'
import { type ContactPhase, ContactPhaseSchema, type CoursePlan, CoursePlanSchema } from '../schedule/index.js'
import { resolveLabels, type TimelineLabels, TimelineLabelsSchema } from './labels.js'
import { courseMarks, inZone, type LocalMoment, type Mark, type MarkStatus, planMarks, wallClock } from './marks.js'
import { el, esc, FONT, num, text } from './svg.js'

export { defaultTimelineLabels, type TimelineLabels, TimelineLabelsSchema } from './labels.js'

/**
 * The fixed size of every timeline, in CSS pixels (the SVG's `width`, `height` and `viewBox`). Scale it in the
 * host with CSS (`svg { width: 100%; height: auto }`) if need be.
 *
 * @example
 * ```ts
 * TIMELINE_SIZE // { width: 960, height: 400 }
 * ```
 */
export const TIMELINE_SIZE = { width: 960, height: 400 } as const

/**
 * Options of {@link renderTimeline}: `now`, an instant (ISO 8601 with an offset or `Z`) drawn as a vertical
 * "today" line in the plan's zone (at the edge, dashed, when it lies outside the timeline); `title` and
 * `subtitle` (default: the labels' title, and the protocol id, version and time zone; `''` leaves the subtitle
 * out); `labels` to replace any text, e.g. to translate it (see {@link TimelineLabelsSchema}).
 *
 * @example
 * ```ts
 * TimelineOptionsSchema.parse({ now: '2027-03-20T12:00:00-04:00', title: 'Sam — IPT-A' })
 * ```
 */
export const TimelineOptionsSchema = z.strictObject({
  now: z.optional(InstantSchema),
  title: z.optional(z.string().check(z.maxLength(200))),
  subtitle: z.optional(z.string().check(z.maxLength(300))),
  labels: z.optional(TimelineLabelsSchema),
})

/**
 * Options of {@link renderTimeline} (see {@link TimelineOptionsSchema}).
 *
 * @example
 * ```ts
 * const options: TimelineOptions = { now: '2027-04-01T09:00:00Z', labels: { today: 'Heute' } }
 * ```
 */
export type TimelineOptions = z.input<typeof TimelineOptionsSchema>

/* Layout (CSS pixels). Lanes: sessions, phone contacts, other contacts; then the week axis and the legend. */
const { width: WIDTH, height: HEIGHT } = TIMELINE_SIZE
const PLOT_LEFT = 160
const PLOT_RIGHT = 930
/** Lanes reach this far beyond the weeks, so that a mark at either end is drawn whole. */
const LANE_PAD = 12
const LANE_TOP = 84
const LANE_BOTTOM = 224
const AXIS_Y = 232
const WEEK_Y = 250
const DATE_Y = 266
const YEAR_Y = 280
const CAPTION_Y = 304
const LEGEND_Y = [332, 356, 380] as const

/** Phase colours: the Okabe–Ito palette, told apart with the common colour-vision deficiencies. */
const phaseColours: Record<ContactPhase, string> = {
  initial: '#0072B2',
  middle: '#009E73',
  termination: '#D55E00',
  maintenance: '#CC79A7',
  'follow-up': '#E69F00',
}
const NEUTRAL = '#6B7280'
const INK = '#1F2937'
const MUTED = '#4B5563'
const NOW_COLOUR = '#DC2626'

const phaseOrder: readonly ContactPhase[] = ContactPhaseSchema.options
const kindOrder: readonly ContactKind[] = ContactKindSchema.options
const statusOrder: readonly MarkStatus[] = ['held', 'planned', 'missed', 'cancelled', 'unplanned']
type Lane = keyof TimelineLabels['lanes']
const laneOrder: readonly Lane[] = ['sessions', 'phoneContacts', 'other']

function laneOf(kind: ContactKind): Lane {
  if (kind === 'session' || kind === 'maintenance-session') return 'sessions'
  return kind === 'phone-contact' ? 'phoneContacts' : 'other'
}

/** A rough text width (no font metrics in a pure function): enough to space legend entries. */
function textWidth(content: string, size: number): number {
  return content.length * size * 0.6
}

/** Size of a mark by kind: sessions largest, phone contacts smallest. */
function markSize(kind: ContactKind): number {
  if (kind === 'session' || kind === 'maintenance-session') return 8
  return kind === 'phone-contact' ? 6 : 7
}

interface Paint {
  fill: string
  stroke: string
  strokeWidth: number
  dashed: boolean
  overlay?: 'cross' | 'slash'
}

/**
 * How a status is painted. A plan alone draws its planned contacts filled; in a course, filled means held and a
 * contact still to come is hollow. Missed: hollow with a red cross; cancelled: hollow, dashed, struck through.
 */
function paint(status: MarkStatus, colour: string, isCourse: boolean): Paint {
  switch (status) {
    case 'held':
      return { fill: colour, stroke: INK, strokeWidth: 1, dashed: false }
    case 'planned':
      return isCourse
        ? { fill: '#FFFFFF', stroke: colour, strokeWidth: 2, dashed: false }
        : { fill: colour, stroke: INK, strokeWidth: 1, dashed: false }
    case 'missed':
      return { fill: '#FFFFFF', stroke: colour, strokeWidth: 2, dashed: false, overlay: 'cross' }
    case 'cancelled':
      return { fill: '#FFFFFF', stroke: colour, strokeWidth: 2, dashed: true, overlay: 'slash' }
    case 'unplanned':
      return { fill: '#D1D5DB', stroke: INK, strokeWidth: 1, dashed: true }
  }
}

/**
 * The shape of a kind at (x, y): circle (session), square (maintenance session), small diamond (phone contact),
 * triangle pointing down (follow-up), triangle pointing up (pre-group, engagement and parent sessions).
 */
function shape(kind: ContactKind, x: number, y: number, p: Paint): string {
  const size = markSize(kind)
  const style = {
    fill: p.fill,
    stroke: p.stroke,
    'stroke-width': p.strokeWidth,
    'stroke-dasharray': p.dashed ? '3 2' : undefined,
  }
  let body: string
  if (kind === 'session') body = el('circle', { cx: x, cy: y, r: size, ...style })
  else if (kind === 'maintenance-session') {
    body = el('rect', { x: x - size + 1, y: y - size + 1, width: 2 * size - 2, height: 2 * size - 2, rx: 2, ...style })
  } else if (kind === 'phone-contact') {
    const d = `M${num(x)} ${num(y - size)}L${num(x + size)} ${num(y)}L${num(x)} ${num(y + size)}L${num(x - size)} ${num(y)}Z`
    body = el('path', { d, ...style })
  } else if (kind === 'follow-up') {
    const d = `M${num(x)} ${num(y + size)}L${num(x + size)} ${num(y - size * 0.8)}L${num(x - size)} ${num(y - size * 0.8)}Z`
    body = el('path', { d, ...style })
  } else {
    const d = `M${num(x)} ${num(y - size)}L${num(x + size)} ${num(y + size * 0.8)}L${num(x - size)} ${num(y + size * 0.8)}Z`
    body = el('path', { d, ...style })
  }
  const arm = size * 0.8
  const line = (x1: number, y1: number, x2: number, y2: number, colour: string) =>
    el('line', { x1, y1, x2, y2, stroke: colour, 'stroke-width': 2, 'stroke-linecap': 'round' })
  if (p.overlay === 'cross') {
    body += line(x - arm, y - arm, x + arm, y + arm, '#B91C1C') + line(x - arm, y + arm, x + arm, y - arm, '#B91C1C')
  } else if (p.overlay === 'slash') {
    body += line(x - arm, y + arm, x + arm, y - arm, INK)
  }
  return body
}

/** The smallest step of labelled weeks that leaves `minPixels` between labels (1, 2, 4, 8, 13, 26, 52, 104, …). */
function labelStep(weekWidth: number, minPixels: number): number {
  for (const step of [1, 2, 4, 8, 13, 26]) if (step * weekWidth >= minPixels) return step
  let step = 52
  while (step * weekWidth < minPixels) step *= 2
  return step
}

interface Source {
  plan: CoursePlan | undefined
  marks: Mark[]
  isCourse: boolean
  subtitle: string
  /** The dates of the course's open safety flags (none for a plan). */
  openFlags: string[]
}

function sourceOf(input: CoursePlan | Course): SafeResult<Source> {
  if (typeof input === 'object' && input !== null && 'events' in input) {
    const checked = safeParseWith(CourseSchema, input, ['course'])
    if (!checked.success) return checked
    const course = checked.data
    const zone = course.plan ? ` · ${course.plan.timeZone}` : ''
    return {
      success: true,
      data: {
        plan: course.plan,
        marks: courseMarks(course),
        isCourse: true,
        subtitle: `${course.protocol.id} ${course.protocol.version}${zone}`,
        openFlags: course.safety.open.map((flag) => flag.at.slice(0, 10)).sort(),
      },
    }
  }
  const checked = safeParseWith(CoursePlanSchema, input, ['plan'])
  if (!checked.success) return checked
  const plan = checked.data
  return {
    success: true,
    data: {
      plan,
      marks: planMarks(plan),
      isCourse: false,
      subtitle: `${plan.protocolId} ${plan.protocolVersion} · ${plan.timeZone}`,
      openFlags: [],
    },
  }
}

function formatDate(date: string, labels: TimelineLabels, withYear: boolean): string {
  const [year, month, day] = date.split('-')
  const dayMonth = `${Number(day)} ${labels.months[Number(month) - 1] ?? month}`
  return withYear ? `${dayMonth} ${year}` : dayMonth
}

function legendRow(y: number, title: string, entries: Array<{ label: string; draw: (x: number) => string }>) {
  const parts = [text(24, y, title, { 'font-size': 12, 'font-weight': 'bold', fill: INK })]
  let x = PLOT_LEFT
  for (const entry of entries) {
    parts.push(
      `<g class="legend-entry">${entry.draw(x + 8)}${text(x + 22, y, entry.label, { 'font-size': 12, fill: INK })}</g>`,
    )
    x += 22 + textWidth(entry.label, 12) + 18
  }
  return parts.join('')
}

/**
 * Renders a timeline like {@link renderTimeline}, returning `{ success, data | issues }` instead of throwing.
 *
 * @example
 * ```ts
 * const result = safeRenderTimeline(plan, { now: 'yesterday' })
 * if (!result.success) console.log(result.issues[0]?.path) // ['options', 'now']
 * ```
 */
export function safeRenderTimeline(
  planOrCourse: CoursePlan | Course,
  options: TimelineOptions = {},
): SafeResult<string> {
  const checkedOptions = safeParseWith(TimelineOptionsSchema, options, ['options'])
  const source = sourceOf(planOrCourse)
  if (!source.success || !checkedOptions.success) {
    const issues: Issue[] = [
      ...(source.success ? [] : source.issues),
      ...(checkedOptions.success ? [] : checkedOptions.issues),
    ]
    return { success: false, issues }
  }
  return { success: true, data: draw(source.data, checkedOptions.data) }
}

/**
 * Draws a course plan, or a course with its plan, as a standalone SVG document of {@link TIMELINE_SIZE}
 * (960 × 400): weeks along the x axis from the first contact's date (dates are the plan's local dates, read from
 * each contact's own wall clock, never the process zone); one lane each for sessions, phone contacts and other
 * contacts; every contact one mark coloured by its phase (initial, middle, termination, maintenance, follow-up),
 * shaped by its kind (circle: session, square: maintenance session, small diamond: phone contact, downward
 * triangle: follow-up, triangle: pre-group, engagement and parent sessions), with a legend and a tooltip
 * (`<title>`). With `options.now`, a vertical "today" line.
 *
 * For a plan, contacts are filled, or crossed (missed) and struck through (cancelled) as the plan records them.
 * For a course, held contacts are filled and those still to come hollow; the course's events are matched to the
 * plan in order: the n-th session event (held, missed or cancelled) to the n-th planned session, the n-th
 * `phone-contact-held` to the n-th phone contact, a held event passing over contacts the plan already records as
 * missed or cancelled; events beyond the plan are drawn at their own time as extra marks ("Not in plan"). A course
 * with open safety flags shows a red warning at the top right (`<g class="safety-flag">`, label `safetyFlag`), so
 * nobody reads the picture as a clean course (ipt-reference §8a).
 *
 * Deterministic: the same input gives the same string on any machine. All text is XML-escaped; replace it with
 * `options.labels` and `options.title`. Throws `ProtocolError` (exported by `ipt-protocol`) with every issue for an
 * invalid plan, course or options.
 *
 * @example
 * ```ts
 * import { planCourse, protocols } from 'ipt-protocol'
 * import { renderTimeline } from 'ipt-protocol/timeline'
 *
 * const plan = planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' })
 * const svg = renderTimeline(plan, { now: '2027-03-20T12:00:00-04:00', title: 'IPT-A, spring 2027' })
 * svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="960" height="400"') // true
 * ```
 */
export function renderTimeline(planOrCourse: CoursePlan | Course, options: TimelineOptions = {}): string {
  return unwrap(safeRenderTimeline(planOrCourse, options))
}

function draw(source: Source, options: z.output<typeof TimelineOptionsSchema>): string {
  const labels = resolveLabels(options.labels)
  const { marks, isCourse, plan } = source
  const title = options.title ?? labels.title
  const subtitle = options.subtitle ?? source.subtitle
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" font-family="${esc(FONT)}">`,
    el('title', {}, esc(title)),
    ...(subtitle ? [el('desc', {}, esc(subtitle))] : []),
    el('rect', { class: 'background', width: WIDTH, height: HEIGHT, fill: '#FFFFFF' }),
    text(24, 34, title, { class: 'title', 'font-size': 20, 'font-weight': 'bold', fill: '#111827' }),
  ]
  if (subtitle) out.push(text(24, 58, subtitle, { class: 'subtitle', 'font-size': 13, fill: MUTED }))
  // An open safety flag is never left out of the picture (ipt-reference §8a).
  const [firstFlag] = source.openFlags
  if (firstFlag !== undefined) {
    const warning = labels.safetyFlag
      .replaceAll('{count}', String(source.openFlags.length))
      .replaceAll('{date}', formatDate(firstFlag, labels, true))
    // A red frame round the picture, and the warning boxed on top of the title's line, so neither a long title nor
    // anything else can cover it (its width estimated at 7.5 px a character of 13 px bold text).
    const width = Math.min(WIDTH - 32, warning.length * 7.5 + 16)
    out.push(
      el(
        'g',
        { class: 'safety-flag', 'data-open': source.openFlags.length },
        el('title', {}, esc(warning)) +
          el('rect', {
            x: 2,
            y: 2,
            width: WIDTH - 4,
            height: HEIGHT - 4,
            fill: 'none',
            stroke: NOW_COLOUR,
            'stroke-width': 4,
          }) +
          el('rect', { x: WIDTH - 16 - width, y: 14, width, height: 28, rx: 4, fill: '#FEF2F2', stroke: NOW_COLOUR }) +
          text(WIDTH - 24, 33, warning, {
            'font-size': 13,
            'font-weight': 'bold',
            fill: NOW_COLOUR,
            'text-anchor': 'end',
          }),
      ),
    )
  }

  if (marks.length === 0) {
    out.push(
      text(WIDTH / 2, (LANE_TOP + LANE_BOTTOM) / 2, labels.empty, {
        'font-size': 14,
        fill: MUTED,
        'text-anchor': 'middle',
      }),
    )
    out.push('</svg>', '')
    return out.join('\n')
  }

  // The span: whole weeks from the first mark's local date to the last one's.
  const dates = marks.map((mark) => mark.at.date).sort()
  const first = dates[0] as string
  const last = dates.at(-1) as string
  const weeks = Math.floor(daysFrom(first, last) / 7) + 1
  const days = weeks * 7
  const plotWidth = PLOT_RIGHT - PLOT_LEFT
  const dayWidth = plotWidth / days
  const weekWidth = dayWidth * 7
  const xOf = (at: LocalMoment) => PLOT_LEFT + (daysFrom(first, at.date) + at.minutes / 1440) * dayWidth

  // Lanes, in a fixed order, only those with marks.
  const lanes = laneOrder.filter((lane) => marks.some((mark) => laneOf(mark.kind) === lane))
  const laneHeight = (LANE_BOTTOM - LANE_TOP) / lanes.length
  const laneY = (lane: Lane) => LANE_TOP + (lanes.indexOf(lane) + 0.5) * laneHeight
  out.push('<g class="lanes">')
  lanes.forEach((lane, index) => {
    const top = LANE_TOP + index * laneHeight
    out.push(
      el('rect', {
        x: PLOT_LEFT - LANE_PAD,
        y: top,
        width: plotWidth + 2 * LANE_PAD,
        height: laneHeight,
        fill: index % 2 ? '#FFFFFF' : '#F3F4F6',
      }),
      text(PLOT_LEFT - LANE_PAD - 8, top + laneHeight / 2 + 4, labels.lanes[lane], {
        'font-size': 13,
        fill: INK,
        'text-anchor': 'end',
      }),
    )
  })
  out.push('</g>')

  // Week grid and axis: a line at every week (or every labelled week when weeks are narrow), labels spaced out.
  const step = labelStep(weekWidth, 52)
  const gridStep = weekWidth >= 6 ? 1 : step
  out.push('<g class="axis">')
  for (let week = 0; week <= weeks; week += gridStep) {
    const x = PLOT_LEFT + week * weekWidth
    out.push(el('line', { x1: x, y1: LANE_TOP, x2: x, y2: AXIS_Y + 4, stroke: '#D1D5DB', 'stroke-width': 1 }))
  }
  out.push(el('line', { x1: PLOT_LEFT, y1: AXIS_Y, x2: PLOT_RIGHT, y2: AXIS_Y, stroke: '#9CA3AF', 'stroke-width': 1 }))
  let lastYear = ''
  for (let week = 0; week < weeks; week += step) {
    const x = PLOT_LEFT + (week + 0.5) * weekWidth
    const date = addToDate(first, week * 7, 'day')
    const year = date.slice(0, 4)
    out.push(
      `<g class="week" data-week="${week + 1}" data-date="${date}">` +
        text(x, WEEK_Y, String(week + 1), {
          'font-size': 12,
          'font-weight': 'bold',
          fill: INK,
          'text-anchor': 'middle',
        }) +
        text(x, DATE_Y, formatDate(date, labels, false), { 'font-size': 11, fill: MUTED, 'text-anchor': 'middle' }) +
        (year !== lastYear ? text(x, YEAR_Y, year, { 'font-size': 10, fill: MUTED, 'text-anchor': 'middle' }) : '') +
        '</g>',
    )
    lastYear = year
  }
  out.push(
    text(PLOT_LEFT, CAPTION_Y, labels.axis.replaceAll('{date}', formatDate(first, labels, true)), {
      class: 'axis-caption',
      'font-size': 12,
      fill: MUTED,
    }),
  )
  out.push('</g>')

  // Marks, in time order within each lane (planned contacts first, then events beyond the plan).
  out.push('<g class="marks">')
  for (const mark of marks) {
    const x = xOf(mark.at)
    const y = laneY(laneOf(mark.kind))
    const colour = mark.phase ? phaseColours[mark.phase] : NEUTRAL
    const time = `${String(Math.floor(mark.at.minutes / 60)).padStart(2, '0')}:${String(mark.at.minutes % 60).padStart(2, '0')}`
    const tooltip = [
      `${labels.kinds[mark.kind]}${mark.number === undefined ? '' : ` ${mark.number}`}`,
      ...(mark.phase ? [labels.phases[mark.phase]] : []),
      `${formatDate(mark.at.date, labels, true)} ${time}`,
      labels.statuses[mark.status],
    ].join(' · ')
    out.push(
      el(
        'g',
        {
          class: 'mark',
          'data-id': mark.id,
          'data-kind': mark.kind,
          'data-phase': mark.phase,
          'data-status': mark.status,
        },
        el('title', {}, esc(tooltip)) + shape(mark.kind, x, y, paint(mark.status, colour, isCourse)),
      ),
    )
  }
  out.push('</g>')

  // Today.
  if (options.now !== undefined) {
    const now = plan ? inZone(options.now, plan.timeZone) : wallClock(options.now)
    const raw = xOf(now)
    const x = Math.min(PLOT_RIGHT, Math.max(PLOT_LEFT, raw))
    const outside = raw < PLOT_LEFT ? 'before' : raw > PLOT_RIGHT ? 'after' : undefined
    const label = outside === 'before' ? `◀ ${labels.today}` : outside === 'after' ? `${labels.today} ▶` : labels.today
    const anchor = x > PLOT_RIGHT - 40 ? 'end' : x < PLOT_LEFT + 40 ? 'start' : 'middle'
    out.push(
      el(
        'g',
        { class: 'now', 'data-now': options.now },
        el('line', {
          x1: x,
          y1: LANE_TOP - 6,
          x2: x,
          y2: AXIS_Y,
          stroke: NOW_COLOUR,
          'stroke-width': 2,
          'stroke-dasharray': outside ? '4 3' : undefined,
        }) +
          text(x, LANE_TOP - 11, label, {
            'font-size': 12,
            'font-weight': 'bold',
            fill: NOW_COLOUR,
            'text-anchor': anchor,
          }),
      ),
    )
  }

  // Legend: phases present, kinds present, and statuses when they tell something.
  const phases = phaseOrder.filter((phase) => marks.some((mark) => mark.phase === phase))
  const kinds = kindOrder.filter((kind) => marks.some((mark) => mark.kind === kind))
  const statuses = statusOrder.filter((status) => marks.some((mark) => mark.status === status))
  const showStatuses = isCourse || statuses.some((status) => status !== 'planned')
  const solid = (colour: string): Paint => ({ fill: colour, stroke: INK, strokeWidth: 1, dashed: false })
  out.push('<g class="legend">')
  out.push(
    legendRow(
      LEGEND_Y[0],
      labels.legendPhases,
      phases.map((phase) => ({
        label: labels.phases[phase],
        draw: (x) => shape('session', x, LEGEND_Y[0] - 4, solid(phaseColours[phase])),
      })),
    ),
    legendRow(
      LEGEND_Y[1],
      labels.legendContacts,
      kinds.map((kind) => ({
        label: labels.kinds[kind],
        draw: (x) => shape(kind, x, LEGEND_Y[1] - 4, solid(NEUTRAL)),
      })),
    ),
  )
  if (showStatuses) {
    out.push(
      legendRow(
        LEGEND_Y[2],
        labels.legendStatuses,
        statuses.map((status) => ({
          label: labels.statuses[status],
          draw: (x) => shape('session', x, LEGEND_Y[2] - 4, paint(status, NEUTRAL, isCourse)),
        })),
      ),
    )
  }
  out.push('</g>', '</svg>', '')
  return out.join('\n')
}
