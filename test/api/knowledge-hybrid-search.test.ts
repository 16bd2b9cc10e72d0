import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeBaseSchema, knowledgeDocumentListSchema, knowledgeDocumentSchema, knowledgeSearchResultSchema } from '../../shared/api/knowledge-bases-api.ts';
import { startFakeLlm, type FakeLlm } from '../fake-llm/fake-llm.ts';
import { HASHED_EMBEDDING_DIMENSIONS } from '../fake-llm/hashed-embedding.ts';
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

const MODEL = 'fake-embedding';

describe.each(testDatabases())('hybrid knowledge search on $dialect', (target) => {
  let fake: FakeLlm;
  let t: TestApp;
  let plain: TestApp;

  beforeAll(async () => {
    fake = await startFakeLlm();
    t = await createTestApp(target, { llmUrl: fake.url, embeddingModel: MODEL });
    plain = await createTestApp(target, { llmUrl: fake.url });
  });
  afterAll(async () => {
    await t.close();
    await plain.close();
    await fake.close();
  });

  const newBase = async (app: TestApp) => (await readJson(await app.call('POST', '/v1/knowledge-bases', { name: 'Insurance' }), knowledgeBaseSchema, 201)).id;
  const addPolicy = async (app: TestApp, base: string) => {
    const document = await readJson(await app.call('POST', `/v1/knowledge-bases/${base}/documents`, { title: 'Policy', content: POLICY }), knowledgeDocumentSchema, 202);
    await app.app.knowledge.queue.idle();
    return document;
  };
  const search = async (app: TestApp, base: string, q: string) =>
    readJson(await app.call('GET', `/v1/knowledge-bases/${base}/search?q=${encodeURIComponent(q)}&limit=5`), knowledgeSearchResultSchema, 200);
  const storedVectors = async (app: TestApp, documentId: string) => {
    const { rows } = await sql<{ embedding: Uint8Array | null; embedding_model: string | null }>`
      SELECT p.embedding, p.embedding_model FROM knowledge_passages p JOIN knowledge_documents d ON d.id = p.document_id WHERE d.public_id = ${documentId}`.execute(app.database.db);
    return rows;
  };

  it('finds the answering passage for a paraphrase that full-text search misses, showing both rankings', async () => {
    const base = await newBase(t);
    const document = await addPolicy(t, base);
    const vectors = await storedVectors(t, document.id);
    expect(vectors).toHaveLength(4);
    for (const row of vectors) {
      expect(row.embedding_model).toBe(MODEL);
      expect(row.embedding?.byteLength).toBe(HASHED_EMBEDDING_DIMENSIONS * 4);
    }

    // No word of "windowpane breakage" stems to a word of the policy: full text finds nothing.
    const plainBase = await newBase(plain);
    await addPolicy(plain, plainBase);
    expect((await search(plain, plainBase, 'windowpane breakage')).data).toEqual([]);

    const hybrid = await search(t, base, 'windowpane breakage');
    expect(hybrid.mode).toBe('hybrid');
    expect(hybrid.data[0]).toMatchObject({ heading_path: ['Home insurance', 'Windows'], full_text: null, vector: { rank: 1 } });
    expect(hybrid.data[0]?.score).toBeCloseTo(1 / 61);

    // Found by both: each ranking's place is shown, and the fused score sums them.
    const both = await search(t, base, 'leaking pipes');
    expect(both.data[0]).toMatchObject({ heading_path: ['Home insurance', 'Water'], full_text: { rank: 1 }, vector: { rank: 1 } });
    expect(both.data[0]?.score).toBeCloseTo(2 / 61);
    expect(both.data.map((hit) => hit.score)).toEqual([...both.data.map((hit) => hit.score)].sort((a, b) => b - a));
  });

  it('embeds the query once per search', async () => {
    const base = await newBase(t);
    await addPolicy(t, base);
    const before = fake.embeddingRequests.length;
    await search(t, base, 'how long do I have to file a claim');
    expect(fake.embeddingRequests.slice(before)).toEqual([{ model: MODEL, input: ['how long do I have to file a claim'] }]);
  });

  it('deletes the vectors with their document', async () => {
    const base = await newBase(t);
    const document = await addPolicy(t, base);
    expect(await storedVectors(t, document.id)).toHaveLength(4);
    expect((await t.call('DELETE', `/v1/knowledge-bases/${base}/documents/${document.id}`)).status).toBe(204);
    expect(await storedVectors(t, document.id)).toEqual([]);
    const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM knowledge_passages WHERE knowledge_base_id = (SELECT id FROM knowledge_bases WHERE public_id = ${base})`.execute(t.database.db);
    expect(Number(rows[0]?.n)).toBe(0);
    expect((await search(t, base, 'windowpane breakage')).data).toEqual([]);
  });

  it('marks a document failed, saying why, when the embeddings endpoint keeps failing', async () => {
    const base = await newBase(t);
    fake.failEmbeddings(1, 503);
    await readJson(await t.call('POST', `/v1/knowledge-bases/${base}/documents`, { title: 'Policy', content: POLICY }), knowledgeDocumentSchema, 202);
    await t.app.knowledge.queue.idle();
    const [document] = (await readJson(await t.call('GET', `/v1/knowledge-bases/${base}/documents`), knowledgeDocumentListSchema, 200)).data;
    expect(document).toMatchObject({ status: 'failed', passage_count: 0 });
    expect(document?.failure_reason).toMatch(/^Embedding the passages failed: /);
  });

  it('sends no request to /embeddings without an embedding model, and ranks by full text alone', async () => {
    const before = fake.embeddingRequests.length;
    const base = await newBase(plain);
    const document = await addPolicy(plain, base);
    const result = await search(plain, base, 'broken windows');
    expect(result.mode).toBe('full_text');
    expect(result.data[0]).toMatchObject({ heading_path: ['Home insurance', 'Windows'], full_text: { rank: 1 }, vector: null });
    expect(await storedVectors(plain, document.id)).toEqual(Array.from({ length: 4 }, () => ({ embedding: null, embedding_model: null })));
    expect(fake.embeddingRequests.length).toBe(before);
  });
});
