/**
 * The demo agents' tools, served by Parley itself so the demo works offline: a policy
 * lookup, claim filing and table reservations. Not part of the product API. The same
 * app answers the demo agents' tool calls in-process (server/tools/tool-transport.ts),
 * so it maps its own errors: it is also called on its own, outside the main app.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { badRequest } from '../errors.ts';
import type { AppEnv } from './app-env.ts';
import { handleError } from './error-handler.ts';
import { describeZodError } from '../../shared/describe-zod-error.ts';

const policyRequest = z.object({ id: z.string().regex(/^\d{6}$/) });
const claimRequest = z.object({ policy_id: z.string(), type: z.string(), date: z.string(), description: z.string().max(2000) });
const reservationRequest = z.object({ date: z.string(), time: z.string(), party_size: z.coerce.number().int().min(1).max(12), name: z.string().min(1).max(200) });

/** Reads through Hono's request, whose body cache the JSON guard has already filled: the raw stream is spent. */
async function parse<T extends z.ZodType>(schema: T, request: { json(): Promise<unknown> }): Promise<z.infer<T>> {
  const body: unknown = await request.json().catch(() => undefined);
  const result = schema.safeParse(body);
  if (!result.success) throw badRequest(describeZodError(result.error, 'body'));
  return result.data;
}

const HOLDERS = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Katherine Johnson'];

export function createDemoToolsRoutes() {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  let sequence = 0;
  const next = (prefix: string) => `${prefix}-${String(++sequence).padStart(5, '0')}`;

  // Policies starting with 9 are lapsed, so the demo can show the "inactive" branch.
  app.post('/demo/api/policies', async (c) => {
    const { id } = await parse(policyRequest, c.req);
    return c.json({ id, active: !id.startsWith('9'), holder: HOLDERS[Number(id) % HOLDERS.length], plan: Number(id) % 2 ? 'Plus' : 'Basic' });
  });
  app.post('/demo/api/claims', async (c) => {
    const claim = await parse(claimRequest, c.req);
    return c.json({ claim_id: next('CLM'), status: 'received', ...claim });
  });
  app.post('/demo/api/reservations', async (c) => {
    const reservation = await parse(reservationRequest, c.req);
    return c.json({ reservation_id: next('BK'), ...reservation });
  });
  return app;
}
