/**
 * The knowledge bases API as the console uses it (`/v1/knowledge-bases`: bases, their
 * documents — pasted as JSON or uploaded as files — and the debugging search), parsed
 * with the shared schemas.
 */
import {
  knowledgeBaseListSchema,
  knowledgeBaseSchema,
  knowledgeDocumentListSchema,
  knowledgeDocumentSchema,
  knowledgeSearchResultSchema,
  type CreateKnowledgeBaseInput,
  type DocumentInput,
} from '../../../shared/api/knowledge-bases-api.ts';
import type { HttpClient } from './http-client.ts';

export function createKnowledgeClient(http: HttpClient) {
  const basePath = (id: string) => `/v1/knowledge-bases/${encodeURIComponent(id)}`;
  return {
    list: async () => (await http.get('/v1/knowledge-bases', knowledgeBaseListSchema)).data,
    get: (id: string) => http.get(basePath(id), knowledgeBaseSchema),
    create: (body: Partial<CreateKnowledgeBaseInput> & { name: string }) => http.post('/v1/knowledge-bases', body, knowledgeBaseSchema),
    remove: (id: string) => http.write('DELETE', basePath(id)),
    documents: async (id: string) => (await http.get(`${basePath(id)}/documents`, knowledgeDocumentListSchema)).data,
    addDocument: (id: string, body: DocumentInput) => http.post(`${basePath(id)}/documents`, body, knowledgeDocumentSchema),
    /** `form` holds `file` and, optionally, `title` and `url`. */
    uploadDocument: (id: string, form: FormData) => http.upload(`${basePath(id)}/documents`, form, knowledgeDocumentSchema),
    removeDocument: (id: string, documentId: string) => http.write('DELETE', `${basePath(id)}/documents/${encodeURIComponent(documentId)}`),
    search: (id: string, q: string) => http.get(`${basePath(id)}/search?q=${encodeURIComponent(q)}&limit=5`, knowledgeSearchResultSchema),
  };
}

export type KnowledgeClient = ReturnType<typeof createKnowledgeClient>;
