/**
 * What the judge is shown for each kind of check. The system message fixes the answer
 * format; the user message holds the material, in labelled sections.
 */
import type { ChatTurn } from '../../shared/api/agent-test-config.ts';
import type { ChatMessage } from '../llm/types.ts';

export const JUDGE_SYSTEM_PROMPT = [
  'You are the judge of an automated test of a conversational agent.',
  'Decide whether the agent meets the success criteria, judging only what is written.',
  'Answer with one JSON object and nothing else:',
  '{"passed": true or false, "rationale": "one or two sentences explaining the decision", "confidence": a number from 0 to 1}',
].join(' ');

export function renderTranscript(transcript: readonly ChatTurn[]): string {
  if (transcript.length === 0) return '(empty)';
  return transcript.map((turn) => `${turn.role === 'assistant' ? 'Agent' : 'User'}: ${turn.content}`).join('\n');
}

/** A section listing examples, or none at all when there are no examples. */
function examples(title: string, items: readonly string[]): string[] {
  return items.length === 0 ? [] : [[`## ${title}`, ...items.map((item) => `- ${item}`)].join('\n')];
}

function judgeMessages(sections: string[]): ChatMessage[] {
  return [
    { role: 'system', content: JUDGE_SYSTEM_PROMPT },
    { role: 'user', content: sections.join('\n\n') },
  ];
}

export interface ReplyJudgeInput {
  criteria: string;
  successExamples: readonly string[];
  failureExamples: readonly string[];
  /** The conversation before the reply, the test's user message last. */
  conversation: readonly ChatTurn[];
  reply: string;
}

/** Judge one agent reply against the test's criteria and examples. */
export function replyJudgeMessages(input: ReplyJudgeInput): ChatMessage[] {
  return judgeMessages([
    `## Success criteria\n${input.criteria}`,
    ...examples('Replies that pass look like', input.successExamples),
    ...examples('Replies that fail look like', input.failureExamples),
    `## Conversation so far\n${renderTranscript(input.conversation)}`,
    `## The agent's reply to judge\n${input.reply === '' ? '(the agent said nothing)' : input.reply}`,
  ]);
}

/** Judge a whole simulated conversation. */
export function simulationJudgeMessages(input: { criteria: string; scenario: string; transcript: readonly ChatTurn[] }): ChatMessage[] {
  return judgeMessages([
    `## Success criteria\n${input.criteria}`,
    `## The simulated user's scenario (context only: judge the agent)\n${input.scenario}`,
    `## The conversation\n${renderTranscript(input.transcript)}`,
  ]);
}

/** Judge one argument of a tool call (`mode: llm` parameter checks). */
export function parameterJudgeMessages(input: { tool: string; path: string; value: unknown; criteria: string }): ChatMessage[] {
  return judgeMessages([
    `## Success criteria for the argument "${input.path}" of the tool call "${input.tool}"\n${input.criteria}`,
    `## The value the agent passed (JSON)\n${JSON.stringify(input.value)}`,
  ]);
}
