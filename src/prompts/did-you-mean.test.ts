import { describe, expect, it } from 'vitest';
import { closestName, editDistance, unknownNameMessage } from './did-you-mean.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('cot', 'sc')).toBe(3);
  });
});

describe('closestName', () => {
  const known = ['direct', 'chain-of-thought', 'zero-shot-cot', 'self-consistency'];
  it('suggests a near miss', () => {
    expect(closestName('chain-of-thougt', known)).toBe('chain-of-thought');
    expect(closestName('Direkt', known)).toBe('direct');
  });
  it('suggests a name that contains the input', () => {
    expect(closestName('consistency', known)).toBe('self-consistency');
  });
  it('suggests nothing for something far off', () => {
    expect(closestName('banana-bread', known)).toBeUndefined();
  });
  it('writes the message', () => {
    expect(unknownNameMessage('strategy', 'drect', known)).toBe(
      'unknown strategy "drect"; did you mean "direct"? Known: direct, chain-of-thought, zero-shot-cot, self-consistency',
    );
    expect(unknownNameMessage('strategy', 'xyzzy', ['a'])).toBe('unknown strategy "xyzzy". Known: a');
  });
});
