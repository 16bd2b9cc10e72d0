/**
 * The settings form's fields as a `PATCH /v1/agents/{id}` body. Empty optional fields
 * are left out (the agent falls back to its defaults); numbers and the tools' JSON are
 * read here, and what cannot be read is a problem at its field.
 */
export type SettingsRead = { ok: true; patch: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

export function readSettingsForm(form: FormData): SettingsRead {
  const errors: Record<string, string> = {};
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const optional = (name: string) => (text(name) === '' ? undefined : text(name));
  const number = (name: string) => {
    const raw = text(name);
    if (raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value)) errors[name] = 'must be a number';
    return value;
  };
  let tools: unknown = [];
  try {
    tools = JSON.parse(text('tools') || '[]');
  } catch (error) {
    errors['tools'] = `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const drop = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
  const patch = {
    name: text('name'),
    system_prompt: String(form.get('system_prompt') ?? ''),
    ...drop({ first_message: optional('first_message') }),
    language: text('language'),
    llm: drop({ model: optional('llm.model'), temperature: number('llm.temperature'), max_tokens: number('llm.max_tokens') }),
    tools,
    widget: {
      enabled: form.get('widget.enabled') === 'on',
      allowed_origins: text('widget.allowed_origins').split('\n').map((o) => o.trim()).filter(Boolean),
      theme: drop({ accent: optional('widget.theme.accent'), font: optional('widget.theme.font'), radius: optional('widget.theme.radius') }),
      ...drop({ title: optional('widget.title'), welcome_text: optional('widget.welcome_text') }),
    },
    knowledge_base_ids: form.getAll('knowledge_base_ids').map(String),
  };
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, patch };
}
