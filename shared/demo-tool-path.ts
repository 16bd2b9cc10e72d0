/**
 * The demo agents' tools (a policy lookup, claim filing, table reservations) are served by
 * every Parley server under one path. A tool whose `server_url` is such a path — no scheme,
 * no host — is answered by the server running the agent, in-process, wherever it listens:
 * an agent file imported by the CLI under one `PORT` still works on a server started on
 * another, and loopback stays refused to every other tool.
 */

/** The path every built-in demo tool lives under. */
export const DEMO_TOOLS_PATH = '/demo/api/';

// Only to resolve a path the way a URL parser would (dot segments, `//host` forms).
const PROBE_ORIGIN = 'http://parley.invalid';

/**
 * Is `url` a path naming a demo tool: it starts with one `/`, and stays under
 * `/demo/api/` once dot segments are resolved (so `/demo/api/../v1/agents` is not one).
 * @example isDemoToolPath('/demo/api/policies') // true
 * @example isDemoToolPath('//evil.example/demo/api/x') // false: a host in disguise
 */
export function isDemoToolPath(url: string): boolean {
  if (!url.startsWith('/') || url.startsWith('//') || url.includes('\\')) return false;
  const resolved = new URL(url, PROBE_ORIGIN);
  return resolved.origin === PROBE_ORIGIN && resolved.pathname.startsWith(DEMO_TOOLS_PATH);
}

/**
 * A demo tool path as a full URL, for building a `Request` (the in-process app reads only
 * its path and query).
 */
export function demoToolRequestUrl(path: string): URL {
  return new URL(path, PROBE_ORIGIN);
}
