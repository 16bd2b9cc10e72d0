/**
 * Calls an agent's HTTP tool: JSON arguments in (as the body, or the query string for
 * GET/DELETE), JSON or text out. Retries with exponential backoff on 5xx, network errors
 * and timeouts — never on 4xx, which would fail the same way again.
 */
import type { ToolDefinition } from '../../shared/agent-schema.ts';

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
  fetch?: typeof fetch;
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

function buildRequest(tool: ToolDefinition, args: unknown): { url: string; init: RequestInit } {
  const headers: Record<string, string> = { accept: 'application/json', ...tool.headers };
  if (tool.method === 'GET' || tool.method === 'DELETE') {
    const url = new URL(tool.server_url);
    if (args !== null && typeof args === 'object') {
      for (const [key, value] of Object.entries(args)) url.searchParams.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
    return { url: url.toString(), init: { method: tool.method, headers } };
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

export function createHttpToolCaller(options: HttpToolCallerOptions): ToolCaller {
  const fetchImpl = options.fetch ?? fetch;
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
      try {
        const response = await fetchImpl(url, { ...init, signal: AbortSignal.any([signal, timeout]) });
        const body = await readBody(response);
        if (response.ok) return body;
        lastError = new ToolCallError(name, `Tool "${name}" answered HTTP ${response.status}`, response.status);
        if (response.status < 500) throw lastError;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (error instanceof ToolCallError && (error.status ?? 500) < 500) throw error;
        lastError =
          error instanceof ToolCallError
            ? error
            : new ToolCallError(name, timeout.aborted ? `Tool "${name}" timed out after ${tool.timeout_ms} ms` : `Tool "${name}" failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    throw lastError ?? new ToolCallError(name, `Tool "${name}" failed`);
  };
}
