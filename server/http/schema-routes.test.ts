import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { compileJsonSchema } from '../../test/helpers/json-schema-validator.ts';
import type { AppEnv } from './app-env.ts';
import { createSchemaRoutes } from './schema-routes.ts';

function serve(publicUrl = 'http://localhost:8787') {
  let url = publicUrl;
  const app = new Hono<AppEnv>().route('/', createSchemaRoutes({ publicUrl: () => url }));
  return { app, moveTo: (next: string) => void (url = next) };
}

const readSchema = async (res: Response): Promise<Record<string, unknown>> => {
  const body: unknown = await res.json();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('expected a JSON object');
  return Object.fromEntries(Object.entries(body));
};

describe('published JSON Schemas', () => {
  it.each(['workflow.json', 'agent.json'])('serves /schemas/%s as a draft 2020-12 schema, identified by its URL, cached publicly', async (name) => {
    const { app } = serve();
    const res = await app.request(`/schemas/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/schema+json');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const schema = await readSchema(res);
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: `http://localhost:8787/schemas/${name}`, type: 'object' });
    // A strict validator compiles it: every keyword is one JSON Schema knows.
    expect(() => compileJsonSchema(schema)).not.toThrow();
  });

  it('answers 304 to a client that has the current version, and names the new address after a move', async () => {
    const { app, moveTo } = serve();
    const first = await app.request('/schemas/workflow.json');
    const etag = first.headers.get('etag') ?? '';
    const again = await app.request('/schemas/workflow.json', { headers: { 'if-none-match': `W/${etag}` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    moveTo('https://parley.example');
    const moved = await app.request('/schemas/workflow.json', { headers: { 'if-none-match': etag } });
    expect(moved.status).toBe(200);
    expect(await readSchema(moved)).toMatchObject({ $id: 'https://parley.example/schemas/workflow.json' });
  });

  it('knows no other schema', async () => {
    expect((await serve().app.request('/schemas/session.json')).status).toBe(404);
  });
});
