/**
 * Why a run could not be judged (an LLM outage, no LLM configured, an unmocked tool under
 * `finish_with_error`, …). The runner turns it into an `error` run carrying the message;
 * it is never an HTTP error.
 */
export class TestRunError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TestRunError';
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
