/**
 * The rule catalogue against the IPT reference (ipt-reference.md): every rule says where it comes from, and a rule
 * credited to the literature names the literature.
 */
import { ruleIds, rules } from 'ipt-protocol'
import { describe, expect, it } from 'vitest'

/** A reference that is a published text: not a seed, not the project's own reference page, not a design note. */
const isPublished = (reference: string) => !/^(seeds? |ipt-reference|design)/.test(reference)

describe('the rule catalogue', () => {
  it.each(ruleIds)('%s has a statement, sources and, where tagged lit, a published reference', (id) => {
    const rule = rules[id]
    expect(rule.id).toBe(id)
    expect(rule.statement.length).toBeGreaterThan(20)
    expect(rule.sources.length).toBeGreaterThan(0)
    if (rule.sources.includes('lit')) expect(rule.references.filter(isPublished), id).not.toEqual([])
    if (rule.sources.includes('seed'))
      expect(
        rule.references.some((ref) => ref.startsWith('seed')),
        id,
      ).toBe(true)
  })

  it('credits what the revised reference credits (issue 13)', () => {
    const references = (id: (typeof ruleIds)[number]) => rules[id].references
    expect(references('MEAS-2')).toEqual(expect.arrayContaining(['Simon 2013', 'Louzon 2016']))
    expect(references('MEAS-3')).toEqual(
      expect.arrayContaining(['Zimmerman 2013', 'Frank 1991 (consensus definitions)']),
    )
    // Kroenke 2001 gives the PHQ-9's bands, not its remission and response thresholds.
    expect(rules['MEAS-4'].sources).toEqual(['lit?'])
    expect(references('MEAS-4').join()).not.toContain('Kroenke')
    expect(references('AREA-6')).toEqual(
      expect.arrayContaining(['seed 004', expect.stringMatching(/^DSM-5-TR/), expect.stringMatching(/^ICD-11/)]),
    )
    // The stages of a role dispute are the Guide's; seed 004 never names them.
    expect(references('AREA-7')[0]).toMatch(/Guide, role-disputes/)
    expect(rules['MAINT-5'].sources).toEqual(['seed', 'design'])
    expect(rules['MAINT-4'].sources).toContain('design')
    expect(rules['SCHED-2'].statement).toContain('45–50 minutes in the literature')
    for (const id of ['SCHED-2', 'PHASE-1', 'PHASE-5'] as const)
      expect(references(id).filter(isPublished), id).not.toEqual([])
    expect(rules['MEAS-7'].sources).toEqual(['lit?', 'design'])
  })
})
