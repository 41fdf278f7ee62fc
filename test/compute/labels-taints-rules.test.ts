import { Token } from 'aws-cdk-lib';
import { TaintEffect } from '../../lib';
import { MAX_TAINTS, formatTaint, labelProblems, labelValueProblem, qualifiedNameProblem, taintProblems } from '../../lib/compute/labels-taints-rules';

describe('qualifiedNameProblem', () => {
  test.each(['app', 'example.com/team', 'a.b-c_d', 'node.kubernetes.io/lifecycle', 'A1'])('%s is valid', (key) => {
    expect(qualifiedNameProblem(key)).toBeUndefined();
  });

  test.each([
    ['', /name part '' must have 1 to 63/],
    ['-app', /must start and end with a letter or digit/],
    ['Example.com/team', /prefix 'Example.com' must be a lowercase DNS subdomain/],
    ['/team', /prefix '' must be/],
    ['x'.repeat(64), /must have 1 to 63 characters/],
    ['team name', /contain only letters/],
  ])('%j is rejected', (key, message) => {
    expect(qualifiedNameProblem(key)).toMatch(message);
  });

  test('a token key is not checked', () => {
    expect(qualifiedNameProblem(Token.asString({ Ref: 'Key' }))).toBeUndefined();
  });
});

describe('labelValueProblem', () => {
  test('empty and plain values are fine, long or odd ones are not, tokens are skipped', () => {
    expect(labelValueProblem('')).toBeUndefined();
    expect(labelValueProblem('spot-1.a_b')).toBeUndefined();
    expect(labelValueProblem('v'.repeat(64))).toMatch(/64 characters; at most 63/);
    expect(labelValueProblem('a/b')).toMatch(/contain only letters/);
    expect(labelValueProblem(Token.asString({ Ref: 'Value' }))).toBeUndefined();
  });
});

describe('labelProblems', () => {
  test('names the offending label key or value', () => {
    expect(labelProblems({ 'ok': 'yes', 'bad key': 'v', 'k': 'bad value' })).toEqual([
      expect.stringMatching(/^label key 'bad key'/),
      expect.stringMatching(/^label 'k' value 'bad value'/),
    ]);
  });
});

describe('taintProblems', () => {
  test('valid taints give no problems', () => {
    expect(taintProblems([
      { key: 'dedicated', value: 'gpu', effect: TaintEffect.NO_SCHEDULE },
      { key: 'dedicated', value: 'gpu', effect: TaintEffect.NO_EXECUTE },
      { key: 'example.com/spot', effect: TaintEffect.PREFER_NO_SCHEDULE },
    ])).toEqual([]);
  });

  test('bad key, bad value, unknown effect and duplicates are named', () => {
    expect(taintProblems([
      { key: '_x', effect: TaintEffect.NO_SCHEDULE },
      { key: 'k', value: 'a b', effect: TaintEffect.NO_SCHEDULE },
      { key: 'k2', effect: 'NoSchedule' as TaintEffect },
      { key: 'k', value: 'other', effect: TaintEffect.NO_SCHEDULE },
    ])).toEqual([
      expect.stringMatching(/^taint key '_x'/),
      expect.stringMatching(/^taint 'k' value 'a b'/),
      expect.stringMatching(/^taint 'k2' effect 'NoSchedule': use TaintEffect\.NO_SCHEDULE/),
      expect.stringMatching(/^taint 'k' with effect NO_SCHEDULE is given twice/),
    ]);
  });

  test(`more than ${MAX_TAINTS} taints are rejected`, () => {
    const taints = Array.from({ length: MAX_TAINTS + 1 }, (_, i) => ({ key: `k${i}`, effect: TaintEffect.NO_SCHEDULE }));
    expect(taintProblems(taints)).toEqual([`51 taints are given; EKS allows at most ${MAX_TAINTS}`]);
  });

  test('token keys are neither checked nor compared', () => {
    const key = Token.asString({ Ref: 'Key' });
    expect(taintProblems([{ key, effect: TaintEffect.NO_SCHEDULE }, { key, effect: TaintEffect.NO_SCHEDULE }])).toEqual([]);
  });
});

test('formatTaint writes the kubelet syntax', () => {
  expect(formatTaint({ key: 'a', value: 'b', effect: TaintEffect.NO_EXECUTE })).toBe('a=b:NoExecute');
  expect(formatTaint({ key: 'a', effect: TaintEffect.PREFER_NO_SCHEDULE })).toBe('a:PreferNoSchedule');
});
