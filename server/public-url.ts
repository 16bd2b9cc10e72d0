/**
 * The server's public URL (`PARLEY_PUBLIC_URL`): the origin its own pages are served
 * from, which the widget treats as always allowed, and the base of links it hands out.
 * It comes from configuration, never from a request's `Host` header: a DNS-rebinding page
 * names any host it likes there and would pass for our own origin.
 */
import { z } from 'zod';

const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '[::]']);

/** An http(s) origin, `scheme://host[:port]`; a path, query or credentials are refused. */
export const publicUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://chat.example.com' })
  .refine((text) => {
    // Zod runs refinements after a failed format check too.
    const url = URL.parse(text);
    return url !== null && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  }, 'must be an origin only (scheme://host[:port]): Parley serves its routes from the root')
  .transform((text) => new URL(text).origin);

/**
 * `http://HOST:PORT` as a browser on this machine reaches it. A wildcard HOST (`0.0.0.0`,
 * `::`) names no address a browser can use, so the default is the loopback one; visitors
 * who use another name (a LAN address, a domain, https through a proxy) need
 * `PARLEY_PUBLIC_URL` set to it.
 *
 * @example defaultPublicUrl('0.0.0.0', 8787) // 'http://127.0.0.1:8787'
 */
export function defaultPublicUrl(host: string, port: number): string {
  const name = WILDCARD_HOSTS.has(host) ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return new URL(`http://${name}:${port}`).origin;
}
