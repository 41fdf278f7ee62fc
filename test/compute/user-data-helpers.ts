import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

/** One part of a MIME multi-part document. */
export interface MimePart {
  readonly contentType: string;
  readonly body: string;
}

/** Splits a MIME multi-part document into its parts, checking the envelope as cloud-init and nodeadm read it. */
export function parseMime(document: string): MimePart[] {
  const [head, ...rest] = document.split('\n\n');
  const headers = Object.fromEntries(head.split('\n').map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  if (headers['mime-version'] !== '1.0') throw new Error(`not MIME: ${head}`);
  const boundary = /^multipart\/mixed; boundary="([^"]+)"$/.exec(headers['content-type'])?.[1];
  if (!boundary) throw new Error(`no multipart boundary in ${headers['content-type']}`);
  const body = rest.join('\n\n');
  const end = body.indexOf(`--${boundary}--`);
  if (end < 0) throw new Error('no closing boundary');
  return body.slice(0, end).split(`--${boundary}\n`).filter((p) => p.trim() !== '').map((part) => {
    const split = part.indexOf('\n\n');
    const type = /^Content-Type: (.+)$/m.exec(part.slice(0, split))?.[1];
    if (!type) throw new Error(`part without Content-Type: ${part}`);
    return { contentType: type.trim(), body: part.slice(split + 2) };
  });
}

/** The NodeConfig objects of AL2023 user data, parsed as YAML. */
export function nodeConfigsOf(document: string): any[] {
  return parseMime(document).filter((p) => p.contentType === 'application/node.eks.aws').map((p) => parseYaml(p.body));
}

/** Bottlerocket user data, parsed as TOML. */
export function bottlerocketSettingsOf(document: string): any {
  return parseToml(document);
}

/**
 * Turns the CloudFormation value of LaunchTemplateData.UserData into text: Fn::Base64 is
 * dropped, Fn::Join is joined, and references become readable placeholders
 * (`<GetAtt:Cluster123.Endpoint>`, `<Ref:Param>`).
 */
export function userDataText(value: any): string {
  if (typeof value === 'string') return value;
  if (value['Fn::Base64'] !== undefined) return userDataText(value['Fn::Base64']);
  if (value['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map(userDataText).join(separator);
  }
  if (value['Fn::GetAtt']) return `<GetAtt:${value['Fn::GetAtt'].join('.')}>`;
  if (value.Ref) return `<Ref:${value.Ref}>`;
  throw new Error(`unexpected intrinsic in user data: ${JSON.stringify(value)}`);
}

/** The placeholder `userDataText` writes for a resolved reference. */
export function placeholder(resolved: any): string {
  return userDataText(resolved);
}
