import { protocols } from 'ipt-protocol'
import { assessFidelity } from 'ipt-protocol/research'
import { it } from 'vitest'
import { deliver } from './support/fidelity.js'

it('smoke', () => {
  for (const id of ['ipt', 'ipt-a', 'ipt-group', 'ipt-b', 'ipt-m', 'ipt-late-life'] as const) {
    const course = deliver(protocols[id])
    const report = assessFidelity(course)
    console.log(id, JSON.stringify(report.adherence))
    for (const i of report.indicators) if (i.status !== 'met') console.log('  ', i.id, i.status, JSON.stringify(i.value), JSON.stringify(i.expected))
  }
})
