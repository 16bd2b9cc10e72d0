/**
 * Thumbs up or down on one of the agent's answers: shown at once, then sent, and taken
 * back when the server does not take it, so the widget never shows a rating it lost.
 */
import type { UiMessage } from './types.ts';

export type Rating = 'up' | 'down';

export interface FeedbackPorts {
  /** Saves the rating of the answer at `index` of the conversation. */
  send(index: number, rating: Rating): Promise<void>;
  changed(): void;
  failed(error: unknown): void;
}

/** Rates `message` (nothing happens for a message the server has not numbered yet, or the rating it has). */
export async function rateAnswer(message: UiMessage | null, rating: Rating, ports: FeedbackPorts): Promise<void> {
  if (!message || message.index === null || message.rating === rating) return;
  const before = message.rating;
  message.rating = rating;
  ports.changed();
  try {
    await ports.send(message.index, rating);
  } catch (error) {
    if (before) message.rating = before;
    else delete message.rating;
    ports.failed(error);
  }
}
