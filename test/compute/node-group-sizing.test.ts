import { Token } from 'aws-cdk-lib';
import { nodeGroupSizeProblems, resolveNodeGroupSize, updateConfigProblems } from '../../lib/compute/node-group-sizing';

describe('resolveNodeGroupSize', () => {
  test.each([
    [[undefined, undefined, undefined], { minSize: 1, desiredSize: 2, maxSize: 3 }],
    [[5, undefined, undefined], { minSize: 5, desiredSize: 5, maxSize: 5 }],
    [[undefined, 0, undefined], { minSize: 0, desiredSize: 0, maxSize: 3 }],
    [[undefined, undefined, 1], { minSize: 1, desiredSize: 1, maxSize: 1 }],
    [[0, undefined, 10], { minSize: 0, desiredSize: 2, maxSize: 10 }],
  ])('(min, desired, max) %j → %j', ([min, desired, max], expected) => {
    expect(resolveNodeGroupSize(min, desired, max)).toEqual(expected);
  });

  test('without a default desired size it stays unset', () => {
    expect(resolveNodeGroupSize(2, undefined, undefined, false)).toEqual({ minSize: 2, desiredSize: undefined, maxSize: 3 });
  });
});

describe('nodeGroupSizeProblems', () => {
  test('a consistent size has no problems', () => {
    expect(nodeGroupSizeProblems({ minSize: 0, desiredSize: 0, maxSize: 1 })).toEqual([]);
  });

  test.each([
    [{ minSize: 3, desiredSize: 3, maxSize: 2 }, /'minSize' \(3\) is greater than 'maxSize' \(2\)/],
    [{ minSize: 2, desiredSize: 1, maxSize: 4 }, /'desiredSize' \(1\) is less than 'minSize' \(2\); use a value from 2 to 4/],
    [{ minSize: 1, desiredSize: 5, maxSize: 4 }, /'desiredSize' \(5\) is greater than 'maxSize' \(4\)/],
    [{ minSize: 0, maxSize: 0 }, /'maxSize' is 0; a node group needs room for at least 1 node/],
    [{ minSize: -1, maxSize: 2 }, /'minSize' is -1; it must be a whole number of at least 0/],
    [{ minSize: 1, maxSize: 2.5 }, /'maxSize' is 2.5; it must be a whole number/],
  ])('%j is rejected', (size, message) => {
    expect(nodeGroupSizeProblems(size).join('; ')).toMatch(message);
  });

  test('token twins: comparisons with a token are skipped', () => {
    const token = Token.asNumber({ Ref: 'Size' });
    expect(nodeGroupSizeProblems({ minSize: token, desiredSize: 1, maxSize: 0 + 2 })).toEqual([]);
    expect(nodeGroupSizeProblems({ minSize: 3, desiredSize: token, maxSize: token })).toEqual([]);
  });
});

describe('updateConfigProblems', () => {
  test('valid settings', () => {
    expect(updateConfigProblems(2, undefined, 3)).toEqual([]);
    expect(updateConfigProblems(undefined, 33, 3)).toEqual([]);
  });

  test.each([
    [[1, 10, 3], /'maxUnavailable' and 'maxUnavailablePercentage' are both set/],
    [[0, undefined, 3], /'maxUnavailable' is 0; use a whole number from 1 to 100/],
    [[7, undefined, 5], /'maxUnavailable' is 7 but 'maxSize' is 5; use 1–5/],
    [[undefined, 150, 5], /'maxUnavailablePercentage' is 150; use a whole number from 1 to 100/],
  ])('%j is rejected', ([count, pct, max], message) => {
    expect(updateConfigProblems(count, pct, max!).join('; ')).toMatch(message);
  });

  test('token twins pass', () => {
    expect(updateConfigProblems(Token.asNumber({ Ref: 'N' }), undefined, 3)).toEqual([]);
    expect(updateConfigProblems(7, undefined, Token.asNumber({ Ref: 'Max' }))).toEqual([]);
    expect(updateConfigProblems(undefined, Token.asNumber({ Ref: 'P' }), 3)).toEqual([]);
  });
});
