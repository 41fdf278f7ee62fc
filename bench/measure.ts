/**
 * What the bench reads from a cloud assembly (a `cdk.out` directory) and from a finished
 * child process. Pure functions over the file system; no CDK code runs here.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

/** Footprint of one synthesized app. */
export interface AssemblyFigures {
  /** Resources in all templates, nested ones included. */
  readonly resources: number;
  /** Resources in the top-level templates only. */
  readonly topLevelResources: number;
  /** `AWS::CloudFormation::Stack` resources. */
  readonly nestedStacks: number;
  /** `AWS::Lambda::Function` resources in all templates (custom-resource providers included). */
  readonly lambdaFunctions: number;
  /** Logical ids of those functions, `<template>/<logicalId>`. */
  readonly lambdaIds: string[];
  /** Bytes of the staged assets (`asset.*` files and directories: code, layers, charts). */
  readonly assetBytes: number;
  /** Bytes of the largest `*.template.json`, nested ones included. */
  readonly largestTemplateBytes: number;
  /** File name of that template. */
  readonly largestTemplate: string;
  /** Number of templates (top-level and nested). */
  readonly templates: number;
  /** Each staged asset with the display name its `*.assets.json` gives it, largest first. */
  readonly assets: { name: string; bytes: number }[];
}

/** Total bytes of a file, or of every file below a directory. */
export function sizeOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, entry) => sum + sizeOf(join(path, entry)), 0);
}

/** Reads the figures of the assembly in `outdir`. */
export function assemblyFigures(outdir: string): AssemblyFigures {
  let resources = 0;
  let topLevelResources = 0;
  let nestedStacks = 0;
  let assetBytes = 0;
  let largestTemplateBytes = 0;
  let largestTemplate = '';
  let templates = 0;
  const lambdaIds: string[] = [];
  const names = new Map<string, string>();
  for (const entry of readdirSync(outdir).filter((e) => e.endsWith('.assets.json'))) {
    const manifest = JSON.parse(readFileSync(join(outdir, entry), 'utf8'));
    for (const file of Object.values<any>(manifest.files ?? {})) {
      if (typeof file.source?.path === 'string') names.set(file.source.path, file.displayName ?? file.source.path);
    }
  }
  const assets: { name: string; bytes: number }[] = [];
  for (const entry of readdirSync(outdir).sort()) {
    const path = join(outdir, entry);
    if (entry.startsWith('asset.')) {
      const bytes = sizeOf(path);
      assetBytes += bytes;
      assets.push({ name: names.get(entry) ?? entry, bytes });
      continue;
    }
    if (!entry.endsWith('.template.json')) continue;
    templates++;
    const bytes = statSync(path).size;
    if (bytes > largestTemplateBytes) {
      largestTemplateBytes = bytes;
      largestTemplate = entry;
    }
    const template = JSON.parse(readFileSync(path, 'utf8'));
    const res: Record<string, { Type: string }> = template.Resources ?? {};
    const count = Object.keys(res).length;
    resources += count;
    if (!entry.endsWith('.nested.template.json')) topLevelResources += count;
    for (const [logicalId, r] of Object.entries(res)) {
      if (r.Type === 'AWS::CloudFormation::Stack') nestedStacks++;
      if (r.Type === 'AWS::Lambda::Function') lambdaIds.push(`${entry.replace(/\.(nested\.)?template\.json$/, '')}/${logicalId}`);
    }
  }
  return {
    resources, topLevelResources, nestedStacks, lambdaFunctions: lambdaIds.length, lambdaIds,
    assetBytes, largestTemplateBytes, largestTemplate, templates, assets: assets.sort((a, b) => b.bytes - a.bytes),
  };
}

/** Peak RSS (kilobytes) and CPU time (user + system, ms) from the output of GNU `time -v`. */
export function parseGnuTime(output: string): { maxRssKb?: number; cpuMs?: number } {
  const rss = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(output);
  const user = /User time \(seconds\):\s*([\d.]+)/.exec(output);
  const sys = /System time \(seconds\):\s*([\d.]+)/.exec(output);
  return {
    maxRssKb: rss ? Number(rss[1]) : undefined,
    cpuMs: user && sys ? (Number(user[1]) + Number(sys[1])) * 1000 : undefined,
  };
}

/**
 * One line that says why a synth failed, from the child's stderr: the CDK error
 * (`«Code» message`), a thrown `XxxError: message`, or V8's fatal error, cut to `max` chars.
 */
export function failureReason(stderr: string, max = 240): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && l.length < 5000);
  const patterns = [/«\w+»\s*.+/, /FATAL ERROR:.+/, /^\w*Error:\s.+/, /^Error\b.+/];
  for (const pattern of patterns) {
    for (const line of lines) {
      const m = pattern.exec(line);
      if (m) return cut(m[0], max);
    }
  }
  const last = lines.filter((l) => !/^Node\.js v/.test(l)).pop();
  return cut(last ?? 'no output', max);
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
