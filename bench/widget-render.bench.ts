/**
 * Widget first render in real headless Chromium: on the demo product page (which loads
 * `widget.js` with the script tag, async), the time from navigation start until the
 * launcher button is in the widget's shadow DOM, next to the page's own
 * DOMContentLoaded measured in the same load. Cold cache each time (a fresh context).
 *
 *   npx tsx bench/widget-render.bench.ts [--loads 15]
 */
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/e2e/browser.ts';
import { startServerProcess } from '../test/helpers/server-process.ts';
import { percentile } from './lib/stats.ts';

export interface RenderResult {
  loads: number;
  domContentLoaded: { p50: number; p90: number };
  launcher: { p50: number; p90: number };
}

export async function benchWidgetRender(loads = 15): Promise<RenderResult> {
  const server = await startServerProcess();
  const browser = await launchChromium();
  const dcl: number[] = [];
  const launcher: number[] = [];
  try {
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      // Installed before any page script: records when the launcher first appears.
      // Polled with timers (±1–4 ms): headless Chromium may not run animation frames.
      // A string, not a function: tsx would wrap a function with helpers the page lacks.
      await page.addInitScript(`(() => {
        const check = () => {
          const host = document.querySelector('parley-chat');
          if (host && host.shadowRoot && host.shadowRoot.querySelector('[part~="launcher"]')) window.__launcherAt = performance.now();
          else setTimeout(check, 1);
        };
        check();
      })()`);
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => (window as unknown as { __launcherAt?: number }).__launcherAt !== undefined, undefined, { timeout: 10_000 });
      const timing = await page.evaluate(() => ({
        launcher: (window as unknown as { __launcherAt: number }).__launcherAt,
        dcl: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
      }));
      if (i > 0) {
        // The first load warms the server and Chromium's own start-up; it is not counted.
        dcl.push(timing.dcl);
        launcher.push(timing.launcher);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  dcl.sort((a, b) => a - b);
  launcher.sort((a, b) => a - b);
  return {
    loads: dcl.length,
    domContentLoaded: { p50: percentile(dcl, 50), p90: percentile(dcl, 90) },
    launcher: { p50: percentile(launcher, 50), p90: percentile(launcher, 90) },
  };
}

export function renderTable(r: RenderResult): string[] {
  return [
    `| measure (${r.loads} cold loads of the demo page) | p50 | p90 |`,
    '|---|---|---|',
    `| page DOMContentLoaded (baseline) | ${r.domContentLoaded.p50.toFixed(1)} ms | ${r.domContentLoaded.p90.toFixed(1)} ms |`,
    `| widget launcher rendered | ${r.launcher.p50.toFixed(1)} ms | ${r.launcher.p90.toFixed(1)} ms |`,
    `| launcher − DOMContentLoaded | ${(r.launcher.p50 - r.domContentLoaded.p50).toFixed(1)} ms | |`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { loads: { type: 'string', default: '15' } } });
  console.log(renderTable(await benchWidgetRender(Number(values.loads) + 1)).join('\n'));
}
