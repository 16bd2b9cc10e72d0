import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParleyError } from '../../client/index.ts';
import { MAX_SAVED_REPLIES, savedReplyListSchema } from '../../shared/api/saved-replies-api.ts';
import { readError } from '../helpers/api-reads.ts';
import { addUser, asUser, cheapHasher, type ConsoleUser } from '../helpers/console-users.ts';
import { inProcessClient } from '../helpers/parley-client.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

describe.each(testDatabases())('saved replies of the inbox on $dialect', (target) => {
  let t: TestApp;
  let operator: ConsoleUser;

  beforeAll(async () => {
    t = await createTestApp(target, { auth: { hasher: cheapHasher() }, startTestRuns: false });
    operator = await addUser(t, 'olga@example.com', 'operator');
  });
  afterAll(() => t.close());

  it('are written by a builder, listed by title for an operator, changed and deleted', async () => {
    const parley = inProcessClient(t);
    const refund = await parley.savedReplies.create({ title: 'Refund policy', content: 'Refunds reach your account within 5 business days.' });
    const hello = await parley.savedReplies.create({ title: '  Greeting ', content: 'Hi, I am a person and I am here to help.' });
    expect(refund.id).toMatch(/^reply_[0-9A-Z]{26}$/);
    expect(hello.title).toBe('Greeting');

    const listed = await readJson(await asUser(t, operator, 'GET', '/v1/saved-replies'), savedReplyListSchema, 200);
    expect(listed.saved_replies.map((r) => r.title)).toEqual(['Greeting', 'Refund policy']);

    const changed = await parley.savedReplies.update(refund.id, { content: 'Refunds take up to 5 business days.' });
    expect(changed).toMatchObject({ id: refund.id, title: 'Refund policy', content: 'Refunds take up to 5 business days.' });
    await parley.savedReplies.remove(hello.id);
    expect((await parley.savedReplies.list()).saved_replies.map((r) => r.id)).toEqual([refund.id]);
    expect((await readError(await t.call('DELETE', `/v1/saved-replies/${hello.id}`), 404)).code).toBe('not_found');
    await parley.savedReplies.remove(refund.id);
  });

  it('refuse an operator writing, a taken title, an empty or multi-line title and an empty patch, changing nothing', async () => {
    const parley = inProcessClient(t);
    const kept = await parley.savedReplies.create({ title: 'Opening hours', content: 'We answer Monday to Friday, 8:00–18:00.' });
    expect((await readError(await asUser(t, operator, 'POST', '/v1/saved-replies', { title: 'Mine', content: 'x' }), 403)).code).toBe('forbidden');
    expect((await readError(await asUser(t, operator, 'PATCH', `/v1/saved-replies/${kept.id}`, { content: 'x' }), 403)).code).toBe('forbidden');

    const taken = await parley.savedReplies.create({ title: 'Opening hours', content: 'again' }).catch((error: unknown) => error);
    expect(taken).toBeInstanceOf(ParleyError);
    expect(taken).toMatchObject({ status: 409, code: 'conflict', message: 'A saved reply is already called "Opening hours"' });
    const other = await parley.savedReplies.create({ title: 'Closing', content: 'Goodbye!' });
    expect((await readError(await t.call('PATCH', `/v1/saved-replies/${other.id}`, { title: 'Opening hours' }), 409)).code).toBe('conflict');

    for (const body of [{ title: '', content: 'x' }, { title: 'Two\nlines', content: 'x' }, { title: 'No content', content: '   ' }, { title: 'Extra', content: 'x', shared: true }]) {
      expect((await readError(await t.call('POST', '/v1/saved-replies', body), 400)).code).toBe('invalid_request');
    }
    expect((await readError(await t.call('PATCH', `/v1/saved-replies/${kept.id}`, {}), 400)).code).toBe('invalid_request');
    expect((await parley.savedReplies.list()).saved_replies.map((r) => [r.title, r.content])).toEqual([
      ['Closing', 'Goodbye!'],
      ['Opening hours', 'We answer Monday to Friday, 8:00–18:00.'],
    ]);
    await parley.savedReplies.remove(kept.id);
    await parley.savedReplies.remove(other.id);
  });

  it(`keep at most ${MAX_SAVED_REPLIES} per workspace`, async () => {
    const parley = inProcessClient(t);
    for (let i = 0; i < MAX_SAVED_REPLIES; i++) await t.repos.savedReplies.create(t.workspaceId, { title: `Reply ${String(i).padStart(3, '0')}`, content: 'x' });
    expect((await readError(await t.call('POST', '/v1/saved-replies', { title: 'One more', content: 'x' }), 409)).message).toBe(`A workspace keeps at most ${MAX_SAVED_REPLIES} saved replies: delete one first`);
    expect((await parley.savedReplies.list()).saved_replies).toHaveLength(MAX_SAVED_REPLIES);
  });
});
