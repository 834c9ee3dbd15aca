import fc from 'fast-check'
import {
  assessProgress,
  instruments,
  ProtocolError,
  type Rating,
  safeScoreHamd17,
  safeScorePhq9,
  scoreHamd17,
  scorePhq9,
  suicideFlag,
} from 'ipt-protocol'
import { describe, expect, it } from 'vitest'
import { thrownPaths } from './support/errors.js'

/** Item scores adding up to `total`, each within its item's maximum (filled from the first item). */
function itemsFor(itemMax: readonly number[], total: number, item9 = 0): number[] {
  const items = itemMax.map(() => 0)
  let left = total
  if (itemMax.length === 9) {
    items[8] = item9
    left -= item9
  }
  for (let index = 0; index < items.length && left > 0; index++) {
    if (itemMax.length === 9 && index === 8) continue
    const add = Math.min(left, (itemMax[index] ?? 0) - (items[index] ?? 0))
    items[index] = (items[index] ?? 0) + add
    left -= add
  }
  return items
}

/** The flag PHQ-9 item 9 = `value` raises (MEAS-2). */
const phqFlag = (value: number, highRisk: boolean) => ({
  code: 'suicidality',
  instrument: 'phq-9',
  rule: 'MEAS-2',
  item: 9,
  value,
  highRisk,
  loinc: '44260-8',
})

const phq9Max = instruments['phq-9'].itemMax
const hamdMax = instruments['hamd-17'].itemMax

describe('scorePhq9 (MEAS-1, MEAS-2)', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately-severe'],
    [19, 'moderately-severe'],
    [20, 'severe'],
    [27, 'severe'],
  ])('total %i is %s', (total, severity) => {
    expect(scorePhq9(itemsFor(phq9Max, total, Math.max(0, total - 24)))).toMatchObject({
      instrument: 'phq-9',
      total,
      severity,
      loinc: { panel: '44249-1', total: '44261-6' },
    })
  })

  it.each([
    [0, []],
    [1, [phqFlag(1, false)]],
    [2, [phqFlag(2, true)]],
    [3, [phqFlag(3, true)]],
  ])('item 9 = %i gives flags %j', (item9, flags) => {
    expect(scorePhq9(itemsFor(phq9Max, item9, item9)).flags).toEqual(flags)
  })

  it.each([
    ['eight items', [0, 0, 0, 0, 0, 0, 0, 0], [['wrong-length', ['answers']]]],
    ['ten items', Array(10).fill(0), [['wrong-length', ['answers']]]],
    ['a 4', [0, 0, 4, 0, 0, 0, 0, 0, 0], [['invalid-item', ['answers', 2]]]],
    ['a negative', [0, 0, 0, 0, 0, 0, 0, 0, -1], [['invalid-item', ['answers', 8]]]],
    ['a fraction', [1.5, 0, 0, 0, 0, 0, 0, 0, 0], [['invalid-item', ['answers', 0]]]],
    ['a string', ['2', 0, 0, 0, 0, 0, 0, 0, 0], [['invalid-item', ['answers', 0]]]],
    [
      'NaN and null',
      [Number.NaN, null, 0, 0, 0, 0, 0, 0, 0],
      [
        ['invalid-item', ['answers', 0]],
        ['invalid-item', ['answers', 1]],
      ],
    ],
    ['not an array', 'nine', [['invalid-type', ['answers']]]],
  ])('refuses %s, naming the item', (_, answers, expected) => {
    const result = safeScorePhq9(answers as number[])
    expect(result.success).toBe(false)
    if (!result.success) expect(result.issues.map((issue) => [issue.code, issue.path])).toEqual(expected)
    expect(() => scorePhq9(answers as number[])).toThrow(ProtocolError)
  })

  it('names the item by its number and rule', () => {
    const result = safeScorePhq9([0, 0, 4, 0, 0, 0, 0, 0, 0])
    expect(result.success ? undefined : result.issues[0]).toMatchObject({
      params: { item: 3, max: 3 },
      rule: 'MEAS-1',
      message: expect.stringContaining('Item 3'),
    })
  })

  it('total is the sum, severity never falls as the total grows, and the flag is there exactly when item 9 > 0 (property)', () => {
    const answersArb = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 })
    fc.assert(
      fc.property(answersArb, answersArb, (a, b) => {
        const [x, y] = [scorePhq9(a), scorePhq9(b)]
        expect(x.total).toBe(a.reduce((sum, value) => sum + value, 0))
        const order = instruments['phq-9'].bands.map((band) => band.severity) as string[]
        if (x.total <= y.total) expect(order.indexOf(x.severity)).toBeLessThanOrEqual(order.indexOf(y.severity))
        expect(x.flags.length > 0).toBe((a[8] ?? 0) > 0)
        expect(x.flags.every((flag) => flag.highRisk === (a[8] ?? 0) >= 2)).toBe(true)
      }),
    )
  })
})

