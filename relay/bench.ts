/**
 * `npm run bench:relay`: the webhook relay's throughput, latency and crash loss on this machine, written to the
 * "Webhook relay" section of docs/BENCHMARKS.md.
 *
 * - Accepted events per second: signed ContactCreate events POSTed 16 at a time, each answered 200 only once stored
 *   with its delivery job; as a ratio against a floor measured in the same run (a bare node:http server answering
 *   200 to the same requests: what HTTP alone costs here).
 * - Receipt-to-delivery latency p50/p99: from the 200 to the event's arrival at a local hook (one subscription).
 * - Crash: a relay process killed with SIGKILL mid-burst and started again; accepted vs delivered.
 * Each on the embedded store and on a separate Postgres server (DATABASE_URL), both real Postgres 17.
 * - Instant triggers (sandbox/bench/instant.ts): change-to-hook latency through sandbox → relay → hook, requests per
 *   event per trigger, and the polling twins' requests per hour at the same activity. Needs the built app.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureInstant } from '../sandbox/bench/instant.ts';
import { loadConfig } from './config.ts';
import { startRelay } from './server.ts';
import * as fx from './test/helpers.ts';

const EVENTS = Number(process.env.RELAY_BENCH_EVENTS ?? 1000);
const PARALLEL = 16;
const keys = fx.testKeys();
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(0)} ms`;

async function floorPerSecond(): Promise<number> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const bodies = Array.from({ length: EVENTS }, () => fx.event({ locationId: 'loc-bench' }));
  const started = performance.now();
  await fx.sendBurst(url, keys, bodies, PARALLEL);
  const perSecond = EVENTS / ((performance.now() - started) / 1000);
  server.closeAllConnections();
  server.close();
  return perSecond;
}

interface Run {
  store: string;
  perSecond: number;
  p50: number;
  p99: number;
}

async function measure(store: string, env: NodeJS.ProcessEnv, hook: fx.Hook, path: string): Promise<Run> {
  const relay = await startRelay(loadConfig(env));
  try {
    const created = await fx.subscribe(
      relay.url,
      { targetUrl: `${hook.url}${path}`, event: 'ContactCreate', locationId: 'loc-bench' },
      { token: 'token-bench' },
    );
    if (created.status !== 201) throw new Error(`subscribe answered ${created.status}`);
    const acceptedAt = new Map<string, number>();
    const arrivedAt = new Map<string, number>();
    hook.onReceive = (at, body) => {
      if (at === path) arrivedAt.set(JSON.parse(body).webhookId, performance.now());
    };
    const bodies = Array.from({ length: EVENTS }, () => fx.event({ locationId: 'loc-bench' }));
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const answer = await fx.sendEvent(relay.url, keys, body);
          if (answer.status !== 200) throw new Error(`the relay answered ${answer.status}`);
          acceptedAt.set(body.webhookId as string, performance.now());
        }
      }),
    );
    const perSecond = EVENTS / ((performance.now() - started) / 1000);
    await fx.waitFor(() => arrivedAt.size >= EVENTS, 'every delivery', 600);
    const latencies = [...acceptedAt].map(([id, at]) => arrivedAt.get(id)! - at).sort((a, b) => a - b);
    return { store, perSecond, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
  } finally {
    hook.onReceive = undefined;
    await relay.close();
  }
}

async function crash(store: string, env: NodeJS.ProcessEnv, hook: fx.Hook, path: string) {
  const first = await fx.spawnRelay(env);
  await fx.subscribe(
    first.url,
    { targetUrl: `${hook.url}${path}`, event: 'ContactCreate', locationId: 'loc-bench' },
    { token: 'token-bench' },
  );
  hook.delayMs = 100;
  const bodies = Array.from({ length: 400 }, () => fx.event({ locationId: 'loc-bench' }));
  const { accepted } = await fx.sendBurst(first.url, keys, bodies, PARALLEL, (count) => {
    if (count === 200) first.child.kill('SIGKILL');
  });
  await first.exited;
  const deliveredBeforeRestart = new Set(hook.bodies(path).map((b) => b.webhookId)).size;
  hook.delayMs = 0;
  const second = await fx.spawnRelay(env);
  const delivered = () => new Set(hook.bodies(path).map((b) => b.webhookId));
  await fx.waitFor(() => accepted.every((id) => delivered().has(id)), 'every accepted event after the restart', 600).catch(() => {});
  const lost = accepted.filter((id) => !delivered().has(id)).length;
  const duplicates = hook.count(path) - delivered().size;
  second.child.kill('SIGTERM');
  await second.exited;
  return { store, accepted: accepted.length, deliveredBeforeRestart, delivered: accepted.length - lost, lost, duplicates };
}

const postgres = await fx.startTestPostgres();
const hook = await fx.startHook();
const locations = await fx.startLocations({ 'token-bench': 'loc-bench' });
const dataDir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
const crashDir = mkdtempSync(join(tmpdir(), 'relay-bench-crash-'));
const base = (extra: Record<string, string>) =>
  fx.relayEnv(keys, { GHL_API_BASE_URL: locations.url, RELAY_SUPERVISE_SECONDS: '1', RELAY_DELIVERY_TIMEOUT_MS: '2000', ...extra });
try {
  const floor = await floorPerSecond();
  const runs = [
    await measure('embedded store', base({ RELAY_DATA_DIR: dataDir }), hook, '/embedded'),
    await measure('Postgres (DATABASE_URL)', base({ DATABASE_URL: await postgres.database() }), hook, '/postgres'),
  ];
  const crashes = [
    await crash('embedded store', base({ RELAY_DATA_DIR: crashDir }), hook, '/crash-embedded'),
    await crash('Postgres (DATABASE_URL)', base({ DATABASE_URL: await postgres.database() }), hook, '/crash-postgres'),
  ];
  const section = [
    '## Webhook relay',
    '',
    `\`npm run bench:relay\` (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.versions.node}, load average`,
    `${loadavg()[0]!.toFixed(1)} at the end), ${EVENTS} signed ContactCreate events`,
    `sent ${PARALLEL} at a time to one relay process with one matching subscription; the hook is a local server answering 200. The floor`,
    'is a bare node:http server answering the same requests 200 in the same run (what HTTP alone costs here): the relay checks the',
    'Ed25519 signature, stores the event and its delivery job in one transaction, and only then answers. The sender, the relay',
    'and the hook share the process and the cores, so the latency includes the backlog of a burst faster than delivery.',
    '',
    '| Store | Accepted events/s | vs floor | Receipt-to-delivery p50 | p99 |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| (floor: bare HTTP 200) | ${floor.toFixed(0)} | 1.00 | | |`,
    ...runs.map((r) => `| ${r.store} | ${r.perSecond.toFixed(0)} | ${(r.perSecond / floor).toFixed(2)} | ${ms(r.p50)} | ${ms(r.p99)} |`),
    '',
    'Crash: 400 events sent 16 at a time to a relay process (`node relay/main.ts`) killed with SIGKILL when 200 had been',
    'answered 200; the hook answers after 100 ms, so deliveries are in flight at the kill; then a new process starts on the',
    'same store. Delivery is at least once: a delivery in flight at the kill may arrive twice.',
    '',
    '| Store | Answered 200 | Delivered before the kill | Delivered after restart | Lost | Duplicates |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...crashes.map((c) => `| ${c.store} | ${c.accepted} | ${c.deliveredBeforeRestart} | ${c.delivered} | ${c.lost} | ${c.duplicates} |`),
    '',
    await measureInstant(),
    '',
  ].join('\n');
  console.log(section);
  const file = 'docs/BENCHMARKS.md';
  const doc = readFileSync(file, 'utf8');
  const start = doc.indexOf('## Webhook relay');
  const end = start < 0 ? -1 : doc.indexOf('\n## ', start + 1);
  const appendix = doc.indexOf('## Appendix');
  const next =
    start >= 0
      ? `${doc.slice(0, start)}${section}${end < 0 ? '' : `\n${doc.slice(end + 1)}`}`
      : appendix >= 0
        ? `${doc.slice(0, appendix)}${section}\n${doc.slice(appendix)}`
        : `${doc.trimEnd()}\n\n${section}`;
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
  if (crashes.some((c) => c.lost > 0)) process.exitCode = 1;
} finally {
  await hook.close();
  await locations.close();
  await postgres.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(crashDir, { recursive: true, force: true });
}
