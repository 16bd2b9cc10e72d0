/**
 * Tool calls with a span each (`execute_tool get_policy`, the GenAI semantic conventions'
 * name), retries included, under the turn's span. The tool's name is the agent's
 * configuration; its arguments and answer are the visitor's data and stay out.
 */
import { SpanKind, type Tracer } from '@opentelemetry/api';
import { GEN_AI } from '../llm/traced-llm.ts';
import { inSpan } from '../tracing/in-span.ts';
import type { ToolCallerFor } from './tool-caller-for.ts';

export function traceToolCalls(callers: ToolCallerFor, tracer: Tracer): ToolCallerFor {
  return {
    forTurn() {
      const forAgent = callers.forTurn();
      return (session, agent) => {
        const call = forAgent(session, agent);
        return (name, args, signal) =>
          inSpan(tracer, `execute_tool ${name}`, { kind: SpanKind.INTERNAL, attributes: { [GEN_AI.operation]: 'execute_tool', [GEN_AI.toolName]: name } }, () => call(name, args, signal));
      };
    },
  };
}
