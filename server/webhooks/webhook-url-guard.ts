/**
 * The check run when a webhook is saved: a 400 naming the problem for a URL that cannot be
 * resolved or reaches a private address (server/outbound/address-guard.ts), unless
 * `PARLEY_ALLOW_PRIVATE_WEBHOOKS=1`. Deliveries check again at connect time
 * (server/outbound/guarded-fetch.ts), since DNS answers change.
 */
import { isIP } from 'node:net';
import { badRequest } from '../errors.ts';
import { bareHost, describeAddress, dnsResolver, isPrivateAddress, type HostResolver } from '../outbound/address-guard.ts';

export interface UrlGuardOptions {
  allowPrivate: boolean;
  resolve?: HostResolver;
}

export type UrlGuard = (url: string) => Promise<void>;

export function createUrlGuard(options: UrlGuardOptions): UrlGuard {
  const resolve = options.resolve ?? dnsResolver;
  return async (url) => {
    if (options.allowPrivate) return;
    const host = bareHost(new URL(url).hostname);
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : await resolve(host);
    } catch {
      throw badRequest(`url: the host ${host} cannot be resolved`, 'invalid_webhook_url');
    }
    if (addresses.length === 0) throw badRequest(`url: the host ${host} cannot be resolved`, 'invalid_webhook_url');
    const refused = addresses.find(isPrivateAddress);
    if (refused) {
      throw badRequest(`url: ${host} is a private or loopback address (${describeAddress(refused)}); webhooks must reach a public host`, 'invalid_webhook_url');
    }
  };
}
