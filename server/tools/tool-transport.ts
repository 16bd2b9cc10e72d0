/**
 * How a tool request travels. Everything goes through the guarded fetch
 * (server/outbound/guarded-fetch.ts), except requests for tools this server serves itself
 * — the demo agents' tools under `/demo/api/` — which are answered in-process by their
 * Hono app, so the demo works out of the box without letting every workspace's tools
 * reach loopback.
 */
import type { OutboundFetch, OutboundInit } from '../outbound/guarded-fetch.ts';

/** One tool request: the guarded fetch, an in-process app, or a test's stub. */
export type ToolTransport = OutboundFetch;

export interface InProcessTools {
  /**
   * The origins this server answers on (its public URL, its listening address). Read per
   * request: the listening port is known only once the server listens.
   */
  origins(): readonly string[];
  /** Only paths under this prefix are served in-process, e.g. `/demo/api/`. */
  pathPrefix: string;
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
 * Route a request to `inProcess` when its URL is one of this server's own origins and
 * under its path prefix (after URL normalisation, so `/demo/api/../v1` is not); to
 * `network` otherwise.
 * @example createToolTransport({ network: guardedFetch, inProcess: { origins: () => ['http://127.0.0.1:8787'], pathPrefix: '/demo/api/', fetch: demoTools.fetch } })
 */
export function createToolTransport(deps: { network: ToolTransport; inProcess?: InProcessTools | undefined }): ToolTransport {
  const { network, inProcess } = deps;
  if (!inProcess) return network;
  const served = (target: URL): boolean =>
    target.pathname.startsWith(inProcess.pathPrefix) && inProcess.origins().some((origin) => originOf(origin) === target.origin);
  return async (url: string, init: OutboundInit) => {
    const target = new URL(url);
    if (!served(target)) return network(url, init);
    const { redirect: _ignored, ...request } = init;
    return inProcess.fetch(new Request(target, request));
  };
}
