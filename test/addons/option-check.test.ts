import { Lazy, Token } from 'aws-cdk-lib';
import { optionProblems } from '../../lib/addons/option-check';

const SPEC = {
  count: { kind: 'integer' as const, min: 1, max: 5 },
  flag: { kind: 'boolean' as const },
  mode: { kind: 'string' as const, oneOf: ['a', 'b'] },
  list: { kind: 'array' as const },
  obj: { kind: 'object' as const },
};

test('valid options and undefined values have no problems', () => {
  expect(optionProblems('x', { count: 5, flag: false, mode: 'b', list: [], obj: {}, unset: undefined } as any, { ...SPEC, unset: { kind: 'string' } })).toEqual([]);
  expect(optionProblems('x', undefined, SPEC)).toEqual([]);
});

test('each kind of problem is named with the option and the value', () => {
  expect(optionProblems('x', { count: 6, flag: 'no', mode: 'c', list: {}, obj: [], other: 1 } as any, SPEC)).toEqual([
    "x option 'count' is 6; allowed: 1–5",
    'x option \'flag\' must be a boolean, got the string "no"',
    'x option \'mode\' is "c"; allowed: "a", "b"',
    "x option 'list' must be a list, got object",
    "x option 'obj' must be an object, got a list",
    "x has no option 'other'; allowed: 'count', 'flag', 'mode', 'list', 'obj'",
  ]);
  expect(optionProblems('x', 'nope' as any, SPEC)).toEqual(['x options must be an object, got the string "nope"']);
});

test('tokens are not checked', () => {
  expect(optionProblems('x', { count: Token.asNumber(Lazy.number({ produce: () => 99 })), mode: Lazy.string({ produce: () => 'z' }) }, SPEC)).toEqual([]);
});
