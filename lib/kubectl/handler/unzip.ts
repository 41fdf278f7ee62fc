import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join, normalize, sep } from 'path';
import { inflateRawSync } from 'zlib';

/**
 * Extracts a zip archive (as CDK writes directory assets: stored or deflated entries)
 * into `target`. Refuses entries that would land outside `target`.
 */
export function extractZip(zip: Buffer, target: string): string[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end-of-central-directory record)');
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const written: string[] = [];
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(p + 10);
    const compressedSize = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const localOffset = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;

    const dest = normalize(join(target, name));
    if (!dest.startsWith(normalize(target) + sep)) throw new Error(`zip entry '${name}' escapes the target directory`);
    if (name.endsWith('/')) { mkdirSync(dest, { recursive: true }); continue; }
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    mkdirSync(dirname(dest), { recursive: true });
    if (method === 0) writeFileSync(dest, data);
    else if (method === 8) writeFileSync(dest, inflateRawSync(data));
    else throw new Error(`zip entry '${name}' uses unsupported compression method ${method}`);
    written.push(dest);
  }
  return written;
}
