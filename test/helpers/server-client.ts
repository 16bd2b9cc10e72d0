/**
 * Clients of Parley servers running in other processes (`startServerProcess`), over a
 * socket, their answers checked like an in-process client's: one that returns got the status
 * and the shape the OpenAPI document gives for that route's success.
 */
import { createParleyClient, type Answer, type ParleyClient, type ParleyClientOptions } from '../../client/index.ts';
import { openApiCheck } from './parley-client.ts';
import { createTestApp } from './test-app.ts';
import { testDatabases } from './test-databases.ts';

/**
 * The OpenAPI check, from an app of its own (the schemas are the code's, whatever data a
 * server holds). Started when a test file imports this module, so it is built while that
 * file's server processes start rather than after.
 */
const documented: Promise<(answer: Answer) => void> = (async () => {
  const [sqlite] = testDatabases({});
  if (!sqlite) throw new Error('no SQLite test database');
  return openApiCheck((await createTestApp(sqlite, { startTestRuns: false })).app);
})();
// Awaited by the first client; until then a failure must not count as unhandled.
documented.catch(() => undefined);

/** @example const parley = await serverClient(server); await parley.agents.create(loopAgentBody); */
export async function serverClient(server: { url: string; key: string }, options: Partial<ParleyClientOptions> = {}): Promise<ParleyClient> {
  return createParleyClient({ baseUrl: server.url, apiKey: server.key, validate: await documented, ...options });
}
