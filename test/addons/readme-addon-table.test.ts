import { readFileSync } from 'fs';
import { join } from 'path';
import { ADDON_VERSION_TABLE } from '../../lib/addons/addon-versions';

test('the README add-ons table shows exactly the versions of lib/addons/addon-versions.ts', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = /<!-- section: identity-addons -->([\s\S]*?)<!-- end section: identity-addons -->/.exec(readme)![1];
  const header = section.split('\n').find((l) => l.startsWith('| add-on |'))!.split('|').map((c) => c.trim()).filter(Boolean);
  const k8s = header.slice(1, -1);
  const tableVersions = [...new Set(Object.values(ADDON_VERSION_TABLE).flatMap((row) => Object.keys(row)))]
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  expect(k8s).toEqual(tableVersions);
  const rows = new Map<string, { [k: string]: string }>();
  for (const line of section.split('\n')) {
    const m = /^\| `([a-z0-9-]+)` \|(.*)$/.exec(line);
    if (!m || !(m[1] in ADDON_VERSION_TABLE)) continue;
    const cells = m[2].split('|').map((c) => c.trim());
    const row: { [k: string]: string } = {};
    k8s.forEach((v, i) => { if (cells[i] !== '—') row[v] = cells[i]; });
    rows.set(m[1], row);
  }
  expect(Object.fromEntries(rows)).toEqual(ADDON_VERSION_TABLE);
});
