/**
 * Serves a built folder (the widget's `widget/dist`, the console's build) the way a CDN
 * would: each file in the encoding the browser prefers (brotli, gzip, or none — read from
 * the `.br` / `.gz` files the build wrote beside it, or compressed once here when it
 * wrote none), with a strong ETag per encoding and a 304 for a browser that has it.
 * Content-hashed files (`assets/name-HASH.js`, as Vite names them) are cached as
 * immutable for a year; every other file is revalidated (`no-cache` by default), so a
 * deploy reaches the next page view.
 *
 * @example
 * const files = createStaticFiles({ root: repositoryPath('console', 'dist') });
 * app.get('/console/*', async (c) => (await files.respond(c, c.req.path.slice('/console/'.length))) ?? c.notFound());
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip } from 'node:zlib';
import type { Context } from 'hono';
import { pickEncoding, type ContentCoding } from './accept-encoding.ts';
import { COMPRESSIBLE, compressForWire } from './static-compression.ts';

export interface StaticFilesOptions {
  /** The folder to serve; nothing outside it is reachable. */
  root: string;
  /** Cache-Control of files that are not content-hashed. Default `no-cache`: kept, but revalidated with the ETag before each use. */
  revalidate?: string;
  /** Whether a path (relative, `/`-separated) is content-hashed, so it can be cached forever. Default: Vite's `assets/name-HASH.ext`. */
  immutable?: (path: string) => boolean;
  /** Headers every answer of these files carries (CORS for a script any site loads, …). */
  headers?: Record<string, string>;
}

export interface StaticFiles {
  /**
   * The answer for `path` (relative to the root, `/`-separated), or null when the folder has no such file.
   * `conditional: false` answers in full even to a browser that has the file: for a page whose status depends on more than the file.
   */
  respond(c: Context, path: string, options?: { conditional?: boolean }): Promise<Response | null>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Vite's default: `assets/` holds only files whose name ends in an 8-character content hash. */
const VITE_HASHED = /^assets\/(?:[^/]+\/)*[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;

const SAFE_SEGMENT = /^[A-Za-z0-9_@+-][A-Za-z0-9._@+-]*$/;

const decoders: Record<ContentCoding, (body: Uint8Array) => Promise<Buffer>> = { br: promisify(brotliDecompress), gzip: promisify(gunzip) };
const SUFFIX: Record<ContentCoding, string> = { br: '.br', gzip: '.gz' };
const ETAG_SUFFIX: Record<ContentCoding | 'identity', string> = { br: '-br', gzip: '-gz', identity: '' };

interface Representation {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

interface LoadedFile {
  mtimeMs: number;
  size: number;
  type: string;
  /** Every encoding stored for the file; `identity` always. */
  encodings: Partial<Record<ContentCoding, Representation>> & { identity: Representation };
}

export function createStaticFiles(options: StaticFilesOptions): StaticFiles {
  if (!options.root) throw new Error('createStaticFiles: root is required');
  const revalidate = options.revalidate ?? 'no-cache';
  const immutable = options.immutable ?? ((path: string) => VITE_HASHED.test(path));
  /** One load per file version, shared by the requests that arrive while it runs. */
  const cache = new Map<string, { mtimeMs: number; size: number; loaded: Promise<LoadedFile> }>();

  async function load(path: string): Promise<LoadedFile | null> {
    const type = CONTENT_TYPES[extname(path)];
    if (!type || !path.split('/').every((segment) => SAFE_SEGMENT.test(segment))) return null;
    const file = join(options.root, ...path.split('/'));
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    const cached = cache.get(path);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.loaded;
    const loaded = read(file, type, info.mtimeMs, info.size);
    cache.set(path, { mtimeMs: info.mtimeMs, size: info.size, loaded });
    loaded.catch(() => cache.delete(path));
    return loaded;
  }

  return {
    async respond(c, path, { conditional = true } = {}) {
      const file = await load(path);
      if (!file) return null;
      const { identity } = file.encodings;
      const available = (['br', 'gzip'] as const).filter((coding) => file.encodings[coding]);
      const coding = pickEncoding(c.req.header('accept-encoding'), available);
      const chosen = coding === 'identity' ? identity : (file.encodings[coding] ?? identity);
      const headers: Record<string, string> = {
        ...options.headers,
        'content-type': file.type,
        'cache-control': immutable(path) ? IMMUTABLE : revalidate,
        etag: chosen.etag,
        'x-content-type-options': 'nosniff',
        ...(available.length ? { vary: 'Accept-Encoding' } : {}),
      };
      if (conditional && matches(c.req.header('if-none-match'), Object.values(file.encodings).map((r) => r.etag))) return c.body(null, 304, headers);
      if (coding !== 'identity') headers['content-encoding'] = coding;
      return c.body(chosen.body, 200, headers);
    },
  };
}

/** The file and its encodings: the build's `.br` / `.gz` when they hold this very file, else compressed now. */
async function read(file: string, type: string, mtimeMs: number, size: number): Promise<LoadedFile> {
  const body = new Uint8Array(await readFile(file));
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  const etag = (coding: ContentCoding | 'identity') => `"${hash}${ETAG_SUFFIX[coding]}"`;
  const encodings: LoadedFile['encodings'] = { identity: { body, etag: etag('identity') } };
  if (!COMPRESSIBLE.test(file)) return { mtimeMs, size, type, encodings };
  const [builtBr, builtGzip] = await Promise.all([sibling(file, 'br', body), sibling(file, 'gzip', body)]);
  const { br, gzip } = builtBr && builtGzip ? { br: builtBr, gzip: builtGzip } : await compressForWire(body);
  if (br.length < body.length) encodings.br = { body: br, etag: etag('br') };
  if (gzip.length < body.length) encodings.gzip = { body: gzip, etag: etag('gzip') };
  return { mtimeMs, size, type, encodings };
}

/** The build's compressed copy, only when it decodes to exactly the file (a stale one from an earlier build does not). */
async function sibling(file: string, coding: ContentCoding, body: Uint8Array): Promise<Uint8Array<ArrayBuffer> | null> {
  const stored = await readFile(file + SUFFIX[coding]).catch(() => null);
  if (!stored) return null;
  const decoded = await decoders[coding](stored).catch(() => null);
  return decoded && Buffer.compare(decoded, body) === 0 ? new Uint8Array(stored) : null;
}

/**
 * Whether `If-None-Match` names a representation of this version of the file (any of its
 * encodings: they are the same content). Split by hand: `/\s*,\s*\/` re-scanned a run
 * of spaces from each one, n² on a 16 KB header.
 */
function matches(header: string | undefined, etags: readonly string[]): boolean {
  if (!header) return false;
  return header.split(',').some((raw) => {
    const tag = raw.trim();
    return tag === '*' || etags.includes(tag.startsWith('W/') ? tag.slice(2) : tag);
  });
}
