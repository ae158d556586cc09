/** Where things are in a JSON text, by line: for error messages that point into a pretty-printed array file. */

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

type Frame = { kind: 'array'; index: number } | { kind: 'object'; key: string; expectKey: boolean };

const LITERAL_START = /[-0-9tfn]/;
const LITERAL_END = /[\s,:\]}]/;

/**
 * The 1-based line on which each element of the array at `at` starts (`[]`: the top-level array). Assumes valid
 * JSON (the caller has parsed it); one pass, no values built.
 */
export function arrayElementLines(text: string, at: readonly string[]): number[] {
  const lines: number[] = [];
  const stack: Frame[] = [];
  let line = 1;
  let inString = false;
  let stringIsKey = false;
  let stringStart = 0;
  let inLiteral = false;

  const atTarget = (): boolean => {
    if (stack.length !== at.length + 1) return false;
    return at.every((key, depth) => {
      const frame = stack[depth];
      return frame?.kind === 'object' && frame.key === key;
    });
  };
  const valueStarts = (): void => {
    const top = stack.at(-1);
    if (top?.kind === 'array' && atTarget()) lines[top.index] = line;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        const top = stack.at(-1);
        if (stringIsKey && top?.kind === 'object') top.key = JSON.parse(text.slice(stringStart, i + 1)) as string;
      }
      continue;
    }
    if (inLiteral && LITERAL_END.test(c)) inLiteral = false;
    if (inLiteral) continue;
    const top = stack.at(-1);
    if (c === '"') {
      stringIsKey = top?.kind === 'object' && top.expectKey;
      if (!stringIsKey) valueStarts();
      inString = true;
      stringStart = i;
    } else if (c === '{' || c === '[') {
      valueStarts();
      stack.push(c === '{' ? { kind: 'object', key: '', expectKey: true } : { kind: 'array', index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ':') {
      if (top?.kind === 'object') top.expectKey = false;
    } else if (c === ',') {
      if (top?.kind === 'array') top.index++;
      else if (top?.kind === 'object') top.expectKey = true;
    } else if (LITERAL_START.test(c)) {
      valueStarts();
      inLiteral = true;
    }
  }
  return lines;
}
