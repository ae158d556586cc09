import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../spec/errors/index.js';
import { resolveStrategy, strategies, strategyNames } from './registry.js';

describe('strategy registry', () => {
  it.each([
    ['direct', 'direct'],
    ['cot', 'chain-of-thought'],
    ['chain-of-thought', 'chain-of-thought'],
    ['zero-shot-cot', 'zero-shot-cot'],
    ['zs-cot', 'zero-shot-cot'],
    ['self-consistency', 'self-consistency'],
    ['sc', 'self-consistency'],
    [' SC ', 'self-consistency'],
    ['pal', 'program-aided'],
    ['usc', 'universal-self-consistency'],
    ['l2m', 'least-to-most'],
  ])('resolves %s to %s', (name, canonical) => {
    expect(resolveStrategy(name).name).toBe(canonical);
  });

  it('lists names then aliases, each once', () => {
    expect(strategyNames()).toEqual(['direct', 'chain-of-thought', 'zero-shot-cot', 'self-consistency', 'program-aided', 'universal-self-consistency', 'least-to-most', 'cot', 'zs-cot', 'sc', 'pal', 'usc', 'l2m']);
    expect(new Set(strategyNames()).size).toBe(strategyNames().length);
  });

  it('rejects an unknown name with a suggestion', () => {
    const error = (() => {
      try {
        resolveStrategy('self-consistancy');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).issues).toEqual([
      {
        path: ['strategy'],
        message:
          'unknown strategy "self-consistancy"; did you mean "self-consistency"? Known: direct, chain-of-thought, zero-shot-cot, self-consistency, program-aided, universal-self-consistency, least-to-most, cot, zs-cot, sc, pal, usc, l2m',
      },
    ]);
  });

  it('gives every strategy a description and an options schema with defaults', () => {
    for (const strategy of strategies) {
      expect(strategy.description.length).toBeGreaterThan(10);
      expect(strategy.optionsSchema.safeParse({}).success).toBe(true);
    }
  });
});
