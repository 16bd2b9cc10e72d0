/**
 * How the console talks to the server: every call goes through the injected `fetch`,
 * sends the session cookie (same origin), adds `x-csrf-token` to every write and every
 * text-chat call, checks
 * `response.ok`, and turns the error envelope into an `ApiError` carrying the code and
 * the problems by path. Answers are `unknown` until the caller's schema parses them.
 */
import { readErrorEnvelope } from './auth-session.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Any zod schema, classic or mini: what turns an answer into a typed value. */
export interface Parser<T> {
  parse(value: unknown): T;
}

export interface ProblemDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly code: string,
    message: string,
    /** Each problem with the input at its path (`body.nodes.greet.next`), for 400s. */
    readonly details: readonly ProblemDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  body?: unknown;
  accept?: string;
  signal?: AbortSignal | undefined;
}

export interface HttpClientOptions {
  fetch: FetchLike;
  /** The CSRF token of the signed-in session, sent with every write. */
  csrfToken: () => string | null;
  /** Told when an answer says the session is gone (401), so the app can ask to sign in again. */
  onUnauthorized?: () => void;
}

export type HttpClient = ReturnType<typeof createHttpClient>;

/**
 * @example
 * const http = createHttpClient({ fetch: (i, init) => fetch(i, init), csrfToken: () => token });
 * const agents = await http.get('/v1/agents?limit=100', agentListSchema);
 */
export function createHttpClient(options: HttpClientOptions) {
  /** The raw answer, once it is known to be a success. */
  async function send(method: string, path: string, request: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: request.accept ?? 'application/json' };
    // A FormData body (an upload) sets its own multipart content type, boundary included.
    const form = request.body instanceof FormData;
    if (request.body !== undefined && !form) headers['content-type'] = 'application/json';
    const csrf = options.csrfToken();
    // The text-chat API (the playground's) takes the cookie only with the token, reads too:
    // without it a request is the widget's (same origin, same cookie), never the console's.
    if (csrf && (WRITE_METHODS.has(method) || path.startsWith('/workflow/'))) headers['x-csrf-token'] = csrf;
    let response: Response;
    try {
      response = await options.fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(request.body !== undefined ? { body: form ? (request.body as FormData) : JSON.stringify(request.body) } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw new ApiError(0, 'network_error', 'The server did not answer: check your connection and try again.');
    }
    if (response.ok) return response;
    const error = await readError(response);
    if (response.status === 401 && !path.startsWith('/v1/auth/')) options.onUnauthorized?.();
    throw error;
  }

  async function json<T>(method: string, path: string, parser: Parser<T>, request: RequestOptions = {}): Promise<T> {
    const response = await send(method, path, request);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new ApiError(response.status, 'invalid_response', `The server's answer to ${method} ${path} is not JSON.`);
    }
    return parser.parse(body);
  }

  return {
    send,
    get: <T>(path: string, parser: Parser<T>, signal?: AbortSignal) => json('GET', path, parser, { signal }),
    post: <T>(path: string, body: unknown, parser: Parser<T>) => json('POST', path, parser, { body }),
    put: <T>(path: string, body: unknown, parser: Parser<T>) => json('PUT', path, parser, { body }),
    patch: <T>(path: string, body: unknown, parser: Parser<T>) => json('PATCH', path, parser, { body }),
    /** A multipart upload (`multipart/form-data`). */
    upload: <T>(path: string, form: FormData, parser: Parser<T>) => json('POST', path, parser, { body: form }),
    /** A write answered by 204 (or whose body does not matter). */
    async write(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<void> {
      await send(method, path, body === undefined ? {} : { body });
    },
  };
}

async function readError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let parsed: ReturnType<typeof readErrorEnvelope>;
  try {
    parsed = readErrorEnvelope(JSON.parse(text));
  } catch {
    // Not JSON: a proxy's error page. The status says enough.
  }
  if (!parsed) return new ApiError(response.status, `http_${response.status}`, `The server answered ${response.status} ${response.statusText}`.trim());
  return new ApiError(response.status, parsed.code, parsed.message, parsed.details);
}
