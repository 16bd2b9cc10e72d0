import type { Kysely, Migration } from 'kysely';
import { DEMO_TOOLS_PATH } from '../../../shared/demo-tool-path.ts';

/** The addresses older versions wrote into demo tool URLs: the server's own listening address. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0', '[::]']);

/** `http://127.0.0.1:8787/demo/api/policies` → `/demo/api/policies`; anything else unchanged. */
function demoToolPathOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  const isOwn = parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname) && parsed.pathname.startsWith(DEMO_TOOLS_PATH);
  return isOwn ? `${parsed.pathname}${parsed.search}` : undefined;
}

/**
 * Demo agents imported by older versions named their tools with the address the server (or
 * the CLI) had then, `http://127.0.0.1:PORT/demo/api/…`, so they broke once the server
 * listened elsewhere. Rewrite those to the path alone, which every server answers
 * in-process wherever it listens. Tools on any other host are left as they are.
 */
export function demoToolPathsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const agents = db as unknown as Kysely<{ agents: { id: number; config: string } }>;
      for (const agent of await agents.selectFrom('agents').select(['id', 'config']).execute()) {
        const config: unknown = JSON.parse(agent.config);
        if (config === null || typeof config !== 'object' || !('tools' in config) || !Array.isArray(config.tools)) continue;
        let changed = false;
        for (const tool of config.tools as unknown[]) {
          if (tool === null || typeof tool !== 'object' || !('server_url' in tool)) continue;
          const path = demoToolPathOf(tool.server_url);
          if (path === undefined) continue;
          Object.assign(tool, { server_url: path });
          changed = true;
        }
        if (changed) await agents.updateTable('agents').set({ config: JSON.stringify(config) }).where('id', '=', agent.id).execute();
      }
    },
  };
}
