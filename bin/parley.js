#!/usr/bin/env node
// @ts-check
// The `parley` command. It runs the compiled server that `npm run build` (and `npm start`)
// writes to dist/, when that build is fresh; otherwise the TypeScript sources through tsx,
// so `npx parley …` works right after `npm install` and never runs code older than the sources.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkServerBuild } from './fresh-build.js';

const build = checkServerBuild(fileURLToPath(new URL('..', import.meta.url)));
if (build.fresh) {
  // Before the import: Node reads a module's source map only if enabled when it loads.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(build.entry).href);
} else {
  process.stderr.write(`parley: ${build.reason} (npm run build); running the TypeScript sources through tsx\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli/parley.ts');
}
