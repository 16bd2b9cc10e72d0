import { describe, expect, it } from 'vitest';
import { minimalPdf } from '../../test/helpers/minimal-pdf.ts';
import { extractDocument } from './extract-document.ts';

const file = (name: string, type: string, text: string | Uint8Array) => ({ name, type, bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text });

describe('extractDocument', () => {
  it('reads the text of a real PDF, page by page', async () => {
    const extracted = await extractDocument(file('policy.pdf', 'application/pdf', minimalPdf(['Broken windows are covered (up to 500 EUR).', 'Page two speaks of doors.'])));
    expect(extracted).toEqual({ format: 'pdf', content: 'Broken windows are covered (up to 500 EUR).\n\nPage two speaks of doors.' });
  });

  it('keeps the headings of an HTML page as Markdown headings and drops scripts', async () => {
    const html = '<html><head><title>x</title><script>var a = "<h1>no</h1>";</script></head><body><h1>Hours</h1><p>Open 9&ndash;5 &amp; <b>Sundays</b></p><h2>Holidays</h2><ul><li>Closed</li></ul></body></html>';
    expect((await extractDocument(file('hours.html', 'text/html', html))).content).toBe('# Hours\n\nOpen 9–5 & Sundays\n\n## Holidays\n\n- Closed');
  });

  it('takes the format from the extension when the media type is generic', async () => {
    expect((await extractDocument(file('faq.md', 'application/octet-stream', '# FAQ\n\nYes.'))).format).toBe('markdown');
  });

  it('refuses a PDF that is not one, text that is not UTF-8, an empty file and an unknown type, each saying why', async () => {
    await expect(extractDocument(file('fake.pdf', 'application/pdf', 'just text'))).rejects.toMatchObject({ code: 'invalid_document', message: expect.stringContaining('not a PDF') });
    await expect(extractDocument(file('broken.pdf', 'application/pdf', '%PDF-1.4\ngarbage'))).rejects.toMatchObject({ code: 'invalid_document' });
    await expect(extractDocument(file('latin1.txt', 'text/plain', new Uint8Array([0x63, 0x61, 0x66, 0xe9])))).rejects.toMatchObject({ code: 'invalid_document', message: expect.stringContaining('UTF-8') });
    await expect(extractDocument(file('empty.txt', 'text/plain', '  \n'))).rejects.toMatchObject({ code: 'invalid_document' });
    await expect(extractDocument(file('photo.png', 'image/png', 'x'))).rejects.toMatchObject({ code: 'unsupported_document_type' });
  });
});
