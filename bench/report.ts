/** The bench's table: one row per scenario and library, plus the ours / aws-eks-v2 ratios. */
import { AssemblyFigures } from './measure';

/** A library under test. `id` names its app files: bench/apps/<id>-<scenario>.ts. */
export interface Library { readonly id: string; readonly label: string; readonly scaling: boolean }

export const OURS = 'ours';
export const BASELINE = 'eks-v2';
export const LIBRARIES: Library[] = [
  { id: OURS, label: 'cdk-eks-kit', scaling: true },
  { id: BASELINE, label: 'aws-eks-v2', scaling: true },
  { id: 'eks-v1', label: 'aws-eks (v1)', scaling: false },
];

/** Not an EKS library: the one-topic app that shows the fixed cost of aws-cdk-lib and its validator. */
export const FLOOR: Library = { id: 'floor', label: '(no EKS library)', scaling: false };

/** aws-cdk-lib's built-in CloudFormation validator off (`CDK_VALIDATION=false`) or on. */
export type Mode = 'off' | 'on';

/** Wall time and peak memory of the timed runs of one cell in one mode. */
export interface Timing {
  readonly runs: number;
  readonly medianMs?: number;
  readonly minMs?: number;
  readonly maxMs?: number;
  readonly medianRssKb?: number;
  /** Median CPU time (user + system) of the process: less sensitive to other load than wall time. */
  readonly medianCpuMs?: number;
  readonly failure?: string;
}

/** One scenario synthesized with one library. */
export interface Cell {
  readonly scenario: string;
  readonly title: string;
  readonly lib: Library;
  /** Compiled entry point and its source. */
  readonly app: string;
  readonly appSource: string;
  readonly args: string[];
  available: boolean;
  failure?: string;
  figures?: AssemblyFigures;
  timings: { off?: Timing; on?: Timing };
}

export interface RunInfo {
  readonly command: string;
  readonly started: string;
  readonly elapsedS: number;
  readonly runs: number;
  readonly modes: Mode[];
  readonly versions: Record<string, string>;
  readonly machine: string;
  readonly load: string;
}

