/**
 * How a tool request travels. Everything goes through the guarded fetch
 * (server/outbound/guarded-fetch.ts), except requests for tools this server serves itself
 * — the demo agents' tools under `/demo/api/` — which are answered in-process by their
 * Hono app, so the demo works out of the box without letting every workspace's tools
 * reach loopback. A demo tool is named by its path alone (`/demo/api/policies`, what the
 * demo agents use), which works wherever the server listens; an absolute URL on one of the
 * server's own origins is served in-process too (agents saved that way by older versions).
 */
import { DEMO_TOOLS_PATH, demoToolRequestUrl, isDemoToolPath } from '../../shared/demo-tool-path.ts';
import type { OutboundFetch, OutboundInit } from '../outbound/guarded-fetch.ts';

/** One tool request: the guarded fetch, an in-process app, or a test's stub. */
export type ToolTransport = OutboundFetch;

export interface InProcessTools {
  /**
   * The origins this server answers on (its public URL, its listening address). Read per
   * request: the listening port is known only once the server listens.
   */
  origins(): readonly string[];
  /** The app serving them; a Hono app fits. Nothing else of Parley is reachable this way. */
  fetch(request: Request): Response | Promise<Response>;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Route a request to `inProcess` when its URL is a demo tool path, or on one of this
 * server's own origins and under `/demo/api/` (after URL normalisation, so
 * `/demo/api/../v1` is not); to `network` otherwise.
 * @example createToolTransport({ network: guardedFetch, inProcess: { origins: () => ['http://127.0.0.1:8787'], fetch: demoTools.fetch } })
 */
export function createToolTransport(deps: { network: ToolTransport; inProcess?: InProcessTools | undefined }): ToolTransport {
  const { network, inProcess } = deps;
  if (!inProcess) return network;
  const inProcessTarget = (url: string): URL | undefined => {
    if (isDemoToolPath(url)) return demoToolRequestUrl(url);
    const target = new URL(url);
    const own = target.pathname.startsWith(DEMO_TOOLS_PATH) && inProcess.origins().some((origin) => originOf(origin) === target.origin);
    return own ? target : undefined;
  };
  return async (url: string, init: OutboundInit) => {
    const target = inProcessTarget(url);
    if (target === undefined) return network(url, init);
    const { redirect: _ignored, ...request } = init;
    return inProcess.fetch(new Request(target, request));
  };
}
