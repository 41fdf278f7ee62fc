/**
 * Reading and writing the YAML lists of the `aws-auth` ConfigMap (`mapRoles`, `mapUsers`,
 * `mapAccounts`) without a YAML library in the Lambda asset.
 *
 * EKS's authenticator reads `mapRoles`/`mapUsers` as YAML converted to JSON and
 * `mapAccounts` as a YAML list of strings (kubernetes-sigs/aws-iam-authenticator,
 * pkg/mapper/configmap/configmap.go `ParseMap`), so what is written here is plain block YAML
 * of mappings, lists and strings. What is read is the YAML that EKS, eksctl, Terraform and
 * people write: block sequences and mappings (also the compact `key:\n- item` form), one-line
 * flow lists of scalars, plain, single- and double-quoted scalars, comments, or a JSON list.
 * Anything else (anchors, aliases, tags, block scalars, multi-line scalars, several
 * documents) is refused with the line, so that the handler never rewrites what it did not
 * understand.
 */

/** A YAML value as far as aws-auth needs: strings, null, lists and mappings. */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

/** Input the parser refuses to interpret. */
export class YamlSubsetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlSubsetError';
  }
}

interface Line {
  readonly no: number;
  indent: number;
  text: string;
}

/**
 * Parses the text of one aws-auth list. Empty text (or what the authenticator skips: blank,
 * ``` `` ``` or `""`) is the empty list.
 */
export function parseYamlList(text: string, what: string): YamlValue[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '``' || trimmed === '""') return [];
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    try {
      const json = JSON.parse(trimmed);
      if (Array.isArray(json)) return json.map((v) => fromJson(v, what));
    } catch {
      // not JSON: a YAML flow list, parsed below
    }
  }
  const lines = toLines(text, what);
  if (lines.length === 0) return [];
  const parser = new BlockParser(lines, what);
  const value = parser.parse();
  if (value === null) return [];
  if (!Array.isArray(value)) throw new YamlSubsetError(`${what} is not a YAML list`);
  return value;
}

function fromJson(v: unknown, what: string): YamlValue {
  if (v === null || typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => fromJson(x, what));
  if (typeof v === 'object') {
    const out: { [key: string]: YamlValue } = {};
    for (const [k, x] of Object.entries(v as object)) out[k] = fromJson(x, what);
    return out;
  }
  throw new YamlSubsetError(`${what} holds a value of type ${typeof v}`);
}

function toLines(text: string, what: string): Line[] {
  const lines: Line[] = [];
  const raw = text.replace(/\r\n?/g, '\n').split('\n');
  for (const [i, full] of raw.entries()) {
    const no = i + 1;
    const body = stripComment(full, what, no).replace(/\s+$/, '');
    if (body.trim() === '') continue;
    if (/^\t| \t/.test(body.match(/^[ \t]*/)![0])) throw new YamlSubsetError(`${what} line ${no}: tabs are not allowed in YAML indentation`);
    if (body === '---' && lines.length === 0) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(body)) throw new YamlSubsetError(`${what} line ${no}: several YAML documents are not supported`);
    const indent = body.length - body.trimStart().length;
    lines.push({ no, indent, text: body.trimStart() });
  }
  return lines;
}

