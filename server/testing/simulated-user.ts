/**
 * The user side of a simulation test: another LLM playing the test's scenario. It sees
 * the conversation with the roles swapped (the agent's messages are what it hears) and
 * answers with its next message, or `[END]` when it has nothing more to say.
 */
import type { ChatTurn } from '../../shared/api/agent-test-config.ts';
import type { ChatMessage, LlmClient } from '../llm/types.ts';
import { llmFailure } from './judge.ts';

export const END_MARKER = '[END]';

export const SIMULATED_USER_PROMPT = [
  'You are role-playing a user chatting with a company\'s conversational agent, to test that agent.',
  'Stay in character and follow your scenario; do not help the agent beyond what the scenario says.',
  `Write only your next message as plain text, without quotes or narration. When your goal is reached or the conversation is clearly over, answer exactly ${END_MARKER}.`,
].join(' ');

/** The conversation as the simulated user sees it: the agent speaks as `user`. */
export function simulatorMessages(scenario: string, transcript: readonly ChatTurn[]): ChatMessage[] {
  const turns: ChatMessage[] = transcript
    .filter((turn) => turn.content.trim() !== '')
    .map((turn) => (turn.role === 'assistant' ? { role: 'user', content: turn.content } : { role: 'assistant', content: turn.content }));
  if (turns[0]?.role !== 'user') turns.unshift({ role: 'user', content: '(The agent is waiting for you to start.)' });
  return [{ role: 'system', content: `${SIMULATED_USER_PROMPT}\n\n## Your scenario\n${scenario}` }, ...turns];
}

/** The simulated user's next message, or null when it ends the conversation. */
export async function nextUserMessage(
  llm: LlmClient,
  input: { scenario: string; transcript: readonly ChatTurn[]; model: string | undefined },
  signal: AbortSignal,
): Promise<string | null> {
  let content: string;
  try {
    const result = await llm.chat({ messages: simulatorMessages(input.scenario, input.transcript), ...(input.model ? { model: input.model } : {}) }, { signal });
    content = result.content;
  } catch (error) {
    throw llmFailure('the simulated user', error, signal);
  }
  const text = content.trim().replace(/^"([\s\S]*)"$/, '$1').trim();
  return text === '' || text.startsWith(END_MARKER) ? null : text;
}
