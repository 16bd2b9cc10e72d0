/**
 * A test as the form edits it: the `PATCH` body (name, description, type, config,
 * variables, tool mocks, repeat), changed one field at a time, and the server's problems
 * (`body.config.success_criteria`) matched to the field they belong to.
 */
import type { ProblemDetail } from '../api/http-client.ts';

export type Draft = Record<string, unknown> & { config: Record<string, unknown> };

/** A fresh config when the type changes: the fields the type needs, empty, and the same message. */
export function configFor(type: string, message: string): Record<string, unknown> {
  if (type === 'tool') return { context: message, expected_tool: '', parameter_checks: [], expect_no_tool_call: false };
  if (type === 'simulation') return { scenario: '', max_turns: 10, success_criteria: '', data_assertions: {} };
  return { context: message, success_criteria: '', success_examples: [], failure_examples: [] };
}

/** A new test before anything is typed: a reply test, one attempt, no variables, no mocks. */
export function blankDraft(): Draft {
  return { name: '', description: '', type: 'reply', repeat: 1, variables: {}, config: configFor('reply', '') };
}

/** The user's message of a reply or tool test, whether the context is a string or has a history. */
export function messageOf(config: Record<string, unknown>): string {
  const context = config['context'];
  if (typeof context === 'string') return context;
  if (typeof context === 'object' && context !== null && 'message' in context) return String((context as { message: unknown }).message ?? '');
  return '';
}

/** Sets the message, keeping any `initial_chat_history` before it. */
export function withMessage(config: Record<string, unknown>, message: string): Record<string, unknown> {
  const context = config['context'];
  return { ...config, context: typeof context === 'object' && context !== null ? { ...context, message } : message };
}

/**
 * The body to send: empty optional strings dropped so the server's own rules (required
 * unless…) speak, not a "too short" on a field left blank.
 */
export function bodyOf(draft: Draft): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(draft.config)) {
    if (value === '' && key !== 'context') continue;
    config[key] = value;
  }
  return { ...draft, config };
}

/**
 * Problems by field: `body.config.success_criteria` → `config.success_criteria`,
 * `body.config.parameter_checks.0.expected` → `config.parameter_checks`; what matches no
 * field is left for the form's own line.
 */
export function problemsByField(details: readonly ProblemDetail[], fields: readonly string[]): { byField: Map<string, string>; rest: string[] } {
  const byField = new Map<string, string>();
  const rest: string[] = [];
  for (const { path, message } of details) {
    const parts = path.replace(/^body\./, '').split('.');
    const field = [parts.slice(0, 2).join('.'), parts[0] ?? ''].find((f) => fields.includes(f));
    if (field) byField.set(field, byField.has(field) ? `${byField.get(field)}; ${message}` : message);
    else rest.push(`${path}: ${message}`);
  }
  return { byField, rest };
}
