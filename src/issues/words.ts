/** Words for messages: counts with their nouns, and ranges, so that a message reads right for any number. */

/** A count with its noun: `counted(1, 'session')` is `'1 session'`, `counted(3, 'session')` is `'3 sessions'`. */
export const counted = (count: number, noun: string): string => `${count} ${count === 1 ? noun : `${noun}s`}`

/** A range of whole numbers: `'12 to 16'`, or `'8'` when it holds one number. */
export const rangeText = (min: number, max: number): string => (min === max ? `${min}` : `${min} to ${max}`)

/** A range with its noun: `'12 to 16 sessions'`, `'8 sessions'`, `'1 session'`. */
export const countedRange = (min: number, max: number, noun: string): string =>
  `${rangeText(min, max)} ${max === 1 ? noun : `${noun}s`}`

/** Numbered items: `numbered('session', 1, 4)` is `'sessions 1–4'`, `numbered('session', 3, 3)` is `'session 3'`. */
export const numbered = (noun: string, from: number, to: number): string =>
  from === to ? `${noun} ${from}` : `${noun}s ${from}–${to}`

/** A count with its noun and verb: `countedWere(1, 'session')` is `'1 session was'`, with 3 `'3 sessions were'`. */
export const countedWere = (count: number, noun: string): string =>
  `${counted(count, noun)} ${count === 1 ? 'was' : 'were'}`
