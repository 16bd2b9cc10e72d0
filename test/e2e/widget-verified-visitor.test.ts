/**
 * Verified visitors in a real Chromium (issue #16 item 10): the page passes the visitor its
 * server signed, and the same visitor on another browser — no shared storage — finds their
 * conversation there; a forged signature finds nothing and is simply anonymous.
 */
import { describe, expect, it } from 'vitest';
import { callListSchema } from '../../shared/api/calls-api.ts';
import { visitorSecretSchema } from '../../shared/api/agents-api.ts';
import { readJson } from '../helpers/read-json.ts';
import { epochSeconds, signVisitor, visitorJwt } from '../helpers/visitor-signing.ts';
import { chromiumAvailable } from './browser.ts';
import { useE2eSuite, type Visit } from './e2e-suite.ts';

describe.skipIf(!chromiumAvailable())('the widget in Chromium: verified visitors', () => {
  const e2e = useE2eSuite();

  /** The demo page in a browser of its own, its widget told who the visitor is, then opened. */
  async function visitAs(visitor: object): Promise<Visit> {
    const visit = await e2e.visit('/', 'claims');
    await visit.chat.host.evaluate((el, json) => el.setAttribute('visitor', json), JSON.stringify(visitor));
    await visit.chat.launcher.click();
    return visit;
  }

  it('shows a returning verified visitor their conversation on another browser, and a forged signature nothing', async () => {
    const claims = e2e.server.agents.claims;
    const { secret } = await readJson(await e2e.server.app.call('POST', `/v1/agents/${claims}/visitor-secret`), visitorSecretSchema, 201);

    const laptop = await visitAs(signVisitor(secret, { id: 'user-ada', name: 'Ada Lovelace', email: 'ada@example.com' }));
    await laptop.chat.waitForReply('policy number');
    await laptop.chat.send('123456');
    await laptop.chat.waitForReply('What happened?');
    const conversation = await laptop.chat.bubbles();

    // Another browser context: no local storage; the page signs with a short-lived JWT this time.
    const phone = await visitAs({ token: visitorJwt(secret, { sub: 'user-ada', name: 'Ada Lovelace', exp: epochSeconds(300) }) });
    await phone.chat.waitForReply('What happened?');
    expect(await phone.chat.bubbles()).toEqual(conversation);
    await phone.t.screenshot('40-verified-visitor-second-browser');
    // Both browsers go on with the one conversation.
    await phone.chat.quickReplies.filter({ hasText: 'Home damage' }).click();
    await phone.chat.waitForReply('When did it happen?');

    const forger = await visitAs({ id: 'user-ada', signature: 'ab'.repeat(32) });
    await forger.chat.waitForReply('policy number');
    expect(await forger.chat.bubbles()).toHaveLength(1);
    await forger.t.screenshot('41-forged-visitor-anonymous');

    const calls = (await readJson(await e2e.server.app.call('GET', '/v1/calls?visitor_id=user-ada'), callListSchema, 200)).calls;
    expect(calls.map((c) => [c.channel, c.visitor?.name, c.turn_count])).toEqual([['widget', 'Ada Lovelace', 2]]);
    expect([...laptop.t.problems, ...phone.t.problems, ...forger.t.problems]).toEqual([]);
  });
});
