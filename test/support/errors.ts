import { type Issue, ProtocolError } from 'ipt-protocol'

/** The issues of the ProtocolError `run` throws; fails the test when it throws nothing or something else. */
export function thrownIssues(run: () => unknown): Issue[] {
  try {
    run()
  } catch (error) {
    if (error instanceof ProtocolError) return error.issues
    throw error
  }
  throw new Error('expected a ProtocolError, but nothing was thrown')
}

/** The paths of the issues of the ProtocolError `run` throws. */
export const thrownPaths = (run: () => unknown) => thrownIssues(run).map((issue) => issue.path)
