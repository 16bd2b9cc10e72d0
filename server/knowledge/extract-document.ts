/**
 * Reads an uploaded file as the format its name or media type says — plain text,
 * Markdown, HTML or PDF — into the text ingestion splits (Markdown headings mark its
 * structure). Anything else is refused with 415; a file that is not what it claims (a PDF
 * that is not one, text that is not UTF-8) or holds no text, with 400; text longer than a
 * document may hold, with 413. Refusals happen here, before anything is stored.
 */
import { MAX_DOCUMENT_CHARS, type DocumentFormat } from '../../shared/api/knowledge-bases-api.ts';
import { DomainError } from '../errors.ts';
import { htmlToText } from './html-to-text.ts';
import { looksLikePdf, pdfToText } from './pdf-to-text.ts';

export interface UploadedFile {
  name: string;
  /** The part's Content-Type; may be empty or generic (`application/octet-stream`). */
  type: string;
  bytes: Uint8Array;
}

const BY_EXTENSION: Record<string, DocumentFormat> = { txt: 'text', text: 'text', md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html', pdf: 'pdf' };
const BY_MEDIA_TYPE: Record<string, DocumentFormat> = { 'text/plain': 'text', 'text/markdown': 'markdown', 'text/x-markdown': 'markdown', 'text/html': 'html', 'application/xhtml+xml': 'html', 'application/pdf': 'pdf' };

export const ACCEPTED_UPLOADS = 'plain text (.txt), Markdown (.md), HTML (.html) or PDF (.pdf)';

/** The media type names the format when it is specific; else the file name's extension. */
export function formatOf(file: Pick<UploadedFile, 'name' | 'type'>): DocumentFormat | undefined {
  const mediaType = file.type.split(';')[0]?.trim().toLowerCase() ?? '';
  const extension = /\.([a-z0-9]{1,10})$/i.exec(file.name)?.[1]?.toLowerCase();
  return BY_MEDIA_TYPE[mediaType] ?? (extension === undefined ? undefined : BY_EXTENSION[extension]);
}

function utf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new DomainError('invalid_document', `${name}: the file is not UTF-8 text`);
  }
}

async function readPdf(bytes: Uint8Array, name: string): Promise<string> {
  if (!looksLikePdf(bytes)) throw new DomainError('invalid_document', `${name}: the file is not a PDF (it does not start with %PDF-)`);
  try {
    return await pdfToText(bytes);
  } catch (error) {
    throw new DomainError('invalid_document', `${name}: the PDF cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Check extracted text: no NUL (storage refuses it), something to search, not too long. */
export function checkedText(text: string, name: string): string {
  const clean = text.replaceAll('\u0000', '').trim();
  if (clean === '') throw new DomainError('invalid_document', `${name}: the document holds no text`);
  if (clean.length > MAX_DOCUMENT_CHARS) {
    throw new DomainError('payload_too_large', `${name}: the document's text is ${clean.length} characters; at most ${MAX_DOCUMENT_CHARS} are accepted`);
  }
  return clean;
}

/**
 * @example await extractDocument({ name: 'faq.md', type: 'text/markdown', bytes }) // { format: 'markdown', content: '# FAQ…' }
 */
export async function extractDocument(file: UploadedFile): Promise<{ format: DocumentFormat; content: string }> {
  const format = formatOf(file);
  if (format === undefined) {
    throw new DomainError('unsupported_document_type', `${file.name}: ${file.type || 'this type'} is not accepted; upload ${ACCEPTED_UPLOADS}`);
  }
  const text = format === 'pdf' ? await readPdf(file.bytes, file.name) : utf8(file.bytes, file.name);
  return { format, content: checkedText(format === 'html' ? htmlToText(text) : text, file.name) };
}
