/**
 * Calls an agent's HTTP tool: JSON arguments in (as the body, or the query string for
 * GET/DELETE), JSON or text out. Retries with exponential backoff on 5xx, network errors
 * and timeouts — never on 4xx, a redirect or a refusal (private address, answer too
 * large, turn budget spent), which would fail the same way again. Error messages are
 * recorded with the call and shown to the tenant, so they name what went wrong without
 * internals.
 */
import type { ToolDefinition } from '../../shared/agent-schema.ts';
import { demoToolRequestUrl, isDemoToolPath } from '../../shared/demo-tool-path.ts';
import { OutboundRefusal } from '../outbound/outbound-refusal.ts';
import type { ToolTransport } from './tool-transport.ts';

export class ToolCallError extends Error {
  constructor(
    readonly tool: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ToolCallError';
  }
}

export type ToolCaller = (name: string, args: unknown, signal: AbortSignal) => Promise<unknown>;

export interface HttpToolCallerOptions {
  tools: readonly ToolDefinition[];
  /** How requests travel: the guarded fetch in production (see tool-transport.ts). */
  transport: ToolTransport;
  /** Base delay of the backoff; doubled on each retry. */
  backoffMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

function buildRequest(tool: ToolDefinition, args: unknown): { url: string; init: { method: string; headers: Record<string, string>; body?: string } } {
  const headers: Record<string, string> = { accept: 'application/json', ...tool.headers };
  if (tool.method === 'GET' || tool.method === 'DELETE') {
    // A demo tool path stays a path (the transport answers it in-process); it gets the query all the same.
    const path = isDemoToolPath(tool.server_url);
    const url = path ? demoToolRequestUrl(tool.server_url) : new URL(tool.server_url);
    if (args !== null && typeof args === 'object') {
      for (const [key, value] of Object.entries(args)) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
    return { url: path ? `${url.pathname}${url.search}` : url.toString(), init: { method: tool.method, headers } };
  }
  return { url: tool.server_url, init: { method: tool.method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(args ?? {}) } };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Node's network error codes, in words; anything else is not described further. */
const NETWORK_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was reset',
  ENOTFOUND: 'the host cannot be resolved',
  EAI_AGAIN: 'the host cannot be resolved',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate is not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate does not match the host',
};

function describeFailure(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = cause instanceof Error && 'code' in cause ? String(cause.code) : undefined;
  return (code && NETWORK_FAILURES[code]) ?? (code ? `the request failed (${code})` : 'the request failed');
}

const isRedirect = (status: number) => status >= 300 && status < 400;

function redirectError(name: string, response: Response): ToolCallError {
  const location = response.headers.get('location');
  const to = location ? ` to ${location.slice(0, 200)}` : '';
  return new ToolCallError(name, `Tool "${name}" answered a redirect (HTTP ${response.status}${to}); redirects are not followed`, response.status);
}

export function createHttpToolCaller(options: HttpToolCallerOptions): ToolCaller {
  const transport = options.transport;
  const sleep = options.sleep ?? defaultSleep;
  const backoffMs = options.backoffMs ?? 200;
  const byName = new Map(options.tools.map((tool) => [tool.name, tool]));

  return async (name, args, signal) => {
    const tool = byName.get(name);
    if (!tool) throw new ToolCallError(name, `Unknown tool "${name}"`);
    const { url, init } = buildRequest(tool, args);
    let lastError: ToolCallError | undefined;
    for (let attempt = 0; attempt <= tool.retries; attempt++) {
      if (attempt > 0) await sleep(backoffMs * 2 ** (attempt - 1), signal);
      const timeout = AbortSignal.timeout(tool.timeout_ms);
      let response: Response;
      let body: unknown;
      try {
        // The timeout covers the whole exchange: connect, headers and body.
        response = await transport(url, { ...init, signal: AbortSignal.any([signal, timeout]) });
        body = await readBody(response);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (error instanceof OutboundRefusal) throw new ToolCallError(name, `Tool "${name}" failed: ${error.message}`);
        lastError = new ToolCallError(name, timeout.aborted ? `Tool "${name}" timed out after ${tool.timeout_ms} ms` : `Tool "${name}" failed: ${describeFailure(error)}`);
        continue;
      }
      if (response.ok) return body;
      if (isRedirect(response.status)) throw redirectError(name, response);
      lastError = new ToolCallError(name, `Tool "${name}" answered HTTP ${response.status}`, response.status);
      if (response.status < 500) throw lastError;
    }
    throw lastError ?? new ToolCallError(name, `Tool "${name}" failed`);
  };
}
