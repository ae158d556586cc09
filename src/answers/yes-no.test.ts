import { describe, expect, it } from 'vitest';
import { firstYesNo, lastYesNo, normaliseYesNo } from './yes-no.js';

describe('firstYesNo (Kojima answer-only)', () => {
  it.each([
    ['Yes.', 'yes'],
    [' no', 'no'],
    ['"No", because', 'no'],
    ['**Yes**, it is', 'yes'],
    ['(yes)', 'yes'],
    ['Not necessarily; no.', 'no'],
    ['yes-man', null],
    ['nope', null],
    ['', null],
  ])('%j → %j', (text, expected) => {
    expect(firstYesNo(text)).toBe(expected);
  });
});

describe('lastYesNo (completion fallback)', () => {
  it.each([
    ['It is heads up, so yes.', 'yes'],
    ['Yes, it was flipped by no one.', 'yes'],
    ['There is no one here', null],
    ['Is it? No.', 'no'],
    ['no\nNext line', 'no'],
    ['It is plausible: yes. Or no', 'no'],
    ['nothing known', null],
  ])('%j → %j', (text, expected) => {
    expect(lastYesNo(text)).toBe(expected);
  });
});

describe('normaliseYesNo', () => {
  it.each([
    ['yes', 'yes'],
    ['Yes.', 'yes'],
    [' NO ', 'no'],
    ['true', 'yes'],
    ['False', 'no'],
    ['1', 'yes'],
    ['0', 'no'],
    ['"yes"', 'yes'],
    ['maybe', null],
    ['yes no', null],
    ['constructor', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseYesNo(raw)).toBe(expected);
  });
});
