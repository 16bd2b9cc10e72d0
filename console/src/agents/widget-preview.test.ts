import { describe, expect, it } from 'vitest';
import type { AgentResponse } from '../../../shared/api/agents-api.ts';
import { previewFetch } from './preview-backend.ts';
import { previewSettings } from './preview-settings.ts';

const agent = {
  id: 'agent_0000c1a1',
  name: 'Claims',
  language: 'en',
  first_message: null,
  widget: { enabled: true, allowed_origins: [], title: 'Harbor claims', welcome_text: null, theme: { accent: '#0b5cad' }, allow_edits: false },
} as unknown as AgentResponse;

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe('the widget preview', () => {
  it('previews the saved settings, then the form as it is typed (an emptied field falls back to the default)', () => {
    expect(previewSettings(agent).config).toMatchObject({ title: 'Harbor claims', theme: { accent: '#0b5cad' }, language: 'en' });
    const typed = previewSettings(agent, form({ name: 'Claims', 'widget.title': '', 'widget.theme.accent': '#c2185b', 'widget.theme.radius': '4px', language: 'de', first_message: 'Hallo!' }));
    expect(typed.config).toMatchObject({ title: 'Claims', theme: { accent: '#c2185b', radius: '4px' }, language: 'de' });
    expect(typed.opening).toBe('Hallo!');
  });

  it("answers the widget's own requests: the edited config, a sample conversation, a reply, and nothing else", async () => {
    const { config } = previewSettings(agent);
    const fetch = previewFetch(config, 'Hi there');
    const base = 'http://localhost/workflow/agent_0000c1a1';
    expect(await (await fetch(`${base}/widget-config`)).json()).toEqual(config);
    const run = await (await fetch(`${base}/text-chat/sessions`, { method: 'POST' })).json();
    expect(run.messages.map((m: { role: string }) => m.role)).toEqual(['assistant', 'user', 'assistant']);
    expect(run.messages[0].content).toBe('Hi there');
    const reply = await (await fetch(`${base}/text-chat/sessions/1/messages`, { method: 'POST', body: '{}' })).json();
    expect(reply).toMatchObject({ role: 'assistant', index: 4, session_status: 'active' });
    expect((await fetch(`${base}/text-chat/sessions/1/rewind`, { method: 'POST' })).status).toBe(404);
    const abort = new AbortController();
    const events = await fetch(`${base}/text-chat/sessions/1/events`, { signal: abort.signal });
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    abort.abort();
  });
});
