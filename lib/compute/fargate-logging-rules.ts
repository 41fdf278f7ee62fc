import { Token, Tokenization } from 'aws-cdk-lib';

/*
 * Rules of the Fargate log router's `aws-logging` ConfigMap, from the EKS User Guide,
 * "Start AWS Fargate logging for your cluster"
 * (https://docs.aws.amazon.com/eks/latest/userguide/fargate-logging.html):
 * - the ConfigMap is `aws-logging` in the namespace `aws-observability`, which carries the
 *   label `aws-observability: enabled`, and "can't exceed 5300 characters";
 * - only `[FILTER]` (under `filters.conf`), `[OUTPUT]` (under `output.conf`) and `[PARSER]`
 *   (under `parsers.conf`) sections; `Name` and `Match` are required for each filter and
 *   output, `Name` and `Format` for each parser; keys are case-insensitive;
 * - no environment variables (`${ENV_VAR}`); key-value pairs indented more than directives;
 * - supported filters: grep, parser, record_modifier, rewrite_tag, throttle, nest, modify,
 *   kubernetes; supported outputs: es, firehose, kinesis_firehose, cloudwatch,
 *   cloudwatch_logs, kinesis; at least one output enables logging;
 * - `Kube_URL`, `Kube_CA_File`, `Kube_Token_Command` and `Kube_Token_File` are service-owned
 *   in the kubernetes filter and must not be specified;
 * - `flb_log_cw: "true"` ships the Fluent Bit process logs to `<cluster>-fluent-bit-logs`.
 *
 * Pure functions; not part of the public API.
 */

/** The namespace and ConfigMap Fargate reads its log router configuration from. */
export const FARGATE_LOGGING_NAMESPACE = 'aws-observability';
export const FARGATE_LOGGING_CONFIG_MAP = 'aws-logging';
/** EKS: the ConfigMap "can't exceed 5300 characters". */
export const FARGATE_LOGGING_MAX_CHARACTERS = 5300;

export const SUPPORTED_FILTERS = ['grep', 'parser', 'record_modifier', 'rewrite_tag', 'throttle', 'nest', 'modify', 'kubernetes'];
export const SUPPORTED_OUTPUTS = ['es', 'firehose', 'kinesis_firehose', 'cloudwatch', 'cloudwatch_logs', 'kinesis'];
const SERVICE_OWNED_KUBERNETES_KEYS = ['kube_url', 'kube_ca_file', 'kube_token_command', 'kube_token_file'];

/** One Fluent Bit section: its directive, required keys in order, then the other properties. */
export interface FluentBitSection {
  readonly directive: 'FILTER' | 'OUTPUT' | 'PARSER';
  /** Key/value pairs in order, the required ones first. */
  readonly entries: Array<[string, string]>;
}

/** The section as Fluent Bit classic configuration: directive at column 0, keys indented by 4. */
export function renderSection(section: FluentBitSection): string {
  const width = Math.max(...section.entries.map(([key]) => key.length));
  return [`[${section.directive}]`, ...section.entries.map(([key, value]) => `    ${key.padEnd(width)} ${value}`)].join('\n');
}

/** The sections of one ConfigMap key, each ending with a newline. */
export function renderSections(sections: FluentBitSection[]): string {
  return sections.map((s) => `${renderSection(s)}\n`).join('');
}

/**
 * Problems of a user-given section (`what` names it, e.g. `filters[0]`): a supported plugin
 * for filters, the required keys, property keys without spaces that do not repeat the
 * required ones (keys are case-insensitive), single-line values without `${...}`, and no
 * service-owned keys in the kubernetes filter.
 */
export function sectionProblems(what: string, directive: FluentBitSection['directive'], name: string,
  required: { [key: string]: string | undefined }, properties: { [key: string]: string } = {}): string[] {
  const problems: string[] = [];
  if (!Token.isUnresolved(name)) {
    if (name.trim() === '') problems.push(`'${what}.name' is empty`);
    else if (directive === 'FILTER' && !SUPPORTED_FILTERS.includes(name.toLowerCase())) {
      problems.push(`'${what}.name' is '${name}'; the Fargate log router accepts the filters ${SUPPORTED_FILTERS.join(', ')}`);
    }
  }
  for (const [key, value] of Object.entries(required)) {
    if (value === undefined || (!Token.isUnresolved(value) && value.trim() === '')) problems.push(`'${what}.${key}' is required and must not be empty`);
    else problems.push(...valueProblems(`${what}.${key}`, value));
  }
  const reserved = ['name', ...Object.keys(required)];
  for (const [key, value] of Object.entries(properties)) {
    const lower = key.toLowerCase();
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) {
      problems.push(`'${what}.properties' key '${key}' is not a Fluent Bit key (letters, digits, '_', '.', '-')`);
    } else if (reserved.includes(lower)) {
      problems.push(`'${what}.properties' sets '${key}', which '${what}.${lower}' sets already`);
    } else if (directive === 'FILTER' && name.toLowerCase() === 'kubernetes' && SERVICE_OWNED_KUBERNETES_KEYS.includes(lower)) {
      problems.push(`'${what}.properties' sets '${key}', which EKS Fargate sets itself (Kube_URL, Kube_CA_File, Kube_Token_Command and Kube_Token_File are service owned)`);
    }
    problems.push(...valueProblems(`${what}.properties.${key}`, value));
  }
  return problems;
}

function valueProblems(what: string, value: string): string[] {
  if (typeof value !== 'string' || Token.isUnresolved(value)) return [];
  const problems: string[] = [];
  if (/[\r\n]/.test(value)) problems.push(`'${what}' has a line break; a Fluent Bit value is one line`);
  if (value.includes('${')) problems.push(`'${what}' uses '\${...}'; the Fargate log router allows no environment variables`);
  return problems;
}

/** How many characters an unresolved token (a Region, a generated log group name) is counted as. */
export const TOKEN_ESTIMATE = 120;

/**
 * The characters of the ConfigMap's data (keys and values) as EKS counts them against its
 * limit: `literal` without the unresolved tokens, `estimate` with each token counted as
 * {@link TOKEN_ESTIMATE} characters.
 */
export function configMapCharacters(data: { [key: string]: string }): { literal: number; estimate: number } {
  let literal = 0;
  let tokens = 0;
  for (const [key, value] of Object.entries(data)) {
    const fragments = Tokenization.reverseString(value);
    // The literal text: the value with every token mapped to the empty string.
    literal += key.length + String(fragments.mapTokens({ mapToken: () => '' }).join({ join: (a: any, b: any) => `${a}${b}` }) ?? '').length;
    tokens += fragments.tokens.length;
  }
  return { literal, estimate: literal + tokens * TOKEN_ESTIMATE };
}
