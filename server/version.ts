import { readFileSync } from 'node:fs';
import { repositoryPath } from './repository-root.ts';

/** The package version, read once at start. */
export function readVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(repositoryPath('package.json'), 'utf8'));
  return pkg !== null && typeof pkg === 'object' && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
