import { acceptedOutcomes, Case, runCase } from './harness';

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
    const accepted = acceptedOutcomes(c);
    // The detail (error message or warning) shows in the failure output.
    expect({ outcome: accepted.includes(result.outcome) ? accepted[0] : result.outcome, detail: result.detail })
      .toEqual({ outcome: accepted[0], detail: expect.anything() });
  });
}
