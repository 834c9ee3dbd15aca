// What the README's snippets assume, defined for its doc test (test/readme.test.ts), which puts this file before
// the README's `ts` blocks and runs them all as one module, in order. The README says the same in words.
import type { Rating } from 'ipt-protocol'

/** Your storage: here a map in memory, with the `save` and `load` the README calls. */
const storage = new Map<string, string>()
// biome-ignore lint/correctness/noUnusedVariables: the README's snippets use it
const db = {
  async save(key: string, text: string): Promise<void> {
    storage.set(key, text)
  },
  async load(key: string): Promise<string> {
    const text = storage.get(key)
    if (text === undefined) throw new Error(`db: nothing saved under ${key}`)
    return text
  },
}

/** One patient's weekly HAM-D-17 ratings. */
// biome-ignore lint/correctness/noUnusedVariables: the README's snippets use it
const ratings: Rating[] = [
  { at: '2027-03-01', instrument: 'hamd-17', total: 22 },
  { at: '2027-03-29', instrument: 'hamd-17', total: 12 },
  { at: '2027-04-26', instrument: 'hamd-17', total: 7 },
  { at: '2027-05-03', instrument: 'hamd-17', total: 6 },
  { at: '2027-05-10', instrument: 'hamd-17', total: 5 },
]

/** A value from outside: a stored course of a `schemaVersion` this version of the library does not know. */
// biome-ignore lint/correctness/noUnusedVariables: the README's snippets use it
const untrusted: unknown = JSON.parse('{ "schemaVersion": 99, "id": "course-42" }')
