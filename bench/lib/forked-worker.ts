/**
 * The child side of a bench worker forked with an IPC channel (the pacers, the SSE
 * clients): it says `ready`, takes one start message, checked by `parse`, runs `drive`,
 * sends back what it returns and exits — 1 on any error, after printing it.
 */
export function serveForkedWorker<Start, Message>(name: string, parse: (raw: unknown) => Start, drive: (start: Start) => Promise<Message>): void {
  if (!process.send) throw new Error(`${name} runs as a forked child of a bench (it needs the IPC channel)`);
  const send = process.send.bind(process);
  const reply = (message: Message | { type: 'ready' }) =>
    new Promise<void>((resolve, reject) => send(message, undefined, {}, (error: Error | null) => (error ? reject(error) : resolve())));
  process.once('message', (raw: unknown) => {
    drive(parse(raw))
      .then(reply)
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  });
  reply({ type: 'ready' }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
