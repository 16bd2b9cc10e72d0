/**
 * What each role may do in the console (the console auth contract): `admin` everything;
 * `builder` agents, tests and the playground; `operator` conversations, and agents read
 * only. Every role works the inbox (as the server's role table says). The server enforces the same on every route; the console only hides what a role
 * cannot use, so nobody meets a control that would answer 403.
 */
import type { Role } from '../api/auth-session.ts';

export type Ability = 'agents.read' | 'agents.write' | 'playground' | 'conversations' | 'inbox' | 'tests.write' | 'debug-links' | 'webhooks' | 'settings' | 'users' | 'api-keys' | 'audit-log';

const ABILITIES: Record<Role, readonly Ability[]> = {
  admin: ['agents.read', 'agents.write', 'playground', 'conversations', 'inbox', 'tests.write', 'debug-links', 'webhooks', 'settings', 'users', 'api-keys', 'audit-log'],
  builder: ['agents.read', 'agents.write', 'playground', 'conversations', 'inbox', 'tests.write', 'debug-links'],
  operator: ['agents.read', 'conversations', 'inbox'],
};

/** @example can('operator', 'agents.write') // false */
export function can(role: Role, ability: Ability): boolean {
  return ABILITIES[role].includes(ability);
}
