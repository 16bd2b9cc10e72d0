/**
 * "Save as test": the branch on screen as an agent test. A reply test replays the
 * conversation up to its last visitor message and judges the reply against the
 * criteria (the reply on screen is its success example); a simulation test lets a
 * simulated visitor play the scenario from the start.
 */
import type { CreateTestInput } from '../../../shared/api/agent-tests-api.ts';
import type { ToolMockConfig } from '../../../shared/api/tool-mock-config.ts';
import type { ChatMessage } from '../../../shared/api/text-chat-api.ts';

export interface SessionSetup {
  variables: Record<string, unknown>;
  systemPrompt?: string | undefined;
  firstMessage?: string | undefined;
  toolMocks?: ToolMockConfig | undefined;
}

export interface TestDraft {
  name: string;
  type: 'reply' | 'simulation';
  successCriteria: string;
  scenario?: string;
}

const turn = (m: ChatMessage) => ({ role: m.role, content: m.content });

/** The messages up to `upTo` (an assistant message's index), or a reason it cannot be a test. */
export function testFromBranch(messages: readonly ChatMessage[], upTo: number, draft: TestDraft, setup: SessionSetup): CreateTestInput | string {
  const shown = messages.filter((m) => m.index <= upTo);
  const lastUser = [...shown].reverse().find((m) => m.role === 'user');
  const reply = shown.at(-1);
  if (!draft.successCriteria.trim()) return 'Say what the agent must do to pass.';
  const overrides = {
    ...(setup.systemPrompt ? { system_prompt_override: setup.systemPrompt } : {}),
    ...(setup.firstMessage ? { first_message_override: setup.firstMessage } : {}),
  };
  let config: Record<string, unknown>;
  if (draft.type === 'reply') {
    if (!lastUser || !reply || reply.role !== 'assistant') return 'A reply test needs a visitor message and the reply to it: send a message first.';
    config = {
      context: { initial_chat_history: shown.filter((m) => m.index < lastUser.index).map(turn), message: lastUser.content },
      success_criteria: draft.successCriteria.trim(),
      success_examples: reply.content ? [reply.content] : [],
      ...overrides,
    };
  } else {
    const scenario = draft.scenario?.trim();
    if (!scenario) return 'Describe who the simulated visitor is and what they want.';
    config = { scenario, success_criteria: draft.successCriteria.trim(), ...overrides };
  }
  return {
    name: draft.name.trim() || 'Playground test',
    description: `Saved from the playground (${shown.length} messages).`,
    type: draft.type,
    config,
    variables: setup.variables,
    repeat: 1,
    pass_threshold: 1,
    ...(setup.toolMocks ? { tool_mock_config: setup.toolMocks } : {}),
  };
}