const s = (ms?: number) => (ms === undefined ? '–' : (ms / 1000).toFixed(2));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
const ratio = (a?: number, b?: number) => (a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`);

function timeText(t?: Timing): string {
  if (!t) return 'not run';
  if (t.failure) return 'fails';
  return `${s(t.medianMs)} (${s(t.minMs)}–${s(t.maxMs)})`;
}

function rssText(cell: Cell): string {
  const kb = (t?: Timing) => (t?.medianRssKb === undefined ? '–' : (t.medianRssKb / 1024).toFixed(0));
  return `${kb(cell.timings.off)} / ${kb(cell.timings.on)}`;
}

function cpuText(cell: Cell): string {
  return `${s(cell.timings.off?.medianCpuMs)} / ${s(cell.timings.on?.medianCpuMs)}`;
}

/** Renders the whole report as markdown. */
export function renderReport(cells: Cell[], info: RunInfo): string {
  const notes: string[] = [];
  const note = (text: string) => {
    notes.push(text);
    return `note ${notes.length}`;
  };
  const rows: string[] = [];
  const scenarios = [...new Set(cells.map((c) => c.scenario))];
  for (const scenario of scenarios) {
    const group = cells.filter((c) => c.scenario === scenario);
    for (const cell of group) {
      const head = `| ${scenario} | ${cell.lib.label} |`;
      if (!cell.available) {
        rows.push(`${head} not available (${note(`${cell.lib.label}, ${scenario}: \`${cell.appSource}\` does not exist yet.`)}) | | | | | | | | |`);
        continue;
      }
      if (!cell.figures) {
        rows.push(`${head} **fails at synth** (${note(`${cell.lib.label}, ${scenario}: ${cell.failure}`)}) | | | | | | | | |`);
        continue;
      }
      const f = cell.figures;
      const timingNotes = (['off', 'on'] as Mode[])
        .filter((m) => cell.timings[m]?.failure)
        .map((m) => note(`${cell.lib.label}, ${scenario}, validator ${m}: ${cell.timings[m]!.failure}`));
      const resources = f.nestedStacks > 0 ? `${f.resources} (${f.topLevelResources} top-level)` : `${f.resources}`;
      rows.push(`${head} ${timeText(cell.timings.off)} | ${timeText(cell.timings.on)}${timingNotes.length ? ` (${timingNotes.join(', ')})` : ''} | `
        + `${cpuText(cell)} | ${rssText(cell)} | ${resources} | ${f.nestedStacks} | ${f.lambdaFunctions} | ${mb(f.assetBytes)} | `
        + `${(f.largestTemplateBytes / 1024).toFixed(0)} |`);
    }
    const ours = group.find((c) => c.lib.id === OURS);
    const base = group.find((c) => c.lib.id === BASELINE);
    if (ours?.figures && base?.figures) {
      const t = (c: Cell, m: Mode) => c.timings[m]?.medianMs;
      const r = (c: Cell, m: Mode) => c.timings[m]?.medianRssKb;
      const cpu = (c: Cell, m: Mode) => c.timings[m]?.medianCpuMs;
      rows.push(`| ${scenario} | *ours / aws-eks-v2* | ${ratio(t(ours, 'off'), t(base, 'off'))} | ${ratio(t(ours, 'on'), t(base, 'on'))} | `
        + `${ratio(cpu(ours, 'off'), cpu(base, 'off'))} / ${ratio(cpu(ours, 'on'), cpu(base, 'on'))} | `
        + `${ratio(r(ours, 'off'), r(base, 'off'))} / ${ratio(r(ours, 'on'), r(base, 'on'))} | `
        + `${ratio(ours.figures.resources, base.figures.resources)} | ${ours.figures.nestedStacks} vs ${base.figures.nestedStacks} | `
        + `${ratio(ours.figures.lambdaFunctions, base.figures.lambdaFunctions)} | ${ratio(ours.figures.assetBytes, base.figures.assetBytes)} | `
        + `${ratio(ours.figures.largestTemplateBytes, base.figures.largestTemplateBytes)} |`);
    }
  }

  const lambdas = cells.filter((c) => c.figures && c.scenario === 'standard')
    .map((c) => `- ${c.lib.label}: ${c.figures!.lambdaIds.map((id) => `\`${id}\``).join(', ') || 'none'}`);

  const assets = cells.filter((c) => c.figures && c.scenario === 'standard')
    .map((c) => `- ${c.lib.label}: ${c.figures!.assets.map((a) => `${a.name} ${mb(a.bytes)}`).join('; ')}`);

  return [
    `- Command: \`${info.command}\` · started ${info.started} · took ${(info.elapsedS / 60).toFixed(1)} min`,
    `- Machine: ${info.machine}; load average (1/5/15 min): ${info.load}`,
    `- Versions: ${Object.entries(info.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `- Synth time: median (min–max) of ${info.runs} whole-process runs per cell and validator mode, seconds, `
      + 'libraries rotated every round; one untimed warm-up run per cell before; output directory emptied before each run. '
      + 'CPU s: median user + system CPU time of the process, validator off / on (less sensitive to '
      + 'other load on the machine than wall time). Peak RSS: median, validator off / on.',
    '',
    '| Scenario | Library | Synth s, validator off | Synth s, validator on | CPU s (off / on) | Peak RSS MB (off / on) | CFN resources | Nested stacks | Lambda functions | Assets MB | Largest template KB |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(notes.length ? ['Notes:', '', ...notes.map((n, i) => `${i + 1}. ${n}`), ''] : []),
    'Lambda functions in the standard scenario (template/logical id):',
    '',
    ...lambdas,
    '',
    'Staged assets in the standard scenario (display name, MB):',
    '',
    ...assets,
    '',
  ].join('\n');
}
