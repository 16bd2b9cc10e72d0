import { describe, expect, it } from 'vitest';
import { updateWorkspaceSettingsSchema } from '../../../shared/api/workspace-settings-api.ts';
import { settingsFormBody } from './settings-form.ts';

const form = (over: Partial<Record<string, string>> = {}) => ({ 'llm.model': '', 'llm.temperature': '', 'llm.max_tokens': '', session_idle_minutes: '', ...over });

describe('the workspace settings form', () => {
  it('sends blank fields as null (the server default) and numbers as numbers', () => {
    expect(settingsFormBody(form({ 'llm.model': ' gpt-4o-mini ', 'llm.temperature': '0.2', session_idle_minutes: '45' }))).toEqual({
      llm: { model: 'gpt-4o-mini', temperature: 0.2, max_tokens: null },
      session_idle_minutes: 45,
    });
  });

  it('leaves text that is no number as text, so the schema names the field it is in', () => {
    const checked = updateWorkspaceSettingsSchema.safeParse(settingsFormBody(form({ 'llm.temperature': 'warm', session_idle_minutes: '0' })));
    expect(checked.success).toBe(false);
    expect(checked.error?.issues.map((i) => i.path.join('.'))).toEqual(['llm.temperature', 'session_idle_minutes']);
  });
});
