import type { ReasoningPath, ReasoningResult } from '../spec/result.js';

/** The `--json` shape of `concord ask`. Scripts depend on it: add fields, never rename or remove them. */
export interface AskJson {
  readonly answer: string | null;
  readonly confidence: number;
  readonly votes: readonly { readonly answer: string; readonly count: number; readonly share: number }[];
  readonly paths: readonly { readonly text: string; readonly answer: string | null; readonly rule: string | null; readonly tokens: number; readonly logprob?: number }[];
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number; readonly seconds: number };
  readonly settings: Readonly<Record<string, unknown>>;
  /** Options a backend ignored, failed programs, selection fallbacks: what the human output prints as warnings. */
  readonly warnings: readonly string[];
}

export function toAskJson(result: ReasoningResult): AskJson {
  return {
    answer: result.answer,
    confidence: result.confidence,
    votes: result.votes.map((v) => ({ answer: v.answer, count: v.count, share: v.share })),
    paths: result.paths.map((p) => ({
      text: p.text,
      answer: p.answer,
      rule: p.rule,
      tokens: p.tokens,
      ...(p.logprob === undefined ? {} : { logprob: p.logprob }),
    })),
    usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, seconds: result.usage.seconds },
    settings: result.settings,
    warnings: result.warnings,
  };
}

export interface RenderOptions {
  /** Characters of each path's text to show; 0 shows it whole. @default 100 */
  readonly abridge?: number;
  /** Terminal width for the vote bars. @default 80 */
  readonly width?: number;
}

/** Collapses whitespace and keeps the start and the end, where the answer usually is. */
export function abridge(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (limit <= 0 || flat.length <= limit) return flat;
  const head = Math.ceil((limit - 5) * 0.4);
  const tail = limit - 5 - head;
  return `${flat.slice(0, head)} ... ${flat.slice(flat.length - tail)}`;
}

const ANSWER_WIDTH = 24;

/** An answer cut to the column it is shown in (long free-text answers would push everything else off screen). */
function cell(answer: string, width: number): string {
  return (answer.length > width ? `${answer.slice(0, width - 1)}…` : answer).padEnd(width);
}

function pathLine(path: ReasoningPath, answerWidth: number, abridgeAt: number): string {
  const number = String(path.index + 1).padStart(3);
  const answer = cell(path.answer ?? 'no answer', answerWidth);
  const finish = path.finishReason.unified === 'stop' ? '' : ` [${path.finishReason.unified}]`;
  return `${number}  ${answer}  ${abridge(path.text, abridgeAt)}  (${path.tokens} tokens${finish})`;
}

export function renderHuman(question: string, result: ReasoningResult, options: RenderOptions = {}): string {
  const abridgeAt = options.abridge ?? 100;
  const width = options.width ?? 80;
  const lines: string[] = [];
  const s = result.settings;
  lines.push(`Question: ${question}`);
  lines.push(`Model: ${String(s.provider ?? '?')} ${String(s.modelId ?? '?')} · strategy ${String(s.strategy ?? '?')}`);
  lines.push('');
  const answerWidth = Math.min(ANSWER_WIDTH, Math.max(9, ...result.paths.map((p) => (p.answer ?? '').length)));
  lines.push(`Paths (${result.paths.length}):`);
  for (const path of result.paths) lines.push(pathLine(path, answerWidth, abridgeAt));
  lines.push('');
  const abstained = result.paths.filter((p) => p.answer === null).length;
  if (result.votes.length > 0) {
    lines.push('Votes:');
    const barRoom = Math.max(10, width - answerWidth - 22);
    for (const vote of result.votes) {
      const bar = '█'.repeat(Math.max(1, Math.round(vote.share * barRoom)));
      lines.push(`  ${cell(vote.answer, answerWidth)} ${String(vote.count).padStart(4)}  ${(vote.share * 100).toFixed(1).padStart(5)}%  ${bar}`);
    }
  }
  if (abstained > 0) lines.push(`  (no answer: ${abstained} of ${result.paths.length} paths)`);
  lines.push('');
  const answered = result.paths.length - abstained;
  if (result.answer === null) lines.push('Answer: none (no path gave an answer)');
  else {
    const winner = result.votes[0];
    lines.push(`Answer: ${result.answer}   confidence ${(result.confidence * 100).toFixed(1)}% (${winner?.count ?? 0} of ${answered} answered paths)`);
  }
  const u = result.usage;
  lines.push(`Tokens: ${u.inputTokens} in, ${u.outputTokens} out · ${u.seconds.toFixed(2)} s`);
  if (typeof s.earlyStop === 'string') {
    const cancelled = typeof s.pathsCancelled === 'number' && s.pathsCancelled > 0 ? `, ${s.pathsCancelled} cancelled mid-batch` : '';
    lines.push(
      s.stoppedEarly === true
        ? `Early stop (${s.earlyStop}): ${String(s.pathsUsed)} of ${String(s.paths)} paths sampled${cancelled}`
        : `Early stop (${s.earlyStop}): not met; all ${String(s.paths)} paths sampled`,
    );
  }
  for (const warning of result.warnings) lines.push(`Warning: ${warning}`);
  return lines.join('\n');
}
