// The thread's entry: registers tsx (threads do not inherit the main thread's loader), then loads the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
const { default: shard } = await import('./worker.ts')
export default shard
