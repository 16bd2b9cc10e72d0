/** What every page gets from the app shell. */
import type { SignedInUser } from '../api/auth-session.ts';
import type { HttpClient } from '../api/http-client.ts';
import type { InboxFeed } from './inbox-feed.ts';
import type { Ability } from './roles.ts';

export interface ConsoleContext {
  http: HttpClient;
  user: SignedInUser;
  can(ability: Ability): boolean;
  navigate(path: string, options?: { replace?: boolean }): void;
  /** Says `message` to screen readers (a polite live region) and shows it briefly. */
  announce(message: string): void;
  /** The inbox stream the shell follows: its latest queue, and desktop notifications. */
  inbox: Pick<InboxFeed, 'subscribe' | 'onTyping' | 'notifying' | 'setNotifying'>;
}
