/**
 * The keypad prompt a session can push (`gather`): the digits typed so far, sent when
 * the terminator is pressed or the maximum is reached.
 */
import type { ReactiveControllerHost } from 'lit';
import type { PushedEvent } from '../../shared/api/text-chat-api.ts';
import { ApiError } from './api-client.ts';
import type { GatherView } from './types.ts';

export const KEYPAD_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

type GatherEvent = Extract<PushedEvent, { type: 'gather' | 'gather_end' }>;

export class KeypadController {
  prompt: GatherView | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: {
      /** Answers the prompt on the server (`POST …/gather`). */
      answer(input: string): Promise<void>;
      onError(error: unknown): void;
    },
  ) {}

  onEvent(event: GatherEvent): void {
    if (event.type === 'gather') {
      this.prompt = { id: event.gather_id, prompt: event.prompt, maxDigits: event.max_digits, terminator: event.terminator, digits: '', submitting: false };
    } else if (this.prompt?.id === event.gather_id) {
      this.prompt = null;
    }
    this.host.requestUpdate();
  }

  clear(): void {
    this.prompt = null;
  }

  /** A digit, `*`, `#` (or the prompt's terminator), or `back`. */
  press(key: string): void {
    const prompt = this.prompt;
    if (!prompt || prompt.submitting) return;
    if (key === prompt.terminator) return void this.submit();
    if (key === 'back') prompt.digits = prompt.digits.slice(0, -1);
    else if (prompt.digits.length < prompt.maxDigits && KEYPAD_KEYS.some((k) => k === key)) prompt.digits += key;
    this.host.requestUpdate();
    if (prompt.digits.length >= prompt.maxDigits) void this.submit();
  }

  async submit(): Promise<void> {
    const prompt = this.prompt;
    if (!prompt || prompt.submitting) return;
    prompt.submitting = true;
    this.host.requestUpdate();
    let done = true;
    try {
      await this.options.answer(prompt.digits);
    } catch (error) {
      // 409: the prompt closed meanwhile (timed out): nothing is left to answer.
      done = error instanceof ApiError && error.status === 409;
      if (!done) this.options.onError(error);
    }
    prompt.submitting = false;
    // Answered (or already closed on the server): the keypad goes; `gather_end` may follow.
    if (done && this.prompt === prompt) this.prompt = null;
    this.host.requestUpdate();
  }
}
