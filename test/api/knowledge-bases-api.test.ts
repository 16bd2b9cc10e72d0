import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  knowledgeBaseListSchema,
  knowledgeBaseSchema,
  knowledgeDocumentDetailSchema,
  knowledgeDocumentListSchema,
  knowledgeDocumentSchema,
  knowledgeSearchResultSchema,
} from '../../shared/api/knowledge-bases-api.ts';
import { readError } from '../helpers/api-reads.ts';
import { minimalPdf } from '../helpers/minimal-pdf.ts';
import { readJson } from '../helpers/read-json.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { testDatabases } from '../helpers/test-databases.ts';

const POLICY = `# Home insurance

Your home is insured against fire, storm and theft.

## Windows

Broken windows are covered up to 500 EUR per claim. Send a photo of the damage.

## Water

Leaking pipes are covered; floods from rivers are not.

# Claims

File a claim within 30 days of the damage, by phone or online.`;

describe.each(testDatabases())('knowledge bases on $dialect', (target) => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp(target);
    base = (await readJson(await t.call('POST', '/v1/knowledge-bases', { name: 'Insurance' }), knowledgeBaseSchema, 201)).id;
  });
  afterAll(() => t.close());

  const upload = (name: string, type: string, bytes: Uint8Array | string, fields: Record<string, string> = {}, method = 'POST', path = `/v1/knowledge-bases/${base}/documents`) => {
    const form = new FormData();
    form.set('file', new File([typeof bytes === 'string' ? bytes : Buffer.from(bytes)], name, { type }));
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    return t.app.request(path, { method, headers: { authorization: `Bearer ${t.key}` }, body: form });
  };
  const search = async (q: string, baseId = base) => readJson(await t.call('GET', `/v1/knowledge-bases/${baseId}/search?q=${encodeURIComponent(q)}&limit=5`), knowledgeSearchResultSchema, 200);
  const documents = async () => (await readJson(await t.call('GET', `/v1/knowledge-bases/${base}/documents`), knowledgeDocumentListSchema, 200)).data;

  it('ingests JSON, Markdown, HTML and PDF documents into passages that full-text search ranks, stemmed', async () => {
    const json = await readJson(await t.call('POST', `/v1/knowledge-bases/${base}/documents`, { title: 'Policy', content: POLICY, url: 'https://example.com/policy' }), knowledgeDocumentSchema, 202);
    expect(json).toMatchObject({ status: 'processing', format: 'text', title: 'Policy', url: 'https://example.com/policy' });
    await readJson(await upload('opening-hours.md', 'text/markdown', '# Opening hours\n\nThe office opens at nine and closes at five.'), knowledgeDocumentSchema, 202);
    await readJson(await upload('pets.html', 'text/html', '<h1>Pets</h1><p>Dogs and cats are insured for vet bills.</p>', { title: 'Pet cover' }), knowledgeDocumentSchema, 202);
    await readJson(await upload('travel.pdf', 'application/pdf', minimalPdf(['Travel cover pays for lost luggage abroad.'])), knowledgeDocumentSchema, 202);
    await t.app.knowledge.queue.idle();

    const listed = await documents();
    expect(listed.map((d) => [d.title, d.format, d.status])).toEqual([
      ['Policy', 'text', 'ready'],
      ['opening-hours', 'markdown', 'ready'],
      ['Pet cover', 'html', 'ready'],
      ['travel', 'pdf', 'ready'],
    ]);
    expect(listed[0]?.passage_count).toBe(4);

    // "window" finds "windows", "luggages" finds "luggage": the stemmer is at work.
    const windows = await search('is my broken window covered?');
    expect(windows.mode).toBe('full_text');
    expect(windows.data[0]).toMatchObject({ document_id: json.id, title: 'Policy', url: 'https://example.com/policy', heading_path: ['Home insurance', 'Windows'] });
    expect(windows.data[0]?.text).toContain('500 EUR');
    expect(windows.data.map((hit) => hit.score)).toEqual([...windows.data.map((hit) => hit.score)].sort((a, b) => b - a));
    expect((await search('luggages lost')).data[0]?.title).toBe('travel');
    expect((await search('vet bills for my dog')).data[0]?.title).toBe('Pet cover');
    expect((await search('zzzz qqqq')).data).toEqual([]);

    const detail = await readJson(await t.call('GET', `/v1/knowledge-bases/${base}/documents/${json.id}`), knowledgeDocumentDetailSchema, 200);
    expect(detail.content).toBe(POLICY);
  });

  it('replaces a document: the new text is searched, the old one no more; deleting removes its passages', async () => {
    const doc = await readJson(await t.call('POST', `/v1/knowledge-bases/${base}/documents`, { title: 'Parking', content: 'Parking is free for visitors.' }), knowledgeDocumentSchema, 202);
    await t.app.knowledge.queue.idle();
    const replaced = await readJson(await upload('parking.txt', 'text/plain', 'Bicycles park in the courtyard.', {}, 'PUT', `/v1/knowledge-bases/${base}/documents/${doc.id}`), knowledgeDocumentSchema, 202);
    expect(replaced).toMatchObject({ id: doc.id, status: 'processing', title: 'parking' });
    await t.app.knowledge.queue.idle();
    expect((await search('bicycles courtyard')).data[0]?.document_id).toBe(doc.id);
    expect((await search('visitors free')).data.map((hit) => hit.document_id)).not.toContain(doc.id);

    expect((await t.call('DELETE', `/v1/knowledge-bases/${base}/documents/${doc.id}`)).status).toBe(204);
    expect((await search('bicycles courtyard')).data).toEqual([]);
    expect((await t.call('GET', `/v1/knowledge-bases/${base}/documents/${doc.id}`)).status).toBe(404);
  });

  it('refuses bad uploads with a clear 4xx and changes nothing', async () => {
    const before = await documents();
    const fake = await readError(await upload('fake.pdf', 'application/pdf', 'I am not a PDF'), 400);
    expect(fake).toMatchObject({ code: 'invalid_document', message: expect.stringContaining('not a PDF') });
    expect((await readError(await upload('photo.png', 'image/png', 'png'), 415)).code).toBe('unsupported_document_type');
    expect((await readError(await upload('big.txt', 'text/plain', 'a'.repeat(11 * 1024 * 1024)), 413)).code).toBe('payload_too_large');
    expect((await readError(await upload('long.txt', 'text/plain', 'word '.repeat(120_000)), 413)).message).toContain('500000');
    expect((await readError(await t.call('POST', `/v1/knowledge-bases/${base}/documents`, { title: 'x' }), 400)).message).toContain('content');
    expect((await readError(await t.call('POST', `/v1/knowledge-bases/${base}/documents`, 'plain', { 'content-type': 'text/plain' }), 415)).code).toBe('unsupported_media_type');
    expect((await readError(await t.call('POST', '/v1/knowledge-bases/kb_01ARZ3NDEKTSV4RRFFQ69G5FAV/documents', { title: 'x', content: 'y' }), 404)).code).toBe('not_found');
    expect(await documents()).toEqual(before);
  });

  it('lists, renames and deletes bases; another base\'s passages are not searched', async () => {
    const other = await readJson(await t.call('POST', '/v1/knowledge-bases', { name: 'Other', language: 'fr', description: 'Contrats' }), knowledgeBaseSchema, 201);
    await t.call('POST', `/v1/knowledge-bases/${other.id}/documents`, { title: 'Fenêtres', content: 'Les fenêtres cassées sont couvertes.' });
    await t.app.knowledge.queue.idle();
    expect((await search('fenêtres cassées')).data).toEqual([]);
    expect((await search('fenêtre cassée', other.id)).data[0]?.title).toBe('Fenêtres');
    const renamed = await readJson(await t.call('PATCH', `/v1/knowledge-bases/${other.id}`, { name: 'Autre' }), knowledgeBaseSchema, 200);
    expect(renamed).toMatchObject({ name: 'Autre', language: 'fr', description: 'Contrats', document_count: 1 });
    expect((await readJson(await t.call('GET', '/v1/knowledge-bases'), knowledgeBaseListSchema, 200)).data.map((b) => b.name)).toEqual(['Insurance', 'Autre']);
    expect((await t.call('DELETE', `/v1/knowledge-bases/${other.id}`)).status).toBe(204);
    expect((await t.call('GET', `/v1/knowledge-bases/${other.id}`)).status).toBe(404);
    const orphans = await t.database.db.selectFrom('knowledge_passages').select('id').where('knowledge_base_id', 'not in', (eb) => eb.selectFrom('knowledge_bases').select('id')).execute();
    expect(orphans).toEqual([]);
  });
});
