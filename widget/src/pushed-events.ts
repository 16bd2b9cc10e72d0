/**
 * What the server pushes while a session is open, applied to what the visitor sees: the
 * operator typing and their messages, keypad prompts, the hand-over to a person and the end.
 * The channel it comes through (`event-channel.ts`) reconnects by itself.
 */
import type { ConversationLog } from './conversation-log.ts';
import { openEventChannel, type EventChannel, type EventChannelOptions } from './event-channel.ts';
import type { KeypadController } from './keypad-controller.ts';
import type { TypingState } from './typing-state.ts';
import type { SessionStatus, UiMessage, WidgetEvent } from './types.ts';

export interface PushedTarget {
  readonly log: ConversationLog;
  readonly typing: TypingState;
  readonly keypad: KeypadController;
  /** A message arrived from the agent or an operator: counted unread, told to the page. */
  arrived(message: UiMessage): void;
  setStatus(status: SessionStatus, reason?: string): void;
  changed(): void;
}

export interface PushedEventsPorts extends PushedTarget {
  /** A malformed event, or why the channel stopped for good. */
  problem(error: unknown): void;
  /** The channel is open: the server answers (again). */
  opened(): void;
}

/** One session's channel at a time. */
export class PushedEvents {
  private channel: EventChannel | null = null;

  constructor(
    private readonly ports: PushedEventsPorts,
    private readonly delays?: readonly number[],
  ) {}

  /** Listens to a session's events, instead of any earlier session's. */
  listen(open: EventChannelOptions['open']): void {
    this.close();
    this.channel = openEventChannel({
      open,
      onEvent: (event) => applyPushed(event, this.ports),
      onProblem: (error) => this.ports.problem(error),
      onOpen: () => this.ports.opened(),
      ...(this.delays ? { delays: this.delays } : {}),
    });
  }

  /** Reconnect now rather than after the current wait (the browser is back online). */
  wake(): void {
    this.channel?.wake();
  }

  close(): void {
    this.channel?.close();
    this.channel = null;
  }
}

export function applyPushed(event: WidgetEvent, target: PushedTarget): void {
  // Typing re-renders by itself, and only when who is typing changes.
  if (event.type === 'typing') return target.typing.operatorTyping(event.author_name);
  switch (event.type) {
    case 'message': {
      // The operator's message ends their typing.
      if (event.message.author === 'operator') target.typing.stop();
      const message = target.log.addPushed(event.message);
      if (message) target.arrived(message);
      break;
    }
    case 'gather':
    case 'gather_end':
      target.keypad.onEvent(event);
      break;
    case 'transferred':
      target.setStatus('transferred');
      break;
    case 'ended':
      target.setStatus('ended', event.reason);
      break;
  }
  target.changed();
}
