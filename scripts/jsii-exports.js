#!/usr/bin/env node
// Lists what lib/index.ts exports that jsii silently drops from the assembly: functions,
// consts/lets/vars and type aliases (aws/aws-cdk#7458: "The `export const` declarations were in
// fact ignored by jsii"). Each must become a static member of a class (or an enum), or stop
// being exported from the index, or be marked `@internal` (TypeScript-only, invisible to other
// languages). Syntactic and fast: no type checking.
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.join(__dirname, '..');

function resolveModule(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function isInternal(node) {
  return ts.getJSDocTags(node).some((t) => t.tagName.text === 'internal');
}

function hasExport(node) {
  return (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export) !== 0;
}

/** Collects dropped exports of `file`; `only` limits them to named re-exports. */
function collect(file, only, problems, seen) {
  const key = `${file}|${only ? [...only].join(',') : '*'}`;
  if (seen.has(key)) return;
  seen.add(key);
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const rel = path.relative(root, file);
  const report = (node, name, what, fix) => {
    if (only && !only.has(name)) return;
    if (isInternal(node)) return;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    problems.push(`${rel}:${line + 1}: exported ${what} '${name}' is dropped by jsii; ${fix}`);
  };
  for (const stmt of source.statements) {
    if (ts.isExportDeclaration(stmt) && stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier)) {
      if (stmt.isTypeOnly) continue;
      const target = resolveModule(file, stmt.moduleSpecifier.text);
      if (!target) continue; // an external module: not ours to check
      if (!stmt.exportClause) collect(target, only, problems, seen); // export * from
      else if (ts.isNamespaceExport(stmt.exportClause)) collect(target, undefined, problems, seen); // export * as ns (a jsii submodule)
      else collect(target, new Set(stmt.exportClause.elements.map((e) => (e.propertyName ?? e.name).text)), problems, seen);
      continue;
    }
    if (!hasExport(stmt)) continue;
    if (ts.isFunctionDeclaration(stmt) && stmt.name) {
      report(stmt, stmt.name.text, 'function', 'make it a static method of a class (or stop exporting it from its file, or mark it @internal)');
    } else if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        if (ts.isIdentifier(decl.name)) {
          report(stmt, decl.name.text, 'const', 'make it a static readonly property of a class, or an enum (or stop exporting it, or mark it @internal)');
        }
      }
    } else if (ts.isTypeAliasDeclaration(stmt)) {
      report(stmt, stmt.name.text, 'type alias', 'use an interface, an enum or an enum-like class instead (or stop exporting it, or mark it @internal)');
    }
  }
}

function droppedExports(entry = path.join(root, 'lib', 'index.ts')) {
  const problems = [];
  collect(entry, undefined, problems, new Set());
  return problems;
}

module.exports = { droppedExports };

if (require.main === module) {
  const problems = droppedExports();
  for (const p of problems) console.error(p);
  process.exit(problems.length > 0 ? 1 : 0);
}
