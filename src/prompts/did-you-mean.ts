/** Edit distance and "did you mean" suggestions for unknown names (exemplar set ids, strategy names). */

/** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  // One row of the dynamic-programming table is enough.
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known name closest to `name`, when it is close enough to be a likely typo (at most a third of the
 * name's length, and at least 2, edits away), or one that contains it; undefined otherwise.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name: candidate, distance };
  }
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  if (best !== undefined && best.distance <= limit) return best.name;
  return wanted.length >= 3 ? known.find((candidate) => candidate.toLowerCase().includes(wanted)) : undefined;
}

/** `unknown <what> "x"; did you mean "y"? Known: a, b, c` */
export function unknownNameMessage(what: string, name: string, known: readonly string[]): string {
  const suggestion = closestName(name, known);
  const hint = suggestion === undefined ? '.' : `; did you mean "${suggestion}"?`;
  return `unknown ${what} "${name}"${hint} Known: ${known.join(', ')}`;
}
