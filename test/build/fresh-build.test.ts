/**
 * `bin/parley.js` runs the compiled server only while it is fresh: built from the sources
 * as they are now. Anything else must fall back to the sources, never run older code.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD_MANIFEST, checkServerBuild, SERVER_BUILD_DIR, SERVER_ENTRY } from '../../bin/fresh-build.js';

const BUILT_AT = Date.parse('2026-11-29T10:00:00Z');

/** A checkout with two sources last changed before `BUILT_AT`, built at `BUILT_AT`. */
function builtCheckout(): { root: string; touch(path: string, at: number): void } {
  const root = mkdtempSync(join(tmpdir(), 'parley-build-'));
  const touch = (path: string, at: number) => utimesSync(join(root, path), at / 1000, at / 1000);
  mkdirSync(join(root, 'server'));
  mkdirSync(join(root, SERVER_BUILD_DIR), { recursive: true });
  for (const source of ['server/main.ts', 'server/app.ts']) {
    writeFileSync(join(root, source), '');
    touch(source, BUILT_AT - 60_000);
  }
  writeFileSync(join(root, SERVER_BUILD_DIR, SERVER_ENTRY), '');
  writeFileSync(join(root, SERVER_BUILD_DIR, BUILD_MANIFEST), JSON.stringify({ builtAt: BUILT_AT, inputs: ['server/main.ts', 'server/app.ts'] }));
  return { root, touch };
}

describe('whether the compiled server is fresh', () => {
  it('is fresh when no file it was built from changed since the build began', () => {
    const { root } = builtCheckout();
    expect(checkServerBuild(root)).toEqual({ fresh: true, entry: join(root, SERVER_BUILD_DIR, SERVER_ENTRY) });
  });

  it('is stale once a source it was built from changes, even during the build', () => {
    const { root, touch } = builtCheckout();
    touch('server/app.ts', BUILT_AT + 1);
    expect(checkServerBuild(root)).toEqual({ fresh: false, reason: 'server/app.ts changed since the last build' });
  });

  it('is stale once a source it was built from is removed', () => {
    const { root } = builtCheckout();
    rmSync(join(root, 'server/main.ts'));
    expect(checkServerBuild(root)).toEqual({ fresh: false, reason: 'server/main.ts was removed since the last build' });
  });

  it('is not there in a fresh clone, nor when the bundle or its record is missing or unreadable', () => {
    expect(checkServerBuild(mkdtempSync(join(tmpdir(), 'parley-clone-')))).toEqual({ fresh: false, reason: 'the server is not built' });
    const withoutBundle = builtCheckout().root;
    rmSync(join(withoutBundle, SERVER_BUILD_DIR, SERVER_ENTRY));
    expect(checkServerBuild(withoutBundle)).toEqual({ fresh: false, reason: 'the server build is incomplete' });
    const garbled = builtCheckout().root;
    writeFileSync(join(garbled, SERVER_BUILD_DIR, BUILD_MANIFEST), '{"builtAt":"yesterday","inputs":[]}');
    expect(checkServerBuild(garbled)).toEqual({ fresh: false, reason: 'the server build is incomplete' });
  });
});
