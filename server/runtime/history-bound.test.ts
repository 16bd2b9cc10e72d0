import { describe, expect, it } from 'vitest';
import { compileWorkflow } from './compile-workflow.ts';
import { MAX_STORED_HISTORY } from './history-window.ts';
import { agentConfig, converse, createFakeServices, workflow } from './runtime-fakes.ts';

describe('the history a snapshot keeps', () => {
  it('stays bounded however long the conversation, keeping the most recent messages', async () => {
    const machine = compileWorkflow(
      workflow({
        start: 'ask',
        nodes: {
          ask: { type: 'ask', text: 'Say something.', save_as: 'said', next: 'echo' },
          echo: { type: 'say', text: 'You said: {{said}}', next: 'ask' },
        },
      }),
      agentConfig(),
    );
    const texts = Array.from({ length: 150 }, (_, i) => `message ${i}`);
    const turns = await converse(machine, createFakeServices(), texts);
    const last = JSON.parse(JSON.stringify(turns.at(-1)?.snapshot)) as { context: { history: { content: string }[] } };
    expect(last.context.history).toHaveLength(MAX_STORED_HISTORY);
    expect(last.context.history.at(-2)?.content).toBe('message 149');
    expect(turns.at(-1)?.reply.content).toBe('You said: message 149\n\nSay something.');
  });
});
