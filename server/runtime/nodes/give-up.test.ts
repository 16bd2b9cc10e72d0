import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileWorkflow } from '../compile-workflow.ts';
import { agentConfig, converse, createFakeServices, workflow } from '../runtime-fakes.ts';
import { GIVE_UP_TEXT } from './give-up.ts';

/** Three kinds of question, each with an answer it cannot use. */
const QUESTIONS = {
  pattern: { node: { type: 'ask', text: 'Policy?', save_as: 'policy', expect: { pattern: '^\\d{6}$' } }, wrong: 'no idea' },
  choices: { node: { type: 'ask', text: 'Car or home?', save_as: 'kind', choices: ['Car', 'Home'] }, wrong: 'a boat' },
  ambiguous: { node: { type: 'ask', text: 'Car or home?', save_as: 'kind', choices: ['Car', 'Home'] }, wrong: 'car and home' },
  form: { node: { type: 'form', text: 'Name and e-mail?', fields: [{ name: 'email', type: 'email' }, { name: 'age', type: 'number' }] }, wrong: 'dunno' },
} as const;

function machineFor(kind: keyof typeof QUESTIONS, maxRetries: number, onFail: string | undefined) {
  return compileWorkflow(
    workflow({
      start: 'q',
      nodes: {
        q: { ...QUESTIONS[kind].node, max_retries: maxRetries, next: 'done', ...(onFail === undefined ? {} : { on_fail: onFail }) },
        done: { type: 'end', text: 'Done.' },
        // Only when something leads there: an unreachable node is refused.
        ...(onFail === 'sorry' ? { sorry: { type: 'end', text: 'Let us stop here.' } } : {}),
      },
    }),
    agentConfig(),
  );
}

describe('a question that gets answers it cannot use', () => {
  const kinds = fc.constantFrom(...(Object.keys(QUESTIONS) as (keyof typeof QUESTIONS)[]));

  it('asks again max_retries times, then hands over to a person when it has no on_fail', async () => {
    await fc.assert(
      fc.asyncProperty(kinds, fc.integer({ min: 0, max: 4 }), async (kind, maxRetries) => {
        const wrong = Array<string>(maxRetries + 1).fill(QUESTIONS[kind].wrong);
        const turns = await converse(machineFor(kind, maxRetries, undefined), createFakeServices(), wrong);
        expect(turns.slice(1, -1).every((turn) => turn.state === 'waiting' && turn.node === 'q')).toBe(true);
        expect(turns.at(-1)).toMatchObject({ state: 'transferred', transfer: { destination: 'human' }, node: 'q', reply: { content: GIVE_UP_TEXT } });
      }),
      { numRuns: 30 },
    );
  });

  it('goes to on_fail instead when it has one', async () => {
    await fc.assert(
      fc.asyncProperty(kinds, fc.integer({ min: 0, max: 4 }), async (kind, maxRetries) => {
        const wrong = Array<string>(maxRetries + 1).fill(QUESTIONS[kind].wrong);
        const turns = await converse(machineFor(kind, maxRetries, 'sorry'), createFakeServices(), wrong);
        expect(turns.at(-2)?.state).toBe('waiting');
        expect(turns.at(-1)).toMatchObject({ state: 'ended', node: 'sorry', reply: { content: 'Let us stop here.' } });
      }),
      { numRuns: 30 },
    );
  });

  it('keeps asking when on_fail names the question itself', async () => {
    const turns = await converse(machineFor('form', 0, 'q'), createFakeServices(), ['dunno', 'dunno', 'dunno', 'ada@example.com, 36']);
    expect(turns.slice(1, 4).map((turn) => [turn.state, turn.reply.content])).toEqual(Array(3).fill(['waiting', 'Name and e-mail?']));
    expect(turns.at(-1)).toMatchObject({ state: 'ended', variables: { email: 'ada@example.com', age: 36 } });
  });

  it('records the answers a form read, and a rejected one', async () => {
    const turns = await converse(machineFor('form', 2, undefined), createFakeServices(), ['dunno', 'ada@example.com']);
    expect(turns[1]?.answer).toEqual({ node: 'q', outcome: 'rejected' });
    expect(turns[2]?.answer).toEqual({ node: 'q', outcome: 'accepted', saved: { email: 'ada@example.com' } });
  });
});
