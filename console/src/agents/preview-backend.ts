/**
 * The stand-in server the settings form's preview gives the real widget: it answers the
 * widget's own requests — `widget-config` with the settings being edited, a session holding
 * a short sample conversation, a reply to anything typed — without reaching the agent, so
 * the preview restyles as the fields change and never starts a real conversation.
 */
import type { WidgetConfig } from '../../../shared/api/text-chat-api.ts';

export type PreviewFetch = (input: string, init?: RequestInit) => Promise<Response>;

const PREVIEW_REPLY = 'This is a preview: messages go nowhere. Talk to the agent in the Playground.';

/**
 * @example previewFetch(config, 'Hi! How can I help?')('https://x/workflow/a/widget-config') // Response of `config`
 */
export function previewFetch(config: WidgetConfig, opening: string): PreviewFetch {
  let next = 3;
  const at = () => new Date().toISOString();
  const message = (index: number, role: 'assistant' | 'user', content: string) => ({ index, role, author: role === 'user' ? 'user' : 'agent', content, timestamp: at() });
  return async (input, init) => {
    const path = new URL(input, 'http://preview.invalid').pathname;
    const method = (init?.method ?? 'GET').toUpperCase();
    if (path.endsWith('/widget-config')) return Response.json(config);
    if (path.endsWith('/text-chat/sessions') && method === 'POST') {
      const messages = [message(0, 'assistant', opening), message(1, 'user', 'Hello!'), message(2, 'assistant', PREVIEW_REPLY)];
      return Response.json({ workflow_run_id: 1, status: 'active', session_token: 'preview', messages }, { status: 201 });
    }
    if (path.endsWith('/messages') && method === 'POST') {
      const index = next + 1;
      next += 2;
      return Response.json({ role: 'assistant', content: PREVIEW_REPLY, timestamp: at(), index, revision: index, session_status: 'active' });
    }
    if (path.endsWith('/events')) return quietStream(init?.signal ?? undefined);
    return Response.json({ error: { code: 'not_found', message: 'Not part of the preview' } }, { status: 404 });
  };
}

/** An event stream that stays open, saying nothing, until the widget lets it go. */
function quietStream(signal: AbortSignal | undefined): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      signal?.addEventListener('abort', () => controller.close(), { once: true });
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}
