/**
 * Finds stop strings in text that grows token by token, and says how much of the text is safe to stream:
 * the tail that could still become a stop string is held back, and so is a trailing U+FFFD (a multi-byte
 * character whose remaining bytes are still to come).
 */
export class StopDetector {
  readonly #stops: readonly string[];
  readonly #holdBack: number;

  constructor(stops: readonly string[]) {
    this.#stops = stops.filter((s) => s.length > 0);
    this.#holdBack = Math.max(0, ...this.#stops.map((s) => s.length - 1));
  }

  /** Index of the earliest stop string in `text` at or after `from`, or -1. */
  find(text: string, from: number): number {
    let earliest = -1;
    for (const stop of this.#stops) {
      const at = text.indexOf(stop, Math.max(0, from - stop.length + 1));
      if (at >= 0 && (earliest < 0 || at < earliest)) earliest = at;
    }
    return earliest;
  }

  /** How much of `text` can be streamed now without ever having to take it back. */
  safeLength(text: string): number {
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === 0xfffd) end--;
    if (this.#holdBack === 0) return end;
    // Hold back only a tail that is a prefix of some stop string.
    for (let start = Math.max(0, end - this.#holdBack); start < end; start++) {
      const tail = text.slice(start, end);
      if (this.#stops.some((s) => s.startsWith(tail))) return start;
    }
    return end;
  }
}
