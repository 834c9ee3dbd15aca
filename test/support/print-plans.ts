/** Prints a few plans as JSON; test/time-zones.test.ts runs it under several process TZ values. */
// A relative import, so the child process runs the source whether or not dist/ was built.
import { planCourse, protocols, reschedulePlan } from '../../src/index.js'

export function samplePlans(): unknown[] {
  const adolescent = planCourse(protocols['ipt-a'], {
    start: '2027-03-01',
    time: '16:00',
    timeZone: 'America/New_York',
  })
  return [
    adolescent,
    reschedulePlan(adolescent, { type: 'missed', contactId: 'session-2027-03-15' }),
    planCourse(protocols['ipt-m'], { start: '2027-01-31', time: '09:30', timeZone: 'Australia/Lord_Howe' }),
    planCourse(protocols['ipt-group'], { start: '2027-10-25', time: '01:30', timeZone: 'Europe/London' }),
    planCourse(protocols.ipt, {
      start: '2027-03-07',
      time: '02:30',
      timeZone: 'America/New_York',
      followUp: { everyMonths: 6, count: 2 },
    }),
    planCourse(protocols.ipt, { start: '2027-03-28', time: '00:00', timeZone: 'America/Santiago' }),
    // A zone typed in lower case (stored canonically) and a fixed-offset zone (advised).
    planCourse(protocols.ipt, { start: '2027-03-22', time: '09:30', timeZone: 'europe/berlin' }),
    planCourse(protocols.ipt, { start: '2027-03-01', time: '09:30', timeZone: 'EST' }),
    // A continuation taper across the spring change in Lord Howe (clocks go back 30 minutes on 4 April 2027).
    planCourse(protocols['ipt-continuation'], { start: '2027-02-22', time: '09:30', timeZone: 'Australia/Lord_Howe' }),
  ]
}

if (process.argv[1]?.endsWith('print-plans.ts')) process.stdout.write(JSON.stringify(samplePlans()))
