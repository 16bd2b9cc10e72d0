/**
 * Test doubles for the workflow engine's unit tests: a scripted in-memory LlmClient, a
 * tool fakes and an agent config (time is the suite's one manual clock). Only `*.test.ts` files import this.
 */
import { workflowDefinitionSchema } from '../../shared/workflow-schema.ts';
import type { WorkflowDefinition } from '../../shared/workflow-schema.ts';
import type { LlmChatOptions, LlmChatRequest, LlmChatResult, LlmClient } from '../llm/types.ts';
import { manualClock, type ManualClock } from '../../test/helpers/manual-clock.ts';
import type { WorkflowMachine } from './compile-workflow.ts';
import { continueWorkflow, startWorkflow } from './run-turn.ts';
import type { AgentRuntimeConfig, TurnOutcome, WorkflowServices } from './types.ts';

/** One scripted LLM answer. `hang` waits until the request is aborted. */
export type FakeAnswer =
  | { content?: string; toolCalls?: { name: string; arguments?: unknown }[]; usage?: [number, number] }
  | { error: Error }
  | { hang: true };

export interface FakeLlm extends LlmClient {
  /** Requests received, in order. */
  readonly requests: LlmChatRequest[];
  /** Queue answers; a request with nothing queued fails the test loudly. */
  enqueue(...answers: (FakeAnswer | ((request: LlmChatRequest) => FakeAnswer))[]): void;
}

function words(text: string): string[] {
  return text.split(/(?<= )/);
}

/** An LlmClient that answers from a queue; text streams word by word through `onDelta`. */
export function createFakeLlm(options: { configured?: boolean; clock?: ManualClock; latencyMs?: number } = {}): FakeLlm {
  const queue: (FakeAnswer | ((request: LlmChatRequest) => FakeAnswer))[] = [];
  const requests: LlmChatRequest[] = [];
  let calls = 0;
  return {
    configured: options.configured ?? true,
    defaultModel: 'fake-model',
    requests,
    enqueue: (...answers) => void queue.push(...answers),
    async chat(request: LlmChatRequest, chatOptions: LlmChatOptions = {}): Promise<LlmChatResult> {
      requests.push(structuredClone(request));
      const next = queue.shift();
      if (next === undefined) throw new Error(`fake LLM: no answer queued for request ${String(requests.length)}`);
      const answer = typeof next === 'function' ? next(request) : next;
      if ('error' in answer) throw answer.error;
      if ('hang' in answer) {
        return new Promise((_, reject) => {
          const signal = chatOptions.signal;
          if (signal === undefined) return reject(new Error('fake LLM: hang needs a signal'));
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      }
      const content = answer.content ?? '';
      for (const piece of words(content)) chatOptions.onDelta?.(piece);
      options.clock?.advance(options.latencyMs ?? 0);
      calls += 1;
      return {
        content,
        toolCalls: (answer.toolCalls ?? []).map((call, index) => ({
          id: `call_${String(calls)}_${String(index)}`,
          name: call.name,
          arguments: call.arguments === undefined ? '{}' : JSON.stringify(call.arguments),
        })),
        usage: { promptTokens: answer.usage?.[0] ?? 10, completionTokens: answer.usage?.[1] ?? 5 },
        model: request.model ?? 'fake-model',
        finishReason: answer.toolCalls === undefined ? 'stop' : 'tool_calls',
        ttfbMs: 7,
        totalMs: options.latencyMs ?? 0,
      };
    },
  };
}

type ToolFake = (args: unknown, signal: AbortSignal) => unknown;

/** Services for a turn: unknown tools throw, as a real tool caller would. */
export function createFakeServices(
  options: { llm?: LlmClient; tools?: Record<string, ToolFake>; clock?: ManualClock; deltas?: string[] } = {},
): WorkflowServices & { toolCalls: { name: string; args: unknown }[] } {
  const clock = options.clock ?? manualClock();
  const toolCalls: { name: string; args: unknown }[] = [];
  const deltas = options.deltas;
  return {
    llm: options.llm ?? createFakeLlm({ configured: false }),
    ...(deltas === undefined ? {} : { onDelta: (text: string) => void deltas.push(text) }),
    toolCalls,
    async callTool(name, args, signal) {
      toolCalls.push({ name, args });
      const tool = options.tools?.[name];
      if (tool === undefined) throw new Error(`no fake for tool "${name}"`);
      return await tool(args, signal);
    },
    now: () => clock.now(),
  };
}

/** A minimal HTTP tool definition for the agent config. */
export function fakeTool(name: string) {
  return {
    name,
    description: `The ${name} tool`,
    parameters: { type: 'object', properties: {} },
    server_url: 'https://tools.example/' + name,
    method: 'POST' as const,
    headers: {},
    timeout_ms: 1000,
    retries: 0,
  };
}

/** An agent config with the given tools and overrides. */
export function agentConfig(overrides: Partial<AgentRuntimeConfig> = {}, toolNames: string[] = []): AgentRuntimeConfig {
  return { systemPrompt: 'You are a helpful claims assistant.', language: 'en', llm: {}, tools: toolNames.map(fakeTool), knowledgeBases: [], ...overrides };
}

/** Parse a workflow as the API would, so schema defaults apply. */
export function workflow(json: unknown): WorkflowDefinition {
  return workflowDefinitionSchema.parse(json);
}

/**
 * Run an opening turn and then each message, storing the snapshot as JSON between
 * turns as the database does.
 */
export async function converse(
  machine: WorkflowMachine,
  services: WorkflowServices,
  messages: string[],
  variables: Record<string, unknown> = {},
): Promise<TurnOutcome[]> {
  const signal = new AbortController().signal;
  const turns = [await startWorkflow({ machine, input: { variables }, services, signal })];
  let stored = JSON.stringify(turns[0]?.snapshot);
  for (const text of messages) {
    const turn = await continueWorkflow({ machine, snapshot: JSON.parse(stored), text, services, signal });
    stored = JSON.stringify(turn.snapshot);
    turns.push(turn);
  }
  return turns;
}
