import { createServer } from 'node:net';

/**
 * Ports are handed out below Linux's ephemeral range (32768–60999 by default), where the OS picks the local ports of
 * outgoing connections: a port the OS calls free there can be taken by a client connection (to Kafka, PostgreSQL…)
 * before the service that was given it binds it, and the service then fails to start. Below that range only an
 * explicit bind takes a port, and this process never hands out the same port twice.
 */
const LOW = 20_000;
const HIGH = 32_000;
const handedOut = new Set<number>();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free TCP port on loopback that nothing else in this process was given. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port)) continue;
    if (await canListen(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port between ${LOW} and ${HIGH} after 200 tries`);
}
