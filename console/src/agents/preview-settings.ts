/**
 * What the widget preview shows, from the agent as saved or from the settings form as it
 * stands: the public widget settings (`widget-config`) and the opening text.
 */
import type { AgentResponse } from '../../../shared/api/agents-api.ts';
import type { PreviewSettings } from './widget-preview.ts';

const SAMPLE_OPENING = 'Hi! How can I help you today?';

/** @example previewSettings(agent, new FormData(form)).config.theme.accent // '#0b5cad' */
export function previewSettings(agent: AgentResponse, form?: FormData): PreviewSettings {
  const field = (name: string, saved: string | null | undefined): string | undefined => {
    const value = form ? String(form.get(name) ?? '').trim() : (saved ?? '');
    return value === '' ? undefined : value;
  };
  const theme = agent.widget.theme;
  const name = field('name', agent.name) ?? agent.name;
  const accent = field('widget.theme.accent', theme.accent);
  const font = field('widget.theme.font', theme.font);
  const radius = field('widget.theme.radius', theme.radius);
  return {
    config: {
      agent_id: agent.id,
      name,
      title: field('widget.title', agent.widget.title) ?? name,
      welcome_text: field('widget.welcome_text', agent.widget.welcome_text) ?? null,
      language: field('language', agent.language) ?? 'en',
      theme: { ...(accent ? { accent } : {}), ...(font ? { font } : {}), ...(radius ? { radius } : {}) },
      allow_edits: agent.widget.allow_edits === true,
    },
    opening: field('first_message', agent.first_message) ?? SAMPLE_OPENING,
  };
}