describe('scoreHamd17 (MEAS-3, MEAS-6)', () => {
  it('scores items 4–6, 12–14, 16 and 17 from 0 to 2 and the other nine from 0 to 4, to 52 at most', () => {
    expect(hamdMax.map((max, index) => (max === 2 ? index + 1 : null)).filter(Boolean)).toEqual([
      4, 5, 6, 12, 13, 14, 16, 17,
    ])
    expect(scoreHamd17([...hamdMax])).toMatchObject({ instrument: 'hamd-17', total: 52, severity: 'severe' })
  })

  it.each([
    [0, []],
    [1, [{ code: 'suicidality', instrument: 'hamd-17', rule: 'MEAS-6', item: 3, value: 1, highRisk: false }]],
    [2, [{ code: 'suicidality', instrument: 'hamd-17', rule: 'MEAS-6', item: 3, value: 2, highRisk: false }]],
    [3, [{ code: 'suicidality', instrument: 'hamd-17', rule: 'MEAS-6', item: 3, value: 3, highRisk: true }]],
    [4, [{ code: 'suicidality', instrument: 'hamd-17', rule: 'MEAS-6', item: 3, value: 4, highRisk: true }]],
  ])('item 3 (suicide) = %i gives flags %j (MEAS-6)', (item3, flags) => {
    const items = hamdMax.map((_, index) => (index === 2 ? item3 : 1))
    expect(scoreHamd17(items).flags).toEqual(flags)
  })

  it.each([
    [0, 'none'],
    [7, 'none'],
    [8, 'mild'],
    [16, 'mild'],
    [17, 'moderate'],
    [23, 'moderate'],
    [24, 'severe'],
    [52, 'severe'],
  ])('total %i is %s', (total, severity) => {
    expect(scoreHamd17(itemsFor(hamdMax, total))).toMatchObject({ instrument: 'hamd-17', total, severity })
  })

  it.each([
    ['16 items', Array(16).fill(0), [['wrong-length', ['items']]]],
    ['18 items', Array(18).fill(0), [['wrong-length', ['items']]]],
    ['item 4 at 3', itemsFor(hamdMax, 0).map((v, i) => (i === 3 ? 3 : v)), [['invalid-item', ['items', 3]]]],
    ['item 17 at 3', itemsFor(hamdMax, 0).map((v, i) => (i === 16 ? 3 : v)), [['invalid-item', ['items', 16]]]],
    ['item 1 at 5', itemsFor(hamdMax, 0).map((v, i) => (i === 0 ? 5 : v)), [['invalid-item', ['items', 0]]]],
    ['a negative', itemsFor(hamdMax, 0).map((v, i) => (i === 9 ? -1 : v)), [['invalid-item', ['items', 9]]]],
    ['undefined', undefined, [['invalid-type', ['items']]]],
  ])('refuses %s, naming the item', (_, items, expected) => {
    const result = safeScoreHamd17(items as number[])
    expect(result.success ? [] : result.issues.map((issue) => [issue.code, issue.path])).toEqual(expected)
    expect(() => scoreHamd17(items as number[])).toThrow(ProtocolError)
  })

  it('total is the sum and severity never falls as the total grows (property)', () => {
    const itemsArb = fc.tuple(...hamdMax.map((max) => fc.integer({ min: 0, max })))
    const order = instruments['hamd-17'].bands.map((band) => band.severity) as string[]
    fc.assert(
      fc.property(itemsArb, itemsArb, (a, b) => {
        const [x, y] = [scoreHamd17(a), scoreHamd17(b)]
        expect(x.total).toBe(a.reduce((sum, value) => sum + value, 0))
        if (x.total <= y.total) expect(order.indexOf(x.severity)).toBeLessThanOrEqual(order.indexOf(y.severity))
        expect(x.flags.length > 0).toBe((a[2] ?? 0) > 0)
        expect(x.flags.every((flag) => flag.highRisk === (a[2] ?? 0) >= 3)).toBe(true)
      }),
    )
  })
})

