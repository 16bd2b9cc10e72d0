/**
 * The `parley` process: runs the CLI with this process's streams and environment. The
 * build bundles this file into `dist/server/parley.js`; `bin/parley.js` runs that, or this
 * file through tsx when there is no fresh build.
 */
import { runCli } from './main.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
});
