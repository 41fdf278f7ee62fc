import { Case, expectedOutcome, runCase } from './harness';

/**
 * One jest test per case: the outcome must be the ideal one (a clear error, the warning, or
 * a clean synth), or the known limitation the case records.
 */
export function runSuite(cases: Case[]): void {
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
    names.add(c.name);
  }
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = runCase(c);
    expect({ outcome: result.outcome, detail: result.detail }).toEqual({ outcome: expectedOutcome(c), detail: expect.anything() });
  });
}
