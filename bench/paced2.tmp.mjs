import http from 'node:http';
const [url, key, rate, secs] = process.argv.slice(2);
const paths = JSON.parse(process.env.PATHS);
const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
const u = new URL(url);
const body = '{"content":"hello"}';
const free = paths.slice();
const waiting = [];
const rec = [];
const start = performance.now() + 100;
const n = Number(rate) * Number(secs);
function send(path, due) {
  const req = http.request({ host: u.hostname, port: u.port, path, method: 'POST', agent, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
    res.resume(); res.on('end', () => { rec.push([due - start, performance.now() - due]); const next = waiting.shift(); if (next !== undefined) send(path, next); else free.push(path); });
  });
  req.end(body);
}
let i = 0;
function tick() {
  const now = performance.now();
  while (i < n && start + (i * 1000) / Number(rate) <= now) { const due = start + (i * 1000) / Number(rate); i++; const p = free.shift(); if (p) send(p, due); else waiting.push(due); }
  if (i < n) setTimeout(tick, 1);
}
setTimeout(tick, 100);
await new Promise((r) => { const check = () => (rec.length >= n ? r() : setTimeout(check, 50)); check(); });
const all = rec.map((r) => r[1]).sort((a, b) => a - b); console.log("p50", all[Math.floor(all.length / 2)].toFixed(2), "p99", all[Math.floor(all.length * 0.99)].toFixed(2), "max", all.at(-1).toFixed(1));
const buckets = new Map();
for (const [t, l] of rec) { const b = Math.floor(t / 250); const x = buckets.get(b) ?? [0, 0, 0]; x[0] = Math.max(x[0], l); x[1] += l; x[2]++; buckets.set(b, x); }
console.log([...buckets].sort((a, b) => a[0] - b[0]).map(([b, [mx, sum, c]]) => `${(b * 0.25).toFixed(2)}s max ${mx.toFixed(0)} avg ${(sum / c).toFixed(1)}`).join('\n'));
