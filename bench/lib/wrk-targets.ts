/**
 * The targets file bench/lib/turns.lua reads: one request target per line, a path then
 * tab-separated `name: value` headers. One line per session, so wrk's threads can split
 * the sessions between them.
 */
import { writeFileSync } from 'node:fs';

export interface WrkTarget {
  path: string;
  headers?: Record<string, string>;
}

const UNSAFE = /[\t\r\n]/;

/**
 * Render targets as the file's text; throws on a value that would break the line format.
 * @example formatTargets([{ path: '/s/1/messages', headers: { authorization: 'Bearer k' } }])
 *   // → '/s/1/messages\tauthorization: Bearer k\n'
 */
export function formatTargets(targets: readonly WrkTarget[]): string {
  if (targets.length === 0) throw new Error('wrk needs at least one target');
  return targets
    .map(({ path, headers = {} }) => {
      if (!path.startsWith('/') || /\s/.test(path)) throw new Error(`a target path must start with / and hold no whitespace: ${JSON.stringify(path)}`);
      const fields = Object.entries(headers).map(([name, value]) => {
        if (UNSAFE.test(name) || UNSAFE.test(value) || name.includes(':') || name.trim() === '') throw new Error(`header ${JSON.stringify(name)} cannot go in a targets file`);
        return `${name}: ${value}`;
      });
      return [path, ...fields].join('\t');
    })
    .map((line) => `${line}\n`)
    .join('');
}

export function writeTargets(file: string, targets: readonly WrkTarget[]): void {
  writeFileSync(file, formatTargets(targets));
}
