import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { applyEvent, createCourse, planCourse, protocols, reschedulePlan } from 'ipt-protocol'
import { type SchemaName, schemaNames, toJsonSchema } from 'ipt-protocol/json-schema'
import { describe, expect, it } from 'vitest'

const shipped = (name: SchemaName) => fileURLToPath(new URL(`../schemas/${name}.schema.json`, import.meta.url))
const render = (name: SchemaName) => `${JSON.stringify(toJsonSchema(name), null, 2)}\n`

/** A JSON Schema validator independent of zod (ajv, draft 2020-12, with formats checked by pattern only). */
function validatorFor(name: SchemaName) {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false })
  return ajv.compile(JSON.parse(readFileSync(shipped(name), 'utf8')))
}

const plan = reschedulePlan(
  planCourse(protocols['ipt-a'], { start: '2027-03-01', time: '16:00', timeZone: 'America/New_York' }),
  {
    type: 'missed',
    contactId: 'session-2027-03-08',
  },
)
const applied = applyEvent(createCourse(protocols['ipt-a'], { id: 'c', plan }), {
  type: 'measure-recorded',
  at: '2027-03-01T16:55:00-05:00',
  instrument: 'phq-9',
  items: [2, 2, 1, 1, 1, 1, 1, 1, 1],
})
const course = applied.ok ? applied.course : undefined

describe('shipped JSON Schemas', () => {
  it.each(schemaNames)('schemas/%s.schema.json is up to date', (name) => {
    if (process.env.UPDATE_DOCS) writeFileSync(shipped(name), render(name))
    expect(readFileSync(shipped(name), 'utf8')).toBe(render(name))
  })

  it('accept what the library produces', () => {
    for (const protocol of Object.values(protocols))
      expect(validatorFor('protocol')(JSON.parse(JSON.stringify(protocol)))).toBe(true)
    expect(validatorFor('course-plan')(JSON.parse(JSON.stringify(plan)))).toBe(true)
    expect(course).toBeDefined()
    expect(validatorFor('course')(JSON.parse(JSON.stringify(course)))).toBe(true)
    for (const event of course?.events ?? []) expect(validatorFor('course-event')(event)).toBe(true)
    expect(
      validatorFor('plan-options')({ start: '2027-03-01', time: '16:00', timeZone: 'Europe/Paris', sessions: 12 }),
    ).toBe(true)
    expect(
      validatorFor('inventory')({ episodeOnset: '2027-01-15', lifeEvents: [{ kind: 'death', date: '2026-12-20' }] }),
    ).toBe(true)
    expect(validatorFor('intake')({ ageYears: 15, severeSuicidality: false })).toBe(true)
    expect(validatorFor('rating')({ at: '2027-03-01', instrument: 'hamd-17', total: 12 })).toBe(true)
  })

  it('reject what the library rejects (shape, enums, unknown keys)', () => {
    const broken = JSON.parse(JSON.stringify(plan))
    delete broken.contacts[0].start
    expect(validatorFor('course-plan')(broken)).toBe(false)
    expect(validatorFor('course')({ ...JSON.parse(JSON.stringify(course)), phase: 'finished' })).toBe(false)
    expect(validatorFor('course-event')({ type: 'session-held', at: '2027-03-01T16:55:00-05:00', extra: 1 })).toBe(
      false,
    )
    expect(validatorFor('plan-options')({ start: '2027-3-1', time: '25:00', timeZone: 'UTC' })).toBe(false)
    expect(validatorFor('rating')({ at: '2027-03-01', instrument: 'madrs', total: 12 })).toBe(false)
  })
})
