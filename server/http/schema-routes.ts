/**
 * `GET /schemas/agent.json` and `GET /schemas/workflow.json`: the JSON Schemas of agent
 * files and workflows (see `shared/json-schemas.ts`), at stable URLs an editor can name in
 * a document's `"$schema"`. Public and the same for everyone: every origin may fetch them,
 * caches keep them an hour and then revalidate with the ETag (they change with upgrades).
 */
import { Hono } from 'hono';
import { PUBLISHED_SCHEMA_NAMES, publishedJsonSchema } from '../../shared/json-schemas.ts';
import type { PublishedSchemaName } from '../../shared/json-schemas.ts';
import type { AppEnv } from './app-env.ts';
import { etagOf, isNotModified } from './etag.ts';

/** The media type of a JSON Schema document (JSON Schema 2020-12, §9.5). */
export const SCHEMA_MEDIA_TYPE = 'application/schema+json';

export function createSchemaRoutes(deps: { publicUrl: () => string }) {
  // Built on first use and again only if the public URL (each `$id`) changes: with PORT=0 it is known once the server listens.
  const built = new Map<PublishedSchemaName, { id: string; body: string; etag: string }>();
  const document = (name: PublishedSchemaName) => {
    const id = new URL(`/schemas/${name}`, deps.publicUrl()).href;
    const cached = built.get(name);
    if (cached?.id === id) return cached;
    const body = `${JSON.stringify(publishedJsonSchema(name, id), null, 2)}\n`;
    const fresh = { id, body, etag: etagOf(body) };
    built.set(name, fresh);
    return fresh;
  };

  const app = new Hono<AppEnv>();
  for (const name of PUBLISHED_SCHEMA_NAMES) {
    app.get(`/schemas/${name}`, (c) => {
      const { body, etag } = document(name);
      const headers = {
        'content-type': SCHEMA_MEDIA_TYPE,
        'cache-control': 'public, max-age=3600',
        etag,
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
      };
      if (isNotModified(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
      return c.body(body, 200, headers);
    });
  }
  return app;
}
