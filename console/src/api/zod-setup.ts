/**
 * Zod without its compiled fast path: to find out whether it may compile parsers, zod
 * tries `new Function`, which the console's CSP (`default-src 'self'`, no
 * `unsafe-eval`) refuses — and the browser reports every refusal. Imported by each page
 * that parses with zod, before any parse.
 */
import { z } from 'zod';

z.config({ jitless: true });
