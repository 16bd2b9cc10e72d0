/**
 * Extracts the text of a PDF with Mozilla's pdf.js (the legacy build, which runs on Node
 * without a DOM), page by page, lines as pdf.js reports them. Worker-less: pdf.js parses in
 * this thread, so the caller bounds the input's size. A file that is not a PDF, or that
 * pdf.js cannot open, is the caller's `invalid_document`.
 */
/** A budget for a data-driven loop: pages read from one file. */
export const MAX_PDF_PAGES = 2000;

export function looksLikePdf(bytes: Uint8Array): boolean {
  // `%PDF-` within the first KB, as readers accept it.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** @example const text = await pdfToText(new Uint8Array(await file.arrayBuffer())) */
export async function pdfToText(bytes: Uint8Array): Promise<string> {
  // Lazily: pdf.js is large, and most servers never read a PDF (see EXTERNAL_PACKAGES).
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const task = getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  const pdf = await task.promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= Math.min(pdf.numPages, MAX_PDF_PAGES); number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push(text.trim());
      page.cleanup();
    }
    return pages.filter((page) => page !== '').join('\n\n');
  } finally {
    await task.destroy();
  }
}
