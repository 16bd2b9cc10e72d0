/**
 * The one place the client talks HTTP: builds the URL from an OpenAPI path template, sends
 * the key, checks the status, turns every failure into a `ParleyError`, and retries reads
 * as `retry-policy.ts` allows. Answers are JSON-parsed, never cast unseen: the `validate`
 * hook sees each one first (Parley's own tests check it against the OpenAPI schemas).
 */
import { ParleyError } from './parley-error.ts';
import { parseRetryAfter, retryDelay, type RetryOptions } from './retry-policy.ts';
import type { ProblemDetail } from './types.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A route as the OpenAPI document names it: `GET /v1/agents/{id}`. */
export type Operation = `${Method} /${string}`;

/** A JSON answer, or the data of one event of a stream, as the `validate` hook sees it. */
export interface Answer {
  operation: Operation;
  status: number;
  body: unknown;
  /** The event's name, for the data of a `text/event-stream` event. */
  event?: string;
}

export interface ParleyClientOptions {
  /** Where Parley listens, e.g. `http://127.0.0.1:8787` (a path prefix is kept). */
  baseUrl: string;
  /** A workspace API key (`pk_live_…`); without one only public routes answer. */
  apiKey?: string | undefined;
  /** Sent with every request, e.g. a tracing header. */
  headers?: Record<string, string>;
  retry?: RetryOptions;
  /** The `fetch` to use (default: the global one); a test may pass an app's in-process handler. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Waits between retries; injected by tests so nothing sleeps on the wall clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Sees every JSON answer before it is returned; throw to refuse it. */
  validate?: (answer: Answer) => void;
}

/** Per call: cancellation, and the `x-session-token` of a public (widget) conversation. */
export interface RequestOptions {
  signal?: AbortSignal | undefined;
  sessionToken?: string | undefined;
  headers?: Record<string, string>;
}

export interface Call {
  params?: Record<string, string | number>;
  query?: object | undefined;
  /** Sent as JSON; a `FormData` is sent as multipart/form-data. */
  body?: unknown;
  accept?: string;
  options?: RequestOptions | undefined;
}

export interface Transport {
  /** The answer's JSON body, after `validate`. */
  json<T>(operation: Operation, call?: Call): Promise<T>;
  /** For answers without a body (204). */
  none(operation: Operation, call?: Call): Promise<void>;
  /** The successful response itself, its body unread: for event streams. */
  open(operation: Operation, call?: Call): Promise<Response>;
  /** Parses JSON text of an answer (or of a stream's `event`) and passes it through `validate`. */
  decode<T>(operation: Operation, status: number, text: string, event?: string): T;
  /** Refuses an answer the API does not document. */
  invalid(operation: Operation, message: string, status?: number): ParleyError;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

function isProblemDetail(value: unknown): value is ProblemDetail {
  return typeof value === 'object' && value !== null && 'path' in value && typeof value.path === 'string' && 'message' in value && typeof value.message === 'string';
}

/** The `{"error":{…}}` of an answer, or undefined when the body is not one. */
function errorBody(body: unknown): { code: string; message: string; details: ProblemDetail[] } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const { error } = body;
  if (typeof error !== 'object' || error === null || !('code' in error) || !('message' in error)) return undefined;
  if (typeof error.code !== 'string' || typeof error.message !== 'string') return undefined;
  const details = 'details' in error && Array.isArray(error.details) ? error.details.filter(isProblemDetail) : [];
  return { code: error.code, message: error.message, details };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function queryString(query: object | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null) search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

function fillPath(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') throw new TypeError(`${template}: ${name} is required`);
    return encodeURIComponent(String(value));
  });
}

/** @throws TypeError at construction when `baseUrl` is not an http(s) URL. */
export function createTransport(options: ParleyClientOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, '');
  if (!URL.canParse(base) || !/^https?:$/.test(new URL(base).protocol)) throw new TypeError(`baseUrl must be an http(s) URL, not ${JSON.stringify(options.baseUrl)}`);
  const fetchImpl = options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  const sleep = options.sleep ?? defaultSleep;
  const invalid = (operation: Operation, message: string, status = 0) => new ParleyError({ status, code: 'invalid_response', message: `${operation}: ${message}`, operation });

  async function failureOf(operation: Operation, response: Response): Promise<ParleyError> {
    const text = await response.text().catch(() => '');
    const parsed = parseJson(text);
    const problem = parsed.ok ? errorBody(parsed.value) : undefined;
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    if (!problem) return invalid(operation, `HTTP ${response.status} with a body that is not a Parley error: ${text.slice(0, 200)}`, response.status);
    return new ParleyError({ status: response.status, code: problem.code, message: problem.message, details: problem.details, retryAfterSeconds, operation });
  }

  async function open(operation: Operation, call: Call = {}): Promise<Response> {
    const [method, template] = operation.split(' ') as [Method, string];
    const url = `${base}${fillPath(template, call.params)}${queryString(call.query)}`;
    const signal = call.options?.signal;
    // A FormData body (an upload) is sent as multipart, fetch writing its boundary.
    const form = call.body instanceof FormData ? call.body : undefined;
    const headers: Record<string, string> = {
      accept: call.accept ?? 'application/json',
      ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      ...(call.body === undefined || form ? {} : { 'content-type': 'application/json' }),
      ...(call.options?.sessionToken ? { 'x-session-token': call.options.sessionToken } : {}),
      ...options.headers,
      ...call.options?.headers,
    };
    const body = form ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
    const init: RequestInit = { method, headers, ...(body === undefined ? {} : { body }), ...(signal ? { signal } : {}) };
    for (let retriesSoFar = 0; ; retriesSoFar++) {
      let failure: ParleyError;
      let status: number | undefined;
      try {
        const response = await fetchImpl(url, init);
        if (response.ok) return response;
        status = response.status;
        failure = await failureOf(operation, response);
      } catch (error) {
        if (signal?.aborted) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        failure = new ParleyError({ status: 0, code: 'network_error', message: `${operation}: cannot reach ${base}: ${reason}`, operation, cause: error });
      }
      const delay = retryDelay({ method, retriesSoFar, status, retryAfterSeconds: failure.retryAfterSeconds }, options.retry);
      if (delay === undefined) throw failure;
      await sleep(delay, signal);
    }
  }

  function decode<T>(operation: Operation, status: number, text: string, event?: string): T {
    const parsed = parseJson(text);
    if (!parsed.ok) throw invalid(operation, `HTTP ${status} with ${event ? `a ${event} event` : 'a body'} that is not JSON: ${text.slice(0, 200)}`, status);
    options.validate?.({ operation, status, body: parsed.value, ...(event === undefined ? {} : { event }) });
    // The body is the documented answer of the route: `validate` is where a caller checks it.
    return parsed.value as T;
  }

  async function json<T>(operation: Operation, call?: Call): Promise<T> {
    const response = await open(operation, call);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (call?.options?.signal?.aborted) throw error;
      throw new ParleyError({ status: 0, code: 'network_error', message: `${operation}: the connection broke while the answer was read`, operation, cause: error });
    }
    return decode<T>(operation, response.status, text);
  }

  async function none(operation: Operation, call?: Call): Promise<void> {
    const response = await open(operation, call);
    await response.body?.cancel();
  }

  return { json, none, open, decode, invalid };
}
