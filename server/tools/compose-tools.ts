/**
 * Wires tool calls: the guarded fetch (private addresses refused at connect time unless
 * `PARLEY_ALLOW_PRIVATE_TOOLS=1`, 1 MB answers, no redirects), the demo tools answered
 * in-process, and a per-turn budget over both.
 */
import type { HostResolver } from '../outbound/address-guard.ts';
import { createGuardedFetch, DEFAULT_MAX_RESPONSE_BYTES } from '../outbound/guarded-fetch.ts';
import { createToolCallerFor, type ToolCallerFor } from './tool-caller-for.ts';
import { createToolTransport, type InProcessTools, type ToolTransport } from './tool-transport.ts';
import type { TurnToolLimits } from './turn-tool-budget.ts';

export interface ToolOptions {
  /** PARLEY_ALLOW_PRIVATE_TOOLS: let tools reach private and loopback addresses. */
  allowPrivate: boolean;
  /**
   * This server's own origins — its public URL (`PARLEY_PUBLIC_URL`, by default
   * `http://HOST:PORT`) and its listening address — where absolute demo tool URLs (saved
   * by older versions) are answered in-process; a demo tool path (`/demo/api/…`) is
   * answered in-process whatever these are. Read per request: the port is known only once
   * the server listens.
   */
  ownOrigins?: (() => readonly string[]) | undefined;
  /** Host name → addresses for the connect-time check; DNS by default. */
  resolveHost?: HostResolver | undefined;
  /** Largest tool answer read (1 MB). */
  maxResponseBytes?: number | undefined;
  /** Per-turn caps (10 requests, 30 s). */
  limits?: TurnToolLimits | undefined;
  /** Milliseconds, for the per-turn time cap. */
  now?: (() => number) | undefined;
  /** Replaces the guarded fetch for requests not served in-process (tests). */
  network?: ToolTransport | undefined;
}

export function composeToolCallerFor(options: ToolOptions, demoTools: Pick<InProcessTools, 'fetch'>): ToolCallerFor {
  const network =
    options.network ??
    createGuardedFetch({
      allowPrivate: options.allowPrivate,
      purpose: 'tools',
      maxBodyBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      overflow: 'refuse',
      resolve: options.resolveHost,
    });
  const transport = createToolTransport({
    network,
    inProcess: { origins: options.ownOrigins ?? (() => []), fetch: (request) => demoTools.fetch(request) },
  });
  return createToolCallerFor({ transport, limits: options.limits, now: options.now });
}
