/**
 * The typed client (`parley/client`) as the tests drive the API with it. In process, its
 * `fetch` is the app's own handler and every answer it returns is first checked against
 * the zod schema the route declares for that status in the OpenAPI document — the check
 * `readJson` makes, so a field the contract lacks fails the test instead of being typed
 * away by the client.
 */
import { z } from 'zod';
import { createParleyClient, type Answer, type ParleyClient, type ParleyClientOptions } from '../../client/index.ts';
import { inboxResponseSchema } from '../../shared/api/inbox-api.ts';
import { pushedEventSchema } from '../../shared/api/text-chat-api.ts';
import type { ParleyApp } from '../../server/app.ts';
import { parseExact } from './read-json.ts';
import type { TestApp } from './test-app.ts';

/** What a streamed turn's `delta` and `error` events carry; its `message` is the JSON answer. */
const turnEventSchemas: Record<string, z.ZodType> = {
  delta: z.object({ text: z.string() }),
  error: z.object({ code: z.string(), message: z.string(), status: z.number().int() }),
};

function isZodType(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}

/** `GET /v1/agents/{id}` → status → the zod schema of its JSON answer, from the app's OpenAPI registry. */
function answerSchemas(app: ParleyApp): Map<string, Map<number, z.ZodType>> {
  const schemas = new Map<string, Map<number, z.ZodType>>();
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route') continue;
    const { method, path, responses } = definition.route;
    const byStatus = new Map<number, z.ZodType>();
    for (const [status, response] of Object.entries(responses)) {
      const media = 'content' in response ? response.content?.['application/json'] : undefined;
      const schema = media && 'schema' in media ? media.schema : undefined;
      if (isZodType(schema)) byStatus.set(Number(status), schema);
    }
    schemas.set(`${method.toUpperCase()} ${path}`, byStatus);
  }
  return schemas;
}

/**
 * A `validate` hook refusing any answer its route's schema does not describe exactly.
 * @example createParleyClient({ baseUrl, apiKey, validate: openApiCheck(t.app) })
 */
export function openApiCheck(app: ParleyApp): (answer: Answer) => void {
  const schemas = answerSchemas(app);
  return ({ operation, status, body, event }) => {
    const what = `${operation} (HTTP ${status}${event ? `, ${event} event` : ''})`;
    if (operation === 'GET /v1/inbox/events') return void parseExact(inboxResponseSchema, body, what);
    if (operation.endsWith('/events')) return void parseExact(pushedEventSchema, body, what);
    const eventSchema = event === undefined ? undefined : turnEventSchemas[event];
    const schema = eventSchema ?? schemas.get(operation)?.get(status);
    if (!schema) throw new Error(`${what}: the OpenAPI document describes no JSON answer for it`);
    parseExact(schema, body, what);
  };
}

/**
 * A client of the in-process app with the workspace's key; nothing goes over a socket.
 * @example const parley = inProcessClient(t); await parley.agents.create(claimAgentBody);
 */
export function inProcessClient(t: Pick<TestApp, 'app' | 'key'>, options: Partial<ParleyClientOptions> = {}): ParleyClient {
  return createParleyClient({
    baseUrl: 'http://localhost',
    apiKey: t.key,
    fetch: async (url, init) => t.app.request(url, init),
    validate: openApiCheck(t.app),
    ...options,
  });
}