describe('suicideFlag (MEAS-2, MEAS-6, ipt-reference §8a)', () => {
  it('reads the suicide item alone, so a form refused for its total or another item still raises the flag', () => {
    expect(safeScorePhq9([2, 2, 2, 2, 1, 2, 4, 1, 3]).success).toBe(false)
    expect(suicideFlag('phq-9', [2, 2, 2, 2, 1, 2, 4, 1, 3])).toEqual(phqFlag(3, true))
    expect(suicideFlag('hamd-17', [9, 9, 4])).toMatchObject({ rule: 'MEAS-6', item: 3, value: 4, highRisk: true })
  })

  it.each([
    ['item 9 at 0', 'phq-9', [0, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['item 9 absent', 'phq-9', [3, 3, 3, 3, 3, 3, 3, 3]],
    ['item 9 out of range', 'phq-9', [0, 0, 0, 0, 0, 0, 0, 0, 4]],
    ['item 9 a fraction', 'phq-9', [0, 0, 0, 0, 0, 0, 0, 0, 1.5]],
    ['item 9 a string', 'phq-9', [0, 0, 0, 0, 0, 0, 0, 0, '2']],
    ['HAM-D item 3 at 5', 'hamd-17', [0, 0, 5]],
  ] as const)('gives no flag for %s', (_, instrument, items) => {
    expect(suicideFlag(instrument, items)).toBeUndefined()
  })

  it('throws a ProtocolError for an unknown instrument or items that are not an array', () => {
    expect(thrownPaths(() => suicideFlag('gad-7' as never, [0]))).toEqual([['instrument']])
    expect(thrownPaths(() => suicideFlag('phq-9', 'nine' as never))).toEqual([['items']])
  })
})

describe('assessProgress (MEAS-3, MEAS-4)', () => {
  const weekly = (instrument: Rating['instrument'], totals: number[], from = '2027-03-01'): Rating[] =>
    totals.map((total, index) => ({
      at: new Date(Date.parse(`${from}T00:00:00Z`) + index * 7 * 86_400_000).toISOString().slice(0, 10),
      instrument,
      total,
    }))

  it('finds response, remission and sustained remission over 3 consecutive weekly ratings', () => {
    expect(assessProgress(weekly('hamd-17', [22, 18, 12, 9, 7, 6, 5]))).toMatchObject({
      instrument: 'hamd-17',
      ratings: 7,
      baseline: 22,
      latest: 5,
      changePercent: 77.3,
      response: true,
      remission: true,
      sustainedRemissionWeeks: 3,
      sustainedRemission: true,
    })
    expect(assessProgress(weekly('hamd-17', [22, 7, 8, 7]))).toMatchObject({
      remission: true,
      sustainedRemissionWeeks: 1,
      sustainedRemission: false,
    })
  })

  it('uses PHQ-9 remission below 5 and response at a 50 % drop, and takes other thresholds as options', () => {
    expect(assessProgress(weekly('phq-9', [16, 8]))).toMatchObject({
      changePercent: 50,
      response: true,
      remission: false,
    })
    expect(assessProgress(weekly('phq-9', [16, 9]))).toMatchObject({ response: false })
    expect(assessProgress(weekly('phq-9', [16, 5]))).toMatchObject({ remission: false })
    expect(assessProgress(weekly('phq-9', [16, 4]))).toMatchObject({ remission: true })
    expect(assessProgress(weekly('hamd-17', [20, 7]), { remission: { 'hamd-17': 6 } })).toMatchObject({
      remission: false,
    })
    expect(assessProgress(weekly('hamd-17', [20, 12]), { responsePercent: 40 })).toMatchObject({ response: true })
  })

  it('never compares instruments: the latest rating picks the instrument unless one is named', () => {
    const mixed = [...weekly('hamd-17', [24, 6]), ...weekly('phq-9', [20, 18, 3], '2027-03-02')]
    expect(assessProgress(mixed)).toMatchObject({ instrument: 'phq-9', baseline: 20, latest: 3, ratings: 3 })
    expect(assessProgress(mixed, { instrument: 'hamd-17' })).toMatchObject({ baseline: 24, latest: 6, ratings: 2 })
    expect(assessProgress(mixed).reasons[0]).toMatchObject({ code: 'other-instrument-left-out', rule: 'MEAS-4' })
  })

  it('does not count ratings more than 10 days apart as consecutive weekly ratings', () => {
    const gap: Rating[] = [
      { at: '2027-03-01', instrument: 'hamd-17', total: 20 },
      { at: '2027-03-08', instrument: 'hamd-17', total: 6 },
      { at: '2027-04-30', instrument: 'hamd-17', total: 5 },
      { at: '2027-05-07', instrument: 'hamd-17', total: 4 },
    ]
    expect(assessProgress(gap).sustainedRemissionWeeks).toBe(2)
  })

  it('answers an empty series without guessing, and refuses an invalid one', () => {
    expect(assessProgress([])).toMatchObject({
      ratings: 0,
      baseline: undefined,
      response: false,
      remission: false,
      sustainedRemissionWeeks: 0,
    })
    expect(() => assessProgress([{ at: '2027-13-01', instrument: 'phq-9', total: 3 }])).toThrow(ProtocolError)
  })
})

describe('measure issues say what was wrong', () => {
  it('a wrong number of answers names the expected and the given count (MEAS-1, MEAS-3)', () => {
    const phq = safeScorePhq9([0, 0, 0])
    expect(phq.success ? [] : phq.issues).toEqual([
      {
        code: 'wrong-length',
        message: 'Expected 9 item scores, got 3',
        path: ['answers'],
        params: { expected: 9, got: 3 },
        rule: 'MEAS-1',
      },
    ])
    const hamd = safeScoreHamd17(Array(18).fill(0))
    expect(hamd.success ? [] : hamd.issues[0]).toMatchObject({ params: { expected: 17, got: 18 }, rule: 'MEAS-3' })
  })

  it('an invalid item shows the value given: a number or a string as written, anything else by its type', () => {
    const messages = (answers: unknown[]) => {
      const result = safeScorePhq9(answers as number[])
      return result.success ? [] : result.issues.map((issue) => issue.message)
    }
    expect(messages([1.5, '2', null, 0, 0, 0, 0, 0, 0])).toEqual([
      'Item 1 must be a whole number from 0 to 3, got 1.5',
      'Item 2 must be a whole number from 0 to 3, got "2"',
      'Item 3 must be a whole number from 0 to 3, got object',
    ])
  })
})

describe('assessProgress: the series as given', () => {
  it('sorts the ratings by date whatever their order, and keeps the given order within a day', () => {
    const shuffled: Rating[] = [
      { at: '2027-03-15', instrument: 'hamd-17', total: 6 },
      { at: '2027-03-01', instrument: 'hamd-17', total: 20 },
      { at: '2027-03-08', instrument: 'hamd-17', total: 10 },
    ]
    expect(assessProgress(shuffled)).toMatchObject({ baseline: 20, latest: 6, changePercent: 70 })
    const sameDay: Rating[] = [
      { at: '2027-03-01', instrument: 'hamd-17', total: 20 },
      { at: '2027-03-01', instrument: 'hamd-17', total: 18 },
    ]
    expect(assessProgress(sameDay)).toMatchObject({ baseline: 20, latest: 18 })
  })

  it('leaves out nothing and says nothing when only one instrument was used (MEAS-4)', () => {
    expect(
      assessProgress([
        { at: '2027-03-01', instrument: 'phq-9', total: 16 },
        { at: '2027-03-08', instrument: 'phq-9', total: 7 },
      ]).reasons,
    ).toEqual([])
  })

  it('says how many ratings of another instrument it left out, and which instrument it kept (MEAS-4)', () => {
    const mixed: Rating[] = [
      { at: '2027-03-01', instrument: 'hamd-17', total: 24 },
      { at: '2027-03-02', instrument: 'phq-9', total: 20 },
      { at: '2027-03-08', instrument: 'hamd-17', total: 15 },
      { at: '2027-03-09', instrument: 'phq-9', total: 12 },
      { at: '2027-03-16', instrument: 'phq-9', total: 8 },
    ]
    expect(assessProgress(mixed).reasons).toEqual([
      {
        code: 'other-instrument-left-out',
        message: expect.stringMatching(/^2 ratings/),
        params: { instrument: 'phq-9' },
        rule: 'MEAS-4',
      },
    ])
  })

  it('gives no change and no response from a baseline of 0, or from a single rating (MEAS-3)', () => {
    expect(
      assessProgress([
        { at: '2027-03-01', instrument: 'phq-9', total: 0 },
        { at: '2027-03-08', instrument: 'phq-9', total: 0 },
      ]),
    ).toMatchObject({ changePercent: undefined, response: false, remission: true })
    expect(assessProgress([])).toMatchObject({ changePercent: undefined })
    const single = assessProgress([{ at: '2027-03-01', instrument: 'phq-9', total: 12 }], { responsePercent: 0 })
    expect(single).toMatchObject({ changePercent: 0, response: false })
  })

  it('counts every rating of a series in remission, the first included (MEAS-3)', () => {
    const remitted = assessProgress([
      { at: '2027-03-01', instrument: 'hamd-17', total: 6 },
      { at: '2027-03-08', instrument: 'hamd-17', total: 5 },
      { at: '2027-03-15', instrument: 'hamd-17', total: 4 },
    ])
    expect(remitted).toMatchObject({ sustainedRemissionWeeks: 3, sustainedRemission: true })
  })

  it('counts ratings 10 days apart as consecutive, 11 days apart not (MEAS-3, maxGapDays)', () => {
    const apart = (days: number) =>
      assessProgress([
        { at: '2027-03-01', instrument: 'hamd-17', total: 6 },
        { at: new Date(Date.UTC(2027, 2, 1 + days)).toISOString().slice(0, 10), instrument: 'hamd-17', total: 5 },
      ]).sustainedRemissionWeeks
    expect(apart(10)).toBe(2)
    expect(apart(11)).toBe(1)
  })

  it('throws a ProtocolError naming the series or the options', () => {
    expect(thrownPaths(() => assessProgress([{ at: '2027-13-01', instrument: 'phq-9', total: 3 }]))).toEqual([
      ['series', 0, 'at'],
    ])
    expect(thrownPaths(() => assessProgress([], { sustainedRatings: 0 }))).toEqual([['options', 'sustainedRatings']])
  })
})
