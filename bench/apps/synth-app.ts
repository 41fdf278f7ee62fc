/**
 * What every bench entry point does: build the app, synthesize it, and (for the runner's
 * fallback when `/usr/bin/time` is missing) write this process's peak RSS and CPU time to
 * the file named by `BENCH_USAGE_FILE`.
 */
import { App } from 'aws-cdk-lib';
import { writeFileSync } from 'fs';
import { benchApp } from '../scenarios/common';

export function synthApp(build: (app: App) => void): void {
  const app = benchApp();
  build(app);
  app.synth();
  const usageFile = process.env.BENCH_USAGE_FILE;
  if (usageFile) {
    const usage = process.resourceUsage();
    // maxRSS in kilobytes, CPU times in microseconds.
    writeFileSync(usageFile, JSON.stringify({ maxRssKb: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime }));
  }
}

/** The manifest count of a scaling app: its first command-line argument. */
export function manifestCountArg(): number {
  const count = Number(process.argv[2]);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`usage: node <scaling app> <manifest count>; got '${process.argv[2]}'`);
  }
  return count;
}
