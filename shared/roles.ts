/**
 * The roles of a workspace's people, each a superset of the one below it: an operator
 * staffs conversations and reads agents and tests, a builder also changes agents and
 * tests and uses the playground, an admin also manages people, API keys and webhooks.
 * Shared so the console hides what a role cannot do by the same rule the server enforces.
 */
export const ROLES = ['operator', 'builder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * @example roleAtLeast('builder', 'operator') // true
 * @example roleAtLeast('operator', 'builder') // false
 */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
