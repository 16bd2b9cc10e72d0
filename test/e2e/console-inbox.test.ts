/**
 * Human hand-off in two browsers side by side: a visitor in the widget asks for a person,
 * the conversation appears in a signed-in operator's inbox without a reload (and in the
 * nav's unread badge), the operator claims it from the keyboard and replies (with a saved reply), the visitor
 * sees the reply under the operator's name, the operator hands it back, and the agent goes
 * on with the workflow. Every console page is checked with axe; screenshots in
 * test-results/screenshots/console-inbox-*.png.
 */
import { describe, expect, it } from 'vitest';
import { createParleyClient } from '../../client/index.ts';
import { chromiumAvailable } from './browser.ts';
import { realProblems, useConsoleSuite } from './console-suite.ts';
import { widgetOn } from './widget-page.ts';

const PASSWORD = 'correct horse battery';

describe.skipIf(!chromiumAvailable())('the operator inbox in Chromium, beside a visitor in the widget', () => {
  const e2e = useConsoleSuite();

  it('a visitor asks for a person, an operator claims and answers live, then hands the conversation back to the agent', async () => {
    const { support } = e2e.server.agents;
    const parley = createParleyClient({ baseUrl: e2e.server.url, apiKey: e2e.apiKey });
    await parley.savedReplies.create({ title: 'Flood: still rising?', content: 'Is the water still rising?' });
    const link = await e2e.invite('rosa@example.com', 'operator');
    const operator = await e2e.open(link);
    const desk = operator.page;
    await desk.getByLabel('New password').fill(PASSWORD);
    await desk.getByLabel('The same password again').fill(PASSWORD);
    await desk.getByRole('button', { name: 'Set password and sign in' }).click();
    await desk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await desk.getByRole('heading', { name: /^Waiting for a person/ }).waitFor();
    await desk.getByText('Nobody is waiting.').waitFor();
    await e2e.check(operator, 'inbox-01-empty');

    // The visitor, in another browser context, asks for a person.
    const visitor = await e2e.open(`/demo/${support}`);
    const chat = widgetOn(visitor.page, support);
    await chat.waitForReply('Ask me anything about your cover.');
    await chat.send('Can I talk to a person about my flooded cellar?');
    await chat.waitForReply('Let me connect you with a colleague.');

    // It appears in the operator's queue, pushed: no reload, no polling.
    const queue = desk.getByRole('list', { name: 'Conversations waiting for a person, oldest first' });
    const item = queue.getByRole('link', { name: /Harbor Mutual support/ });
    await item.waitFor();
    expect(await item.textContent()).toContain('1 unread');
    await desk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox 1 unread' }).waitFor();
    await e2e.check(operator, 'inbox-02-queued');

    // Open it and claim it from the keyboard.
    await item.focus();
    await desk.keyboard.press('Enter');
    await desk.getByText('Why it was handed over:').waitFor();
    await desk.getByRole('list', { name: /^Transcript of call_/ }).getByText('Can I talk to a person about my flooded cellar?').waitFor();
    const claim = desk.getByRole('button', { name: 'Claim' });
    await claim.focus();
    await desk.keyboard.press('Enter');
    await desk.getByText('You have claimed it.').waitFor();
    await queue.getByText('Claimed by you').waitFor();
    // The visitor's typing (sent here through the API, as the widget's endpoint) shows beside the transcript.
    const waiting = (await parley.inbox.list()).conversations[0];
    if (!waiting) throw new Error('the conversation is not in the inbox');
    await parley.textChat.typing(support, waiting.workflow_run_id);
    await desk.getByText('The visitor is typing…').waitFor();
    await e2e.check(operator, 'inbox-03-claimed');

    // The reply, begun by hand, finished with a saved reply and sent with Enter, reaches the widget under the operator's name.
    await desk.getByLabel('Reply', { exact: true }).fill('Hi, Rosa here.');
    await desk.getByLabel('Saved reply').selectOption({ label: 'Flood: still rising?' });
    expect(await desk.getByLabel('Reply', { exact: true }).inputValue()).toBe('Hi, Rosa here.\nIs the water still rising?');
    await desk.getByLabel('Reply', { exact: true }).press('Enter');
    await chat.waitForReply('Is the water still rising?');
    expect(await chat.host.locator('.msg.operator .author').last().textContent()).toContain('rosa');
    await visitor.screenshot('console-inbox-04-visitor-sees-operator');

    // What the visitor says next shows in the operator's transcript, pushed too.
    await chat.send('No, it stopped.');
    await desk.getByRole('list', { name: /^Transcript of call_/ }).getByText('No, it stopped.').waitFor();

    // Hand back to the agent's LLM node: the agent answers the visitor again.
    e2e.server.llm.setHandler(() => ({ content: 'Thanks for waiting. Flood cover is an add-on to home insurance.' }));
    await desk.getByLabel('Node').selectOption('chat');
    await desk.getByRole('button', { name: 'Hand back' }).click();
    await desk.getByText('This conversation is no longer waiting for a person: the agent has it again.').waitFor();
    await desk.getByText('Nobody is waiting.').waitFor();
    await chat.waitForReply('Flood cover is an add-on to home insurance.');
    await e2e.check(operator, 'inbox-05-handed-back');
    await visitor.screenshot('console-inbox-06-visitor-agent-again');

    // The workflow goes on: the visitor's next message is the agent's again.
    e2e.server.llm.setHandler(() => ({ content: 'The excess is 250 EUR unless the policy says otherwise.' }));
    await chat.send('What is the excess?');
    await chat.waitForReply('The excess is 250 EUR');
    expect((await parley.inbox.list()).conversations).toEqual([]);
    expect(realProblems(operator)).toEqual([]);
    expect(visitor.problems).toEqual([]);
  }, 180_000);
});
