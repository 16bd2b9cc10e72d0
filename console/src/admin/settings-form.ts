/**
 * The workspace settings form as the API takes it: each field's text, blank meaning
 * "back to the server's default" (`null`), numbers read as numbers — and text that is no
 * number left as text, so the API's schema names the field rather than a `NaN`.
 */
import type { WorkspaceSettingsChange } from '../../../shared/api/workspace-settings-api.ts';

export type SettingsForm = Record<'llm.model' | 'llm.temperature' | 'llm.max_tokens' | 'session_idle_minutes', string>;

const numberOrText = (text: string): number | string | null => {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
};

/**
 * The `PATCH /v1/workspace/settings` body of the form, to be checked by its schema.
 * @example settingsFormBody({ 'llm.model': '', 'llm.temperature': '0.2', 'llm.max_tokens': '', session_idle_minutes: '30' })
 * // { llm: { model: null, temperature: 0.2, max_tokens: null }, session_idle_minutes: 30 }
 */
export function settingsFormBody(form: SettingsForm): WorkspaceSettingsChange | Record<string, unknown> {
  const model = form['llm.model'].trim();
  return {
    llm: { model: model === '' ? null : model, temperature: numberOrText(form['llm.temperature']), max_tokens: numberOrText(form['llm.max_tokens']) },
    session_idle_minutes: numberOrText(form.session_idle_minutes),
  };
}
