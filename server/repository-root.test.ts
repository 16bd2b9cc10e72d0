import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findRepositoryRoot, repositoryPath } from './repository-root.ts';

function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'parley-root-'));
  writeFileSync(join(root, 'package.json'), '{"name":"parley"}');
  mkdirSync(join(root, 'dist', 'server'), { recursive: true });
  mkdirSync(join(root, 'server'));
  return root;
}

describe('finding the repository root', () => {
  it('finds the same root from a source module and from a bundle one folder deeper', () => {
    const root = checkout();
    expect(findRepositoryRoot(pathToFileURL(join(root, 'server', 'app.ts')))).toBe(root);
    expect(findRepositoryRoot(pathToFileURL(join(root, 'dist', 'server', 'parley.js')).href)).toBe(root);
  });

  it('stops at the nearest package.json, so an installed copy finds its own files', () => {
    const outer = checkout();
    const installed = join(outer, 'node_modules', 'parley');
    mkdirSync(join(installed, 'server'), { recursive: true });
    writeFileSync(join(installed, 'package.json'), '{"name":"parley"}');
    expect(findRepositoryRoot(join(installed, 'server', 'main.ts'))).toBe(installed);
  });

  it('says where it looked when no folder above holds a package.json', () => {
    expect(() => findRepositoryRoot('/')).toThrow(/No package.json in any folder above \//);
  });

  it('names paths in this checkout', () => {
    const pkg: unknown = JSON.parse(readFileSync(repositoryPath('package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'parley' });
  });
});
