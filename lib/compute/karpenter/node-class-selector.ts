import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** One selector term: the fields are ANDed; terms of a selector are ORed. */
interface SelectorTerm {
  readonly id?: string;
  readonly name?: string;
  readonly tags?: { [key: string]: string };
}

/**
 * Which subnets or security groups a node class puts nodes (or pods) in: selector terms
 * (`subnetSelectorTerms`, `securityGroupSelectorTerms`, …) of a Karpenter EC2NodeClass or an
 * EKS Auto Mode NodeClass. Terms are ORed; `and()` adds terms.
 */
export class NodeClassSelector {
  /** These subnets by ID (tokens are fine: the IDs are resolved at deploy time). */
  public static subnets(subnets: ec2.ISubnet[]): NodeClassSelector {
    return NodeClassSelector.ids(subnets.map((s) => s.subnetId));
  }

  /** These security groups by ID. */
  public static securityGroups(securityGroups: ec2.ISecurityGroup[]): NodeClassSelector {
    return NodeClassSelector.ids(securityGroups.map((sg) => sg.securityGroupId));
  }

  /** Resources by ID (`subnet-…`, `sg-…`), one term each. */
  public static ids(ids: string[]): NodeClassSelector {
    return new NodeClassSelector(ids.map((id) => ({ id })));
  }

  /** Resources carrying all these tags (a value of `*` matches any value). */
  public static tags(tags: { [key: string]: string }): NodeClassSelector {
    return new NodeClassSelector([{ tags: { ...tags } }]);
  }

  /** Security groups by name (security group selectors only). */
  public static names(names: string[]): NodeClassSelector {
    return new NodeClassSelector(names.map((name) => ({ name })));
  }

  private readonly terms: SelectorTerm[];

  private constructor(terms: SelectorTerm[]) {
    this.terms = terms;
  }

  /** This selector's terms or those of `other` (a new selector). */
  public and(other: NodeClassSelector): NodeClassSelector {
    return new NodeClassSelector([...this.terms, ...other.terms]);
  }

  /** The rendered terms. @internal */
  public _render(): Array<{ [key: string]: any }> {
    return this.terms.map((t) => ({ ...t, ...(t.tags ? { tags: { ...t.tags } } : {}) }));
  }

  /**
   * Problems of the terms for a selector that allows `fields` (e.g. subnets: id and tags).
   * @internal
   */
  public _problems(prop: string, fields: Array<'id' | 'name' | 'tags'>, idPrefix: string): string[] {
    const problems: string[] = [];
    if (!Token.isUnresolved(this.terms) && this.terms.length === 0) problems.push(`'${prop}' selects nothing; give at least one term`);
    if (this.terms.length > 30) problems.push(`'${prop}' has ${this.terms.length} terms; at most 30 are allowed`);
    for (const [i, term] of this.terms.entries()) {
      const where = `'${prop}' term ${i}`;
      if (term.name !== undefined && !fields.includes('name')) problems.push(`${where} selects by name, which '${prop}' does not support; use ids or tags`);
      if (term.id !== undefined && !Token.isUnresolved(term.id) && !new RegExp(`^${idPrefix}-[0-9a-z]+$`).test(term.id)) {
        problems.push(`${where} id '${term.id}' is not a ${idPrefix}-… ID`);
      }
      for (const [key, value] of Object.entries(term.tags ?? {})) {
        if (!Token.isUnresolved(key) && key === '') problems.push(`${where} has an empty tag key`);
        if (!Token.isUnresolved(value) && value === '') problems.push(`${where} tag '${key}' has an empty value; use '*' to match any value`);
      }
      if (term.tags && Object.keys(term.tags).length === 0) problems.push(`${where} has no tags; give at least one tag`);
    }
    return problems;
  }
}
