import { cpus, totalmem } from 'node:os';

/** The machine line every benchmark table carries (see ../shared/design/benchmarking.md). */
export function machineLine(threads: number): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu.trim()} · ${cpus().length} cores · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · Node ${process.version} · threads ${threads}`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
