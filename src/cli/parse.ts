import { InvalidArgumentError as CommanderArgumentError } from 'commander';

/** Commander value parsers: a bad value fails with commander's own message naming the flag. */
export function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new CommanderArgumentError(`must be a whole number ≥ ${min}`);
    return n;
  };
}

export function decimal(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new CommanderArgumentError(`must be a number from ${min} to ${max}`);
    return n;
  };
}

export function threadCount(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  return wholeNumber(1)(value);
}

/** `A-E` or `ABCD` or `A,B,C` → ['A', …]. */
export function letters(value: string): string[] {
  const range = /^([A-Za-z])-([A-Za-z])$/.exec(value.trim());
  if (range) {
    const from = (range[1] as string).toUpperCase().charCodeAt(0);
    const to = (range[2] as string).toUpperCase().charCodeAt(0);
    if (to < from) throw new CommanderArgumentError('a letter range runs forwards, e.g. A-E');
    return Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
  }
  const list = value.toUpperCase().replace(/[\s,]/g, '').split('');
  if (list.length === 0 || list.some((l) => !/^[A-Z]$/.test(l))) throw new CommanderArgumentError('must be letters such as A-E or ABCD');
  return list;
}

/** Repeatable flags collect into a list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
