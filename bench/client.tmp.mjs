import http from 'node:http';
const [url, key, base, secs] = process.argv.slice(2);
const runs = JSON.parse(process.env.RUNS);
const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
const u = new URL(url);
const lat = [];
const end = Date.now() + Number(secs) * 1000;
const body = '{"content":"hello"}';
const slow = [];
let seq = 0;
function post(path) {
  return new Promise((resolve, reject) => {
    const t = performance.now(); const id = `c${seq++}`; const sentAt = Date.now();
    const req = http.request({ host: u.hostname, port: u.port, path, method: 'POST', agent, headers: { 'x-request-id': id, authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => { const headAt = Date.now(); res.resume(); res.on('end', () => { const d = performance.now() - t; if (d > 500) slow.push({ id, sentAt, headAt, endAt: Date.now(), d }); resolve(d); }); });
    req.on('error', reject); req.end(body);
  });
}
await Promise.all(Array.from({ length: 50 }, async (_, w) => {
  let i = 0;
  while (Date.now() < end) { const run = runs[(w + 50 * (i++ % 2)) % runs.length]; lat.push(await post(`${base}/${run}/messages`)); }
}));
lat.sort((a, b) => a - b);
const p = (q) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))].toFixed(1);
console.log(JSON.stringify(slow));
console.log('node client n', lat.length, 'per s', (lat.length / Number(secs)).toFixed(0), 'p50', p(0.5), 'p90', p(0.9), 'p99', p(0.99), 'max', lat.at(-1).toFixed(1));