/** The line without a trailing `# comment` (a `#` at the start or after a space, outside quotes). */
function stripComment(line: string, what: string, no: number): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) {
        if (quote === "'" && line[i + 1] === "'") i++;
        else quote = undefined;
      }
      continue;
    }
    if ((c === '"' || c === "'") && (i === 0 || /[\s\[{,:-]/.test(line[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  if (quote) throw new YamlSubsetError(`${what} line ${no}: a quoted scalar spans several lines, which is not supported`);
  return line;
}

class BlockParser {
  private i = 0;
  constructor(private readonly lines: Line[], private readonly what: string) {}

  public parse(): YamlValue {
    const value = this.node(0);
    if (this.i < this.lines.length) this.fail(this.lines[this.i], 'unexpected indentation');
    return value;
  }

  private fail(line: Line, why: string): never {
    throw new YamlSubsetError(`${this.what} line ${line.no}: ${why}: '${line.text}'`);
  }

  /** The node starting at the current line, which must be indented at least `min`. */
  private node(min: number): YamlValue {
    const line = this.lines[this.i];
    if (!line || line.indent < min) return null;
    if (isSequenceItem(line.text)) return this.sequence(line.indent);
    if (mappingKey(line.text) !== undefined) return this.mapping(line.indent);
    this.i++;
    const value = this.inline(line, line.text);
    const next = this.lines[this.i];
    if (next && next.indent > line.indent) this.fail(next, 'a scalar continued on the next line is not supported');
    return value;
  }

  private sequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent) this.fail(line, 'unexpected indentation in a list');
      if (!isSequenceItem(line.text)) break;
      const rest = line.text.slice(1);
      const content = rest.trimStart();
      if (content === '') {
        this.i++;
        items.push(this.node(indent + 1));
        continue;
      }
      // "- key: value" or "- - x": the rest is a node indented past the dash.
      line.indent = indent + 1 + (rest.length - content.length);
      line.text = content;
      items.push(this.node(line.indent));
    }
    return items;
  }

  private mapping(indent: number): { [key: string]: YamlValue } {
    const out: { [key: string]: YamlValue } = {};
    while (this.i < this.lines.length) {
      const line = this.lines[this.i];
      if (line.indent < indent) break;
      if (line.indent > indent) this.fail(line, 'unexpected indentation in a mapping');
      if (isSequenceItem(line.text)) break;
      const parsed = mappingKey(line.text);
      if (parsed === undefined) this.fail(line, 'expected "key: value"');
      const [key, rest] = parsed;
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(line, `the key '${key}' appears twice`);
      this.i++;
      if (rest !== '') {
        out[key] = this.inline(line, rest);
        const next = this.lines[this.i];
        if (next && next.indent > indent) this.fail(next, 'a value continued on the next line is not supported');
        continue;
      }
      const next = this.lines[this.i];
      if (next && next.indent > indent) out[key] = this.node(indent + 1);
      else if (next && next.indent === indent && isSequenceItem(next.text)) out[key] = this.sequence(indent);
      else out[key] = null;
    }
    return out;
  }

  /** A value written on one line: a flow list, `{}`, or a scalar. */
  private inline(line: Line, text: string): YamlValue {
    if (text.startsWith('[')) return this.flowList(line, text);
    if (text === '{}') return {};
    return this.scalar(line, text);
  }

  private flowList(line: Line, text: string): YamlValue[] {
    if (!text.endsWith(']')) this.fail(line, 'a flow list must end on its line');
    const inner = text.slice(1, -1).trim();
    if (inner === '') return [];
    const items: YamlValue[] = [];
    let start = 0;
    let quote: string | undefined;
    for (let i = 0; i <= inner.length; i++) {
      const c = inner[i];
      if (quote) {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote) quote = undefined;
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === '[' || c === '{') this.fail(line, 'nested flow collections are not supported');
      else if (c === ',' || i === inner.length) {
        const item = inner.slice(start, i).trim();
        if (item === '' && i === inner.length && items.length > 0) break; // trailing comma
        items.push(this.scalar(line, item));
        start = i + 1;
      }
    }
    return items;
  }

  private scalar(line: Line, text: string): string | null {
    if (text.startsWith('"')) {
      if (!text.endsWith('"') || text.length < 2) this.fail(line, 'unterminated double-quoted scalar');
      return unescapeDouble(text.slice(1, -1), () => this.fail(line, 'unsupported escape in a double-quoted scalar'));
    }
    if (text.startsWith("'")) {
      if (!text.endsWith("'") || text.length < 2) this.fail(line, 'unterminated single-quoted scalar');
      return text.slice(1, -1).replace(/''/g, "'");
    }
    if (/^[&*!|>%@`{]/.test(text)) this.fail(line, 'anchors, aliases, tags, block scalars and flow mappings are not supported');
    if (text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
    return text;
  }
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** `[key, rest]` when the line is `key: rest` (key plain or quoted), else undefined. */
function mappingKey(text: string): [string, string] | undefined {
  let key: string;
  let after: string;
  if (text.startsWith('"') || text.startsWith("'")) {
    const q = text[0];
    const end = text.indexOf(q, 1);
    if (end < 0) return undefined;
    key = text.slice(1, end);
    after = text.slice(end + 1);
    if (!after.startsWith(':')) return undefined;
  } else {
    const m = /^([^\s:#\[\]{},][^:#]*?|[^\s:#\[\]{},]):(\s|$)/.exec(text);
    if (!m) return undefined;
    key = m[1].trimEnd();
    after = text.slice(m[1].length);
  }
  return [key, after.slice(1).trim()];
}

function unescapeDouble(body: string, fail: () => never): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"') fail();
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: { [k: string]: string } = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', ' ': ' ' };
    if (e in simple) out += simple[e];
    else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else fail();
  }
  return out;
}

/** Strings YAML 1.1 (yaml.v2) or 1.2 would read as something other than that string. */
const NON_STRINGS = /^(~|null|true|false|yes|no|y|n|on|off|[-+]?(\.?[0-9].*|\.inf|\.nan))$/i;

/** A scalar as YAML: plain when that reads back as the same string, else double-quoted. */
export function renderScalar(value: string | null): string {
  if (value === null) return 'null';
  const plain = /^[A-Za-z0-9_/][A-Za-z0-9_./@{}:=+,-]*$/.test(value)
    && !value.endsWith(':') && !NON_STRINGS.test(value);
  return plain ? value : JSON.stringify(value);
}

/** A list as block YAML, the way EKS and the EKS User Guide write aws-auth. */
export function renderYamlList(items: YamlValue[]): string {
  if (items.length === 0) return '[]\n';
  return renderNode(items, 0).join('\n') + '\n';
}

function renderNode(value: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    const lines: string[] = [];
    for (const item of value) {
      if (item !== null && typeof item === 'object' && (Array.isArray(item) ? item.length > 0 : Object.keys(item).length > 0)) {
        const inner = renderNode(item, indent + 2);
        lines.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1));
      } else {
        lines.push(`${pad}- ${inlineOf(item)}`);
      }
    }
    return lines;
  }
  if (value !== null && typeof value === 'object') {
    const lines: string[] = [];
    for (const [key, v] of Object.entries(value)) {
      const k = renderScalar(key);
      if (v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0)) {
        lines.push(`${pad}${k}:`, ...renderNode(v, indent + 2));
      } else {
        lines.push(`${pad}${k}: ${inlineOf(v)}`);
      }
    }
    return lines;
  }
  return [`${pad}${renderScalar(value)}`];
}

function inlineOf(v: YamlValue): string {
  if (Array.isArray(v)) return '[]';
  if (v !== null && typeof v === 'object') return '{}';
  return renderScalar(v);
}
