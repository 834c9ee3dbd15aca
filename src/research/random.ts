/**
 * Seeded randomness for the simulation: pure-rand's xoroshiro128+ generator, one stream per patient and purpose.
 * Nothing here is global: a stream is made from `(seed, patient index, purpose)` alone, so patient 73,412 draws the
 * same numbers whether it is simulated alone, in a batch of a million or on another machine.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'

/**
 * The purposes a patient draws for, each from its own stream, so that the draws of one purpose never shift those of
 * another: a protocol with phone contacts and one without give patient i the same session draws (common random
 * numbers across the arms of a comparison).
 */
export const STREAMS = { dropOut: 1, sessions: 2, phone: 3, start: 4, measure: 5, replication: 6 } as const

/** MurmurHash3's 32-bit finaliser: every input bit reaches every output bit. */
function fmix32(value: number): number {
  let h = value | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h | 0
}

/** A whole number of up to 53 bits as its low and high 32-bit words. */
const words = (value: number): [number, number] => [value >>> 0, Math.floor(value / 0x1_0000_0000) >>> 0]

/**
 * A 32-bit key mixed from `seed`, `index` and `stream` (each whole and non-negative, up to 2^53): the words are
 * folded in one by one through the finaliser, so neighbouring indices give unrelated keys.
 */
export function mixKey(seed: number, index: number, stream: number): number {
  const [seedLow, seedHigh] = words(seed)
  const [indexLow, indexHigh] = words(index)
  let h = fmix32(seedLow ^ 0x243f6a88)
  h = fmix32(h ^ seedHigh ^ 0x85a308d3)
  h = fmix32(h ^ indexLow ^ 0x13198a2e)
  h = fmix32(h ^ indexHigh ^ 0x03707344)
  return fmix32(h ^ Math.imul(stream, 0x9e3779b9))
}

/**
 * The generator of one patient's stream: xoroshiro128+ started from a 128-bit state of four words, each the
 * finaliser of the mixed key plus a multiple of the golden-ratio constant (a design choice: a state spread over all
 * 128 bits, made without jumping the generator once per earlier patient). Never all zero.
 */
export function streamOf(seed: number, index: number, stream: number): RandomGenerator {
  const key = mixKey(seed, index, stream)
  const state: number[] = [1, 2, 3, 4].map((k) => fmix32(key + Math.imul(k, 0x9e3779b9)))
  if (!state.some((word) => word !== 0)) state[0] = 1
  return xoroshiro128plusFromState(state)
}

/** A draw uniform in [0, 1) with 53 bits (pure-rand's `uniformFloat64`). */
export const uniform = (generator: RandomGenerator): number => uniformFloat64(generator)

/** A whole number uniform in [min, max] (pure-rand's `uniformInt`, unbiased). */
export const uniformWhole = (generator: RandomGenerator, min: number, max: number): number =>
  uniformInt(generator, min, max)

export type { RandomGenerator }
