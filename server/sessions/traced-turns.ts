/**
 * A span per turn (`turn`), from the moment the message is queued behind the session's
 * earlier turns until its answer is committed: the parent of the turn's LLM calls, tool
 * calls and commit, and the child of the request that sent the message. Only ids and
 * states go into it — never the message.
 */
import type { Tracer } from '@opentelemetry/api';
import { inSpan } from '../tracing/in-span.ts';
import type { TurnRunner } from './turn-runner.ts';

export function traceTurns(turns: TurnRunner, tracer: Tracer): TurnRunner {
  return {
    ...turns,
    send: (input) =>
      inSpan(tracer, 'turn', { attributes: { 'parley.session.id': input.sessionId } }, async (span) => {
        const reply = await turns.send(input);
        span.setAttributes({ 'parley.session.status': reply.session_status, 'parley.session.revision': reply.revision });
        return reply;
      }),
  };
}
