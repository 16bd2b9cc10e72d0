/**
 * The texts a turn produces and how they become ONE assistant message. Every place that
 * joins them (the stored history, the turn's reply, the provisional message an `llm`
 * node sees, streamed deltas) uses this rule.
 */
import type { OutboxItem } from './workflow-context.ts';

/** Between two texts of one turn: a blank line. */
export const REPLY_SEPARATOR = '\n\n';

/** Append a text to the outbox; empty texts are dropped unless they carry buttons. */
export function withText(outbox: readonly OutboxItem[], text: string, choices?: string[]): OutboxItem[] {
  if (text.trim() === '' && choices === undefined) return [...outbox];
  return [...outbox, choices === undefined ? { text } : { text, choices }];
}

/**
 * The turn's texts as one message.
 * @example replyText([{ text: 'Hi.' }, { text: '' , choices: ['A'] }, { text: 'Name?' }]) // 'Hi.\n\nName?'
 */
export function replyText(outbox: readonly OutboxItem[]): string {
  return outbox.map((item) => item.text).filter((text) => text !== '').join(REPLY_SEPARATOR);
}
