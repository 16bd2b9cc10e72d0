/**
 * How built static files are compressed for the wire: brotli at its best quality and
 * gzip at level 9, done once (at build time by `scripts/precompress.ts`, or once per file
 * version by the server when a build left them out), never per request.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text formats worth compressing; images and fonts already are. */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|map|txt|webmanifest)$/;

export interface Compressed {
  br: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
}

/** Both encodings of `body`, on the thread pool (brotli at quality 11 takes ~100 ms on 70 KB). */
export async function compressForWire(body: Uint8Array): Promise<Compressed> {
  const [br, gzipped] = await Promise.all([
    brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    gz(body, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  return { br: new Uint8Array(br), gzip: new Uint8Array(gzipped) };
}
