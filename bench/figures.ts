/** One line of the benchmark table: what was measured, its value, the target and whether it was met. */
export interface Figure {
  readonly figure: string;
  readonly value: number;
  readonly target: string;
  readonly pass: boolean;
  /** How to read the value (unit, what it is a ratio of); shown in the table, left out of the JSON. */
  readonly detail?: string;
}

export function figure(name: string, value: number, target: string, pass: boolean, detail?: string): Figure {
  return { figure: name, value, target, pass, ...(detail === undefined ? {} : { detail }) };
}

const shown = (x: number): string => (Number.isInteger(x) ? x.toLocaleString('en-US') : Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(3));

export function figuresTable(figures: readonly Figure[]): string {
  const lines = ['| figure | value | target | pass | how to read it |', '|---|---|---|---|---|'];
  for (const f of figures) lines.push(`| ${f.figure} | ${shown(f.value)} | ${f.target} | ${f.pass ? 'pass' : 'FAIL'} | ${f.detail ?? ''} |`);
  return lines.join('\n');
}
