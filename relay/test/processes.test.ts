// The relay as deployments run it (`node relay/main.ts`, its own process): two processes on one Postgres deliver each
// event once per subscription; a process killed with SIGKILL mid-burst, then started again, delivers every event it
// had answered 200 for (on Postgres and on the embedded store); a Postgres restart loses nothing (the relay answers
// 429 while it cannot store, the one status HighLevel retries). No assertion depends on speed: each waits for a
// condition with a generous deadline, and "exactly once" is read from the queue (every job finished) not from time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import * as fx from './helpers.ts';

jest.setTimeout(300_000); // several processes and a Postgres restart on a shared 2-core machine
const keys = fx.testKeys();
let postgres: fx.TestPostgres;
let hook: fx.Hook;
let locations: Awaited<ReturnType<typeof fx.startLocations>>;
const running: fx.RelayProcess[] = [];
const logs: string[] = [];

beforeAll(async () => {
  postgres = await fx.startTestPostgres();
  hook = await fx.startHook();
  locations = await fx.startLocations({ 'token-p': 'loc-p' });
}, 120_000);

afterEach(async () => {
  for (const relay of running.splice(0)) {
    if (relay.child.exitCode === null) relay.child.kill('SIGTERM');
    await relay.exited;
    logs.push(relay.output());
  }
  hook.delayMs = 0;
});

afterAll(async () => {
  await hook?.close();
  await locations?.close();
  await postgres?.close();
}, 60_000);

const env = (extra: Record<string, string>) =>
  fx.relayEnv(keys, {
    GHL_API_BASE_URL: locations.url,
    RELAY_SUPERVISE_SECONDS: '1',
    RELAY_DELIVERY_TIMEOUT_MS: '2000',
    ...extra,
  });

async function start(extra: Record<string, string>): Promise<fx.RelayProcess> {
  const relay = await fx.spawnRelay(env(extra));
  running.push(relay);
  return relay;
}

async function subscribeHook(relayUrl: string, path: string): Promise<string> {
  const created = await fx.subscribe(
    relayUrl,
    { targetUrl: `${hook.url}${path}`, event: 'ContactCreate', locationId: 'loc-p' },
    { token: 'token-p' },
  );
  expect(created.status).toBe(201);
  return created.json.id;
}

const webhookIdsAt = (path: string) => hook.bodies(path).map((b) => b.webhookId as string);

/** Delivery jobs not yet finished (created, retry or active) in the relay's queue. */
async function unfinishedJobs(connectionString: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const result = await client.query(
      `SELECT count(*) FROM pgboss.job WHERE name = 'relay-deliver' AND state IN ('created', 'retry', 'active')`,
    );
    return Number(result.rows[0].count);
  } finally {
    await client.end();
  }
}

const burst = (count: number) => Array.from({ length: count }, () => fx.event({ locationId: 'loc-p' }));

describe('relay processes on one Postgres', () => {
  it('two processes deliver each event once per subscription', async () => {
    const databaseUrl = await postgres.database();
    const a = await start({ DATABASE_URL: databaseUrl });
    const b = await start({ DATABASE_URL: databaseUrl });
    await subscribeHook(a.url, '/two-1');
    await subscribeHook(b.url, '/two-2');

    const bodies = burst(80);
    const [viaA, viaB] = await Promise.all([
      fx.sendBurst(a.url, keys, bodies.slice(0, 40), 5),
      fx.sendBurst(b.url, keys, bodies.slice(40), 5),
    ]);
    expect(viaA.accepted.length + viaB.accepted.length).toBe(80);

    await fx.waitFor(async () => (await unfinishedJobs(databaseUrl)) === 0 && hook.count('/two-2') >= 80, 'every delivery finished', 120);
    const sent = bodies.map((b) => b.webhookId as string).sort();
    expect(webhookIdsAt('/two-1').sort()).toEqual(sent);
    expect(webhookIdsAt('/two-2').sort()).toEqual(sent);
  });

  it.each([
    ['Postgres (DATABASE_URL)', 'postgres'],
    ['the embedded store', 'embedded'],
  ])('a relay killed with SIGKILL mid-burst and started again delivers every event it answered 200 for, on %s', async (_name, store) => {
    const path = `/crash-${store}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-crash-'));
    const storeEnv: Record<string, string> =
      store === 'postgres' ? { DATABASE_URL: await postgres.database() } : { RELAY_DATA_DIR: dataDir };
    try {
      const first = await start(storeEnv);
      await subscribeHook(first.url, path);
      hook.delayMs = 200; // deliveries are still in flight when the process dies

      const bodies = burst(150);
      const sentAt = new Map(bodies.map((b) => [b.webhookId as string, JSON.stringify(b)]));
      const { accepted } = await fx.sendBurst(first.url, keys, bodies, 10, (count) => {
        if (count === 60) first.child.kill('SIGKILL');
      });
      await first.exited;
      expect(accepted.length).toBeGreaterThanOrEqual(60);
      expect(accepted.length).toBeLessThan(150); // the kill did land mid-burst

      hook.delayMs = 0;
      const second = await start(storeEnv);
      await fx.waitFor(() => accepted.every((id) => webhookIdsAt(path).includes(id)), 'every accepted event delivered', 180);
      const lost = accepted.filter((id) => !webhookIdsAt(path).includes(id));
      expect(lost).toEqual([]);
      // Each delivery is the event exactly as it was sent (at least once: one in flight at the kill may come twice).
      for (const received of hook.received.get(path)!) expect(sentAt.get(JSON.parse(received.body).webhookId)).toBe(received.body);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a Postgres restart loses nothing: 429 while the store is down, then every accepted event and the retried one arrive', async () => {
    const databaseUrl = await postgres.database();
    const relay = await start({ DATABASE_URL: databaseUrl });
    await subscribeHook(relay.url, '/restart');
    hook.script.set('/restart', [503, 503]); // the first accepted event is still waiting for a retry when Postgres stops
    const before = fx.event({ locationId: 'loc-p' });
    expect((await fx.sendEvent(relay.url, keys, before)).status).toBe(200);
    await fx.waitFor(() => hook.count('/restart') >= 1, 'the first, failed delivery attempt');

    await postgres.stop();
    const during = fx.event({ locationId: 'loc-p' });
    const refused = await fx.sendEvent(relay.url, keys, during);
    expect(refused.status).toBe(429); // HighLevel retries 429 (and only 429) with the same webhookId
    expect((await fetch(`${relay.url}/readyz`)).status).toBe(503);

    await postgres.start();
    await fx.waitFor(async () => (await fetch(`${relay.url}/readyz`)).status === 200, 'the relay ready again');
    expect((await fx.sendEvent(relay.url, keys, during)).status).toBe(200); // HighLevel's retry
    await fx.waitFor(
      () => [before.webhookId, during.webhookId].every((id) => webhookIdsAt('/restart').includes(id as string)),
      'both events delivered',
      180,
    );
  });

  it('logs no secret, no HighLevel token and no hook URL', () => {
    const all = logs.join('\n');
    expect(all).toContain('event stored'); // the processes did log their work
    expect(all).not.toContain(fx.SECRET);
    expect(all).not.toContain('token-p');
    expect(all).not.toContain(hook.url);
  });
});
