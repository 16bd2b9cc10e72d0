import { describe, expect, it } from 'vitest';
import { workflowNodeSchema } from '../../../../shared/workflow-schema.ts';
import { recentHistory } from '../../history-window.ts';
import { buildLlmStepInput } from './request.ts';
import { agentConfig } from '../../runtime-fakes.ts';
import type { HistoryMessage, WorkflowContext } from '../../workflow-context.ts';

const context = (history: HistoryMessage[]): WorkflowContext => ({
  variables: {}, history, outbox: [], node: 'chat', collected: [], retries: 0, llmTurns: 0, steps: 0, llmFailed: false, firstMessage: null, lastUserText: '', answer: null,
});

describe('recentHistory', () => {
  it('keeps the latest messages without starting on an orphaned tool result', () => {
    const history: HistoryMessage[] = [
      { role: 'user', content: 'a' },
      { role: 'assistant', content: null, tool_calls: [{ id: '1', type: 'function', function: { name: 't', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: '1', content: '{}' },
      { role: 'assistant', content: 'b' },
    ];
    expect(recentHistory(history, 2)).toEqual([{ role: 'assistant', content: 'b' }]);
    expect(recentHistory(history, 3)).toEqual(history.slice(1));
  });
});

describe('buildLlmStepInput', () => {
  it('offers no tools to a node without tools or exits, and omits unset model settings', () => {
    const node = workflowNodeSchema.parse({ type: 'llm', prompt: 'Chat.' });
    if (node.type !== 'llm') throw new Error('expected an llm node');
    const input = buildLlmStepInput(node, agentConfig({ systemPrompt: '' }), context([{ role: 'user', content: 'hi' }]));
    expect(input.request).toEqual({
      messages: [
        { role: 'system', content: '## Your task now\nChat.\n\nAnswer in the language "en" unless the user writes in another one.' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(input.exitNames).toEqual([]);
  });
});
