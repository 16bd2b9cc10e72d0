/**
 * How a replay reads in the console: a conversation's verdict in words, the one line that
 * says where it first went another way, and the summary of a whole replay.
 */
import type { ReplayConversation, ReplaySummary } from '../../../shared/api/replays-api.ts';

type Divergence = NonNullable<ReplayConversation['first_divergence']>;

const VERDICTS: Record<ReplayConversation['status'], string> = {
  pending: 'pending',
  identical: 'identical',
  text_only: 'text only',
  diverged: 'diverged',
  error: 'error',
};

/** @example verdictText('text_only') // 'text only' */
export function verdictText(status: ReplayConversation['status']): string {
  return VERDICTS[status];
}

/** `turn 1 (after "123456")`, or `the opening` for turn 0. */
export function turnText(divergence: Divergence): string {
  return divergence.turn === 0 || divergence.user_message === null ? 'the opening' : `turn ${divergence.turn} (after “${divergence.user_message}”)`;
}

/**
 * Where a conversation first differed, in one line.
 * @example divergenceLine(d) // 'At turn 1 (after “123456”): route → inactive, recorded route → bye'
 */
export function divergenceLine(divergence: Divergence): string {
  const { recorded, replayed } = divergence;
  const at = `At ${turnText(divergence)}`;
  if (replayed.transition !== null || recorded.transition !== null) {
    return `${at}: ${replayed.transition ?? `stayed at ${replayed.node ?? 'no node'}`}, recorded ${recorded.transition ?? `stayed at ${recorded.node ?? 'no node'}`}`;
  }
  if (replayed.node !== recorded.node) return `${at}: rests at ${replayed.node ?? 'no node'}, recorded ${recorded.node ?? 'no node'}`;
  if (divergence.variables.length) return `${at}: same path, other values of ${divergence.variables.map((v) => v.path).join(', ')}`;
  return `${at}: same path, other words`;
}

/** @example summaryText(summary) // '3 conversations: 1 identical, 1 text only, 1 diverged' */
export function summaryText(summary: ReplaySummary): string {
  const parts = [
    [summary.identical, 'identical'],
    [summary.text_only, 'text only'],
    [summary.diverged, 'diverged'],
    [summary.errors, summary.errors === 1 ? 'error' : 'errors'],
  ] as const;
  const counted = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  const total = `${summary.conversations} ${summary.conversations === 1 ? 'conversation' : 'conversations'}`;
  return counted.length ? `${total}: ${counted.join(', ')}` : total;
}
