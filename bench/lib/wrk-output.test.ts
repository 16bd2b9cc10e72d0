import { describe, expect, test } from 'vitest';
import { parseWrkOutput, toLoadFigures } from './wrk-output.ts';
import { formatTargets } from './wrk-targets.ts';
import { wrkArgs } from './wrk.ts';

// A real run's stdout: wrk's own summary, then the line turns.lua's done() prints.
const STDOUT = `Running 1s test @ http://127.0.0.1:35137
  2 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.07ms    6.30ms  55.33ms   95.19%
    Req/Sec     2.28k     1.81k    6.10k    80.00%
  Latency Distribution
     50%  253.00us
     75%    1.26ms
     90%    3.82ms
     99%   41.22ms
  4540 requests in 1.00s, 842.38KB read
  Non-2xx or 3xx responses: 40
Requests/sec:   4533.22
Transfer/sec:    841.13KB
WRK_RESULT {"duration_us":1000000,"requests":4540,"bytes":862600,"non2xx":40,"errors":{"connect":0,"read":1,"write":0,"status":40,"timeout":2},"latency_us":{"min":52,"mean":2065.1,"max":55330,"p50":253,"p90":3821,"p99":41218,"p999":54007}}
`;

describe("wrk's result", () => {
  test('is read from the JSON line of the Lua script, not from the human summary', () => {
    const result = parseWrkOutput(STDOUT);
    expect(result.requests).toBe(4540);
    expect(result.latency_us.p99).toBe(41218);
  });

  test('counts only 2xx answers as throughput and reports latencies in milliseconds', () => {
    expect(toLoadFigures(parseWrkOutput(STDOUT))).toEqual({ ok: 4500, non2xx: 40, errors: 3, seconds: 1, perSecond: 4500, p50: 0.253, p99: 41.218 });
  });

  test('without the JSON line is an error that quotes the output', () => {
    expect(() => parseWrkOutput('Running 1s test @ http://127.0.0.1:1\nunable to connect')).toThrow(/no WRK_RESULT line[\s\S]*unable to connect/);
  });

  test('with a malformed JSON line is an error, not zeros', () => {
    expect(() => parseWrkOutput('WRK_RESULT {"requests":-1}')).toThrow();
  });
});

describe('the targets file', () => {
  test('holds one line per session: the path, then its headers separated by tabs', () => {
    expect(formatTargets([{ path: '/s/1/messages', headers: { authorization: 'Bearer pk', 'x-session-token': 't1' } }, { path: '/s/2/messages' }])).toBe(
      '/s/1/messages\tauthorization: Bearer pk\tx-session-token: t1\n/s/2/messages\n',
    );
  });

  test('refuses a header or path that would break its line format', () => {
    expect(() => formatTargets([{ path: '/s/1', headers: { authorization: 'Bearer a\tb' } }])).toThrow(/cannot go in a targets file/);
    expect(() => formatTargets([{ path: '/s/1', headers: { 'x:y': 'v' } }])).toThrow(/cannot go in a targets file/);
    expect(() => formatTargets([{ path: 's/1' }])).toThrow(/must start with \//);
    expect(() => formatTargets([])).toThrow(/at least one target/);
  });
});

describe('the wrk command line', () => {
  test('runs one connection per thread, so each connection owns its sessions, and keeps slow answers in the histogram', () => {
    const args = wrkArgs({ origin: 'http://127.0.0.1:1', targets: Array.from({ length: 100 }, () => ({ path: '/echo' })), body: '{}', connections: 50, seconds: 10 }, '/tmp/t.tsv');
    expect(args.slice(0, 8)).toEqual(['-t', '50', '-c', '50', '-d', '10s', '--timeout', '30s']);
    expect(args.slice(-4)).toEqual(['--', '/tmp/t.tsv', '50', '{}']);
  });

  test('refuses more connections than sessions, which would put two connections on one session', () => {
    expect(() => wrkArgs({ origin: 'http://127.0.0.1:1', targets: [{ path: '/echo' }], body: '{}', connections: 2, seconds: 1 }, '/tmp/t.tsv')).toThrow(/at least as many targets/);
  });
});
