import { describe, expect, it } from 'vitest';
import { firstSentence, lastQuoted, normaliseText } from './text.js';

describe('normaliseText', () => {
  it.each([
    ['nk.', 'nk'],
    ['  NK  ', 'nk'],
    ['"nk".', 'nk'],
    ['“Nk”.', 'nk'],
    ["'ls'", 'ls'],
    ['**yn**', 'yn'],
    ['`ye`', 'ye'],
    ['"nk."', 'nk'],
    ['New   York\n City', 'new york city'],
    ['05/23/1943.', '05/23/1943'],
    ['it’s', "it's"],
    ['U.S.', 'u.s'],
    ['"', '"'],
    ['', null],
    [' . ', null],
    ['""', null],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseText(raw)).toBe(expected);
  });
});

describe('firstSentence', () => {
  it.each([
    ['nk.', 'nk.'],
    ['  nk. The last letters are', 'nk'],
    ['05/23/1943. Next', '05/23/1943'],
    ['3.5 cups\nmore', '3.5 cups'],
    ['\n\nye', 'ye'],
  ])('%j → %j', (text, expected) => {
    expect(firstSentence(text)).toBe(expected);
  });
});

describe('lastQuoted', () => {
  it.each([
    ['The last letter of "Elon" is "n". Concatenating them is "nk".', 'nk'],
    ['It is “Ye”', 'ye'],
    ['no quotes', null],
    ['an "unclosed quote', null],
  ])('%j → %j', (text, expected) => {
    expect(lastQuoted(text)).toBe(expected);
  });
});
