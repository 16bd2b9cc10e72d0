/**
 * One AbortSignal per LLM call that fires when the caller aborts or when the response
 * stalls. The SDK's own timeout stops at the response headers; this covers the body, so a
 * stream that stops sending can never hang a turn.
 */
import { LlmAbortedError, LlmTimeoutError } from './llm-errors.ts';
import type { LlmError } from './llm-errors.ts';

export interface RequestWatch {
  /** Hand this to the SDK: it aborts the HTTP request. */
  readonly signal: AbortSignal;
  /** (Re)starts the idle timer: call when the response begins and at each chunk. */
  touch(): void;
  /** Why the request was stopped, when it was: the caller's abort wins over the timeout. */
  stopReason(): LlmError | undefined;
  /** Clears the timer and the listener on the caller's signal. */
  dispose(): void;
}

/** Watches one request; `idleMs` is the longest silence tolerated once the response began. */
export function watchRequest(callerSignal: AbortSignal | undefined, idleMs: number): RequestWatch {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const forwardAbort = (): void => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) forwardAbort();
  else callerSignal?.addEventListener('abort', forwardAbort, { once: true });

  return {
    signal: controller.signal,
    touch() {
      // Called at every chunk: restarting the one timer allocates nothing.
      if (timer) return void timer.refresh();
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, idleMs);
    },
    stopReason() {
      if (callerSignal?.aborted) return new LlmAbortedError({ cause: callerSignal.reason });
      if (timedOut) return new LlmTimeoutError(`The LLM sent nothing for ${idleMs} ms.`);
      return undefined;
    },
    dispose() {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', forwardAbort);
    },
  };
}
