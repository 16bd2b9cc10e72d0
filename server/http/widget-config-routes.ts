/**
 * `GET /workflow/{id}/widget-config`: what the widget shows before a conversation starts
 * (title, welcome teaser, theme, language). Public on the same terms as text chat.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { widgetConfigSchema, type WidgetConfig } from '../../shared/api/text-chat-api.ts';
import type { AgentRecord } from '../storage/agents-repo.ts';
import { commonErrors, createRouter, jsonContent } from './openapi-helpers.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { ClientIp } from './client-ip.ts';
import type { TextChatAccess } from './text-chat-access.ts';

const route = createRoute({
  method: 'get',
  path: '/workflow/{id}/widget-config',
  tags: ['Text chat'],
  security: [{ bearerAuth: [] }, { apiKeyHeader: [] }, {}],
  summary: "The agent's widget settings: title, welcome text, theme, language",
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: { 200: jsonContent(widgetConfigSchema, 'Widget settings'), ...commonErrors, 403: jsonContent(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), 'Origin not allowed') },
});

export function presentWidgetConfig(agent: AgentRecord): WidgetConfig {
  const { widget } = agent.config;
  return {
    agent_id: agent.publicId,
    name: agent.config.name,
    title: widget.title ?? agent.config.name,
    welcome_text: widget.welcome_text ?? null,
    language: agent.config.language,
    theme: widget.theme,
    allow_edits: widget.allow_edits === true,
  };
}

export function createWidgetConfigRoutes(deps: { access: TextChatAccess; ipLimiter: RateLimiter; clientIp: ClientIp }) {
  const app = createRouter();
  app.openapi(route, async (c) => {
    const caller = await deps.access.caller(c, c.req.valid('param').id);
    if (caller.channel === 'widget') await deps.ipLimiter.take(deps.clientIp(c));
    // Cached briefly: every page view of every visitor asks for it. The answer depends on
    // the page's origin (same-origin pages get it without CORS, others with it or a 403).
    c.header('cache-control', 'private, max-age=60');
    c.header('vary', 'Origin');
    return c.json(presentWidgetConfig(caller.agent), 200);
  });
  return app;
}
