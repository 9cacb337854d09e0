/**
 * Zapier's side of a production invocation, in its own process for the benchmarks (forked by production.ts and
 * coldstart.ts): the log server zapier-platform-core streams every invocation's log lines to (one POST of NDJSON per
 * invocation, `LOGGING_ENDPOINT`, answered when the stream ends), and the RPC endpoint `z.cache` calls
 * (`event.rpc_base`: zcache_get / zcache_set / zcache_delete, kept in memory). Sends { ready: { url } } once
 * listening; answers { id, cmd: 'take' } with { logPosts, logLines, rpcCalls } since the last take.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let counts = { logPosts: 0, logLines: 0, rpcCalls: 0 };
const cache = new Map<string, unknown>();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.url?.startsWith('/rpc')) {
      counts.rpcCalls++;
      const { id, method, params = [] } = JSON.parse(body) as { id: string; method: string; params: unknown[] };
      const [key, value] = params as [string, unknown];
      let result: unknown = null;
      if (method === 'zcache_get') result = cache.get(key) ?? null;
      else if (method === 'zcache_set') cache.set(key, value);
      else if (method === 'zcache_delete') result = cache.delete(key);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, result }));
      return;
    }
    counts.logPosts++;
    counts.logLines += body.split('\n').filter(Boolean).length;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send!({ ready: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } });
});
process.on('message', (message: { id: number; cmd: string }) => {
  if (message.cmd === 'take') {
    process.send!({ id: message.id, result: counts });
    counts = { logPosts: 0, logLines: 0, rpcCalls: 0 };
  }
});
process.on('disconnect', () => server.close(() => process.exit(0)));
