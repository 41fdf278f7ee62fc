/**
 * Prints the adversarial suite's totals and every case that is not handled ideally:
 *   npx tsx test/validation/report.ts [--all] [filter]
 */
process.env.CDK_VALIDATION ??= 'false';
// eslint-disable-next-line import/first
import { ALL_CASES } from './cases';
// eslint-disable-next-line import/first
import { Result, runCase, totals } from './harness';

const args = process.argv.slice(2);
const showAll = args.includes('--all');
const filter = args.find((a) => !a.startsWith('--'));
const cases = filter ? ALL_CASES.filter((c) => c.name.includes(filter)) : ALL_CASES;
const started = Date.now();
const results: Result[] = cases.map(runCase);
const byOutcome = (o: string) => results.filter((r) => r.outcome === o);
for (const outcome of ['unclear', 'accepted-bad', 'valid-refused', ...(showAll ? ['clear', 'ok'] : [])]) {
  const list = byOutcome(outcome);
  if (list.length === 0) continue;
  console.log(`\n== ${outcome} (${list.length})`);
  for (const r of list) console.log(`- ${r.case.name}${r.case.known ? ' [known]' : ''}\n    ${r.detail}`);
}
const byConstruct = new Map<string, Result[]>();
for (const r of results) byConstruct.set(r.case.construct, [...(byConstruct.get(r.case.construct) ?? []), r]);
console.log('\n== by construct (cases: clear/unclear/accepted-bad, valid ok/refused)');
for (const [construct, list] of [...byConstruct].sort()) {
  const t = totals(list);
  console.log(`${construct.padEnd(32)} ${String(t.cases).padStart(3)}: ${t.clear}/${t.unclear}/${t['accepted-bad']}, ${t['valid ok']}/${t['valid-refused']}`);
}
console.log('\n== totals');
console.log(JSON.stringify(totals(results), null, 2));
const slow = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5).map((r) => `${r.case.name} ${r.ms}ms`);
console.log(`ran in ${Date.now() - started} ms; slowest: ${slow.join('; ')}`);
