/** The simple word splitter the vocabulary is defined against, and template-word extraction. */

/** Split points: `"` `.` `,` `?` `:`. The operators stand alone between spaces, so they arrive as tokens too. */
export const SPLIT_PUNCTUATION: readonly string[] = ['"', '.', ',', '?', ':'];
export const OPERATORS: readonly string[] = ['+', '-', '*', '/', '='];
export const PUNCTUATION: readonly string[] = [...SPLIT_PUNCTUATION, ...OPERATORS];

const splitter = /\s+|([".,?:])/;

/** Words, numbers and punctuation marks of `text`, in order, without the spaces. */
export function splitTokens(text: string): string[] {
  return text.split(splitter).filter((piece): piece is string => piece !== undefined && piece !== '');
}

/** The words of templates, placeholders `{slot}` removed, punctuation and numbers left out; in first-seen order. */
export function templateWords(templates: readonly string[]): string[] {
  const found = new Set<string>();
  for (const template of templates) {
    for (const token of splitTokens(template.replace(/\{\w+\}/g, ' '))) {
      if (!PUNCTUATION.includes(token) && !/^\d+$/.test(token)) found.add(token);
    }
  }
  return [...found];
}

/** Fills `{slot}` placeholders; a missing value is a bug in a generator, so it throws. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`template slot {${key}} has no value: ${template}`);
    return String(value);
  });
}
