/**
 * A port free on 127.0.0.1 right now, for a process that must be told its port before it
 * starts (a server polled while it sets up, a receiver named in a README example). The
 * port is released before it is returned, so another process could take it first: use
 * port 0 wherever the listener can report its own port instead.
 */
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
}
