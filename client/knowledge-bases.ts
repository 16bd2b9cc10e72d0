/** `/v1/knowledge-bases`: bases, their documents (JSON or uploaded files) and the ranked search. */
import type { RequestOptions, Transport } from './transport.ts';
import type {
  CreateKnowledgeBaseInput,
  KnowledgeBase,
  KnowledgeBaseList,
  KnowledgeDocument,
  KnowledgeDocumentDetail,
  KnowledgeDocumentInput,
  KnowledgeDocumentList,
  KnowledgeSearchQuery,
  KnowledgeSearchResult,
  UpdateKnowledgeBaseInput,
} from './types.ts';

/** A file to upload: a `File`, or a `Blob` with its name (the extension names the format). */
export interface KnowledgeUpload {
  file: Blob;
  name: string;
  title?: string;
  url?: string;
}

/** JSON as it is; an upload as multipart with `file`, `title` and `url`. */
function documentBody(document: KnowledgeDocumentInput | KnowledgeUpload): KnowledgeDocumentInput | FormData {
  if (!('file' in document)) return document;
  const form = new FormData();
  form.set('file', document.file, document.name);
  if (document.title !== undefined) form.set('title', document.title);
  if (document.url !== undefined) form.set('url', document.url);
  return form;
}

export function knowledgeBasesApi(http: Transport) {
  const base = (id: string) => ({ id });
  const doc = (id: string, documentId: string) => ({ id, document_id: documentId });
  return {
    list: (options?: RequestOptions) => http.json<KnowledgeBaseList>('GET /v1/knowledge-bases', { options }),
    create: (input: CreateKnowledgeBaseInput, options?: RequestOptions) => http.json<KnowledgeBase>('POST /v1/knowledge-bases', { body: input, options }),
    get: (id: string, options?: RequestOptions) => http.json<KnowledgeBase>('GET /v1/knowledge-bases/{id}', { params: base(id), options }),
    update: (id: string, input: UpdateKnowledgeBaseInput, options?: RequestOptions) => http.json<KnowledgeBase>('PATCH /v1/knowledge-bases/{id}', { params: base(id), body: input, options }),
    delete: (id: string, options?: RequestOptions) => http.none('DELETE /v1/knowledge-bases/{id}', { params: base(id), options }),
    documents: {
      list: (id: string, options?: RequestOptions) => http.json<KnowledgeDocumentList>('GET /v1/knowledge-bases/{id}/documents', { params: base(id), options }),
      /** Queued for ingestion: `status` is `processing` until its passages are searchable. */
      add: (id: string, document: KnowledgeDocumentInput | KnowledgeUpload, options?: RequestOptions) =>
        http.json<KnowledgeDocument>('POST /v1/knowledge-bases/{id}/documents', { params: base(id), body: documentBody(document), options }),
      get: (id: string, documentId: string, options?: RequestOptions) => http.json<KnowledgeDocumentDetail>('GET /v1/knowledge-bases/{id}/documents/{document_id}', { params: doc(id, documentId), options }),
      replace: (id: string, documentId: string, document: KnowledgeDocumentInput | KnowledgeUpload, options?: RequestOptions) =>
        http.json<KnowledgeDocument>('PUT /v1/knowledge-bases/{id}/documents/{document_id}', { params: doc(id, documentId), body: documentBody(document), options }),
      delete: (id: string, documentId: string, options?: RequestOptions) => http.none('DELETE /v1/knowledge-bases/{id}/documents/{document_id}', { params: doc(id, documentId), options }),
    },
    /** The ranked passages an agent would be given for `q`, with scores. */
    search: (id: string, query: KnowledgeSearchQuery, options?: RequestOptions) => http.json<KnowledgeSearchResult>('GET /v1/knowledge-bases/{id}/search', { params: base(id), query, options }),
  };
}
