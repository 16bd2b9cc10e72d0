/**
 * The turn floor's HTTP face: a bare Hono app taking a text-chat turn in Parley's shape
 * (bearer key, `{ content }`, the assistant message back) and doing only the store's
 * I/O. Whatever Parley spends beyond this floor is its own code.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { FloorStore } from './floor-store.ts';
import type { TurnTemplate } from './turn-template.ts';

const IDLE_MS = 30 * 60_000;
const bodySchema = z.object({ content: z.string().min(1).max(10_000) });
const idSchema = z.coerce.number().int().min(1).max(2 ** 31 - 1);

export interface FloorAppOptions {
  store: FloorStore;
  template: TurnTemplate;
  now?: () => Date;
}

export function createFloorApp({ store, template, now = () => new Date() }: FloorAppOptions): Hono {
  const app = new Hono();
  app.post('/sessions/:id/messages', async (c) => {
    const key = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!key) return c.json({ error: 'unauthorized' }, 401);
    const id = idSchema.safeParse(c.req.param('id'));
    const body = bodySchema.safeParse(await c.req.json().catch(() => undefined));
    if (!id.success || !body.success) return c.json({ error: 'bad_request' }, 400);
    const at = now();
    const outcome = await store.turn({
      keyHash: createHash('sha256').update(key).digest('hex'),
      sessionId: id.data,
      content: body.data.content,
      at: at.toISOString(),
      expiresAt: new Date(at.getTime() + IDLE_MS).toISOString(),
    });
    switch (outcome.kind) {
      case 'unauthorized':
        return c.json({ error: 'unauthorized' }, 401);
      case 'not_found':
        return c.json({ error: 'not_found' }, 404);
      case 'conflict':
        return c.json({ error: 'revision_conflict' }, 409);
      case 'ok':
        return c.json({
          role: 'assistant',
          content: template.reply,
          timestamp: at.toISOString(),
          index: outcome.index,
          revision: outcome.revision,
          session_status: 'active',
          recent_messages: outcome.recentMessages,
        });
    }
  });
  return app;
}
