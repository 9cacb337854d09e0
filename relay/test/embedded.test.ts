// The relay on its embedded store (no DATABASE_URL: it starts its own Postgres under RELAY_DATA_DIR): a signed event
// reaches a subscribed local hook, subscriptions are checked (secret, token of that sub-account, allowed hosts), and
// the service endpoints answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { loadConfig } from '../config.ts';
import { startRelay, type Relay } from '../server.ts';
import { event, relayEnv, sendEvent, startHook, startLocations, subscribe, testKeys, waitFor, type Hook } from './helpers.ts';

jest.setTimeout(120_000); // waitFor has its own 60 s deadlines; the machine is shared
const keys = testKeys();
let relay: Relay;
let hook: Hook;
let locations: Awaited<ReturnType<typeof startLocations>>;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'relay-embedded-'));
  hook = await startHook();
  locations = await startLocations({ 'token-a': 'loc-a', 'token-b': 'loc-b' });
  relay = await startRelay(loadConfig(relayEnv(keys, { RELAY_DATA_DIR: dataDir, GHL_API_BASE_URL: locations.url })));
}, 120_000);

afterAll(async () => {
  await relay?.close();
  await hook?.close();
  await locations?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('relay on the embedded store', () => {
  it('delivers a signed event, as received, to the hook subscribed for its sub-account and type', async () => {
    const created = await subscribe(
      relay.url,
      { targetUrl: `${hook.url}/a`, event: 'ContactCreate', locationId: 'loc-a' },
      { token: 'token-a' },
    );
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: expect.any(String), event: 'ContactCreate', locationId: 'loc-a' });
    expect(JSON.stringify(created.json)).not.toContain('token-a');
    // The token was checked against HighLevel's GET /locations/{id} with the Version header it wants.
    expect(locations.seen.at(-1)).toEqual({ path: '/locations/loc-a', version: '2021-07-28', authorization: 'Bearer token-a' });

    const other = await subscribe(
      relay.url,
      { targetUrl: `${hook.url}/b`, event: 'ContactCreate', locationId: 'loc-b' },
      { token: 'token-b' },
    );
    expect(other.status).toBe(201);

    const body = event({ locationId: 'loc-a', firstName: 'Grace' });
    const answer = await sendEvent(relay.url, keys, body);
    expect(answer).toEqual({ status: 200, json: { ok: true, deliveries: 1 } });
    await waitFor(() => hook.count('/a') === 1, 'the delivery to /a');
    expect(hook.received.get('/a')![0]!.body).toBe(JSON.stringify(body));
    expect(hook.received.get('/a')![0]!.headers['content-type']).toBe('application/json');
    // An RSA-signed event (x-wh-signature only) is accepted too.
    expect((await sendEvent(relay.url, keys, event({ locationId: 'loc-a' }), 'rsa')).status).toBe(200);
    await waitFor(() => hook.count('/a') === 2, 'the RSA-signed delivery');
    expect(hook.count('/b')).toBe(0); // another sub-account's subscription saw nothing
  });

  it('refuses subscriptions without the secret (401), with a token of another sub-account (403) or to a host not allowed (400)', async () => {
    const body = { targetUrl: `${hook.url}/x`, event: 'ContactCreate', locationId: 'loc-a' };
    expect((await subscribe(relay.url, body, { token: 'token-a', secret: 'wrong-secret-000000000' })).status).toBe(401);
    expect((await subscribe(relay.url, body, {})).status).toBe(401); // no X-HighLevel-Token
    const foreign = await subscribe(relay.url, body, { token: 'token-b' });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error).toMatch(/locationId/);
    expect((await subscribe(relay.url, body, { token: 'nobody' })).status).toBe(403);

    const host = await subscribe(relay.url, { ...body, targetUrl: 'https://evil.example.com/hook' }, { token: 'token-a' });
    expect(host.status).toBe(400);
    expect(host.json.error).toMatch(/evil\.example\.com is not allowed/);
    const plain = await subscribe(relay.url, { ...body, targetUrl: 'http://hooks.example.test/h' }, { token: 'token-a' });
    expect(plain.status).toBe(400);
    expect(plain.json.error).toMatch(/https/);
    expect((await subscribe(relay.url, { ...body, event: 'Nope' }, { token: 'token-a' })).status).toBe(400);
    expect((await subscribe(relay.url, { ...body, extra: 1 }, { token: 'token-a' })).status).toBe(400);
    expect((await subscribe(relay.url, { ...body, filter: { colour: 'red' } }, { token: 'token-a' })).status).toBe(400);
    // The old secret of a rotation still works.
    expect((await subscribe(relay.url, body, { token: 'token-a', secret: 'other-old-secret-000000' })).status).toBe(201);
  });

  it('DELETE /subscriptions/{id} ends deliveries and answers 204 also for an unknown id', async () => {
    const created = await subscribe(
      relay.url,
      { targetUrl: `${hook.url}/del`, event: 'TaskCreate', locationId: 'loc-a' },
      { token: 'token-a' },
    );
    const del = (id: string, secret = 'test-relay-secret-0123456789') =>
      fetch(`${relay.url}/subscriptions/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${secret}` } });
    expect((await del(created.json.id, 'wrong-secret-000000000')).status).toBe(401);
    expect((await del(created.json.id)).status).toBe(204);
    expect((await del(created.json.id)).status).toBe(204);
    expect((await del('not-a-uuid')).status).toBe(204);
    const answer = await sendEvent(relay.url, keys, event({ type: 'TaskCreate', locationId: 'loc-a' }));
    expect(answer.json).toEqual({ ok: true, deliveries: 0 });
  });

  it('answers /healthz, /readyz and /metrics', async () => {
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${relay.url}/readyz`)).json()).toEqual({ ok: true });
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/relay_webhooks_total\{outcome="stored"\} \d+/);
    expect(metrics).toMatch(/relay_deliveries_total\{outcome="delivered"\} \d+/);
  });
});
