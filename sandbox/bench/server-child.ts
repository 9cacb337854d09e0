/**
 * The sandbox in its own process for the benchmarks (forked by util.ts `remoteSandbox`), so that its contacts —
 * 100,000 of them in the scaling runs — never share memory or an event loop with the integration being measured.
 * (zapier-platform-core kills a process over 450 MB after 250 invocations, as Zapier's runtime does.)
 *
 * Rate limit off. Counts every request it answers (admin routes excluded) and answers the parent over IPC:
 *   { id, cmd: 'take' }                  → the requests since the last take: [{ method, path, template, status }]
 *   { id, cmd: 'reset' }                 → back to the seed (same contacts), a new token
 *   { id, cmd: 'ids' }                   → the seed's ids (cases.ts idsOf)
 *   { id, cmd: 'scenario', args: [name, ...args] } → scenarios.ts SCENARIOS[name](store, ...args)
 * Started with argv[2] = JSON { contacts }; sends { ready: { url, token, readyMs } } once listening.
 */
import { startSandbox } from '../server.ts';
import type { TokenResponse } from '../server.ts';
import { specOperations } from '../spec-meta.ts';
import { idsOf } from '../cases.ts';
import { SCENARIOS } from './scenarios.ts';
import type { ScenarioName } from './scenarios.ts';

interface Hit {
  method: string;
  path: string;
  template: string;
  status: number;
  /** the sandbox's own time for the request, ms */
  ms: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as { contacts?: number };
const ops = specOperations();
let hits: Hit[] = [];
const started = performance.now();
const sandbox = await startSandbox({
  port: 0,
  rateLimit: false,
  seed: { contacts: options.contacts ?? 0 },
  log: (line) => {
    const m = /^(\S+) (\S+) → (\d+) \(([\d.]+) ms\)/.exec(line);
    if (!m) return;
    const method = m[1]!;
    const path = m[2]!.split('?')[0]!;
    if (path === '/_sandbox' || path.startsWith('/_sandbox/')) return;
    hits.push({ method, path, template: ops.match(method, path)?.op.path ?? path, status: Number(m[3]), ms: Number(m[4]) });
  },
});
let token: TokenResponse = sandbox.issueToken();

const send = (message: unknown) => process.send?.(message);

process.on('message', (message: { id: number; cmd: string; args?: unknown[] }) => {
  // setImmediate: the sandbox records a request when its response has finished; let that happen first.
  setImmediate(() => {
    try {
      let result: unknown;
      switch (message.cmd) {
        case 'take':
          result = hits;
          hits = [];
          break;
        case 'reset':
          sandbox.store.reset();
          token = sandbox.issueToken();
          hits = [];
          result = token;
          break;
        case 'ids':
          result = idsOf(sandbox.store);
          break;
        case 'scenario': {
          const [name, ...args] = (message.args ?? []) as [ScenarioName, ...unknown[]];
          const fn = SCENARIOS[name] as (store: typeof sandbox.store, ...a: unknown[]) => unknown;
          if (!fn) throw new Error(`unknown scenario ${name}`);
          result = fn(sandbox.store, ...args);
          break;
        }
        default:
          throw new Error(`unknown command ${message.cmd}`);
      }
      send({ id: message.id, result });
    } catch (e) {
      send({ id: message.id, error: String((e as Error).stack ?? e) });
    }
  });
});

process.on('disconnect', () => {
  void sandbox.close().then(() => process.exit(0));
});

send({ ready: { url: sandbox.url, token, readyMs: performance.now() - started, rss: process.memoryUsage().rss } });
