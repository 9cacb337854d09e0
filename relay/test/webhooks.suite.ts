// POST /webhooks/highlevel, run on both stores (webhooks.postgres.test.ts: a Postgres server by DATABASE_URL;
// webhooks.embedded.test.ts: the embedded store under RELAY_DATA_DIR): what is refused delivers nothing, duplicates are
// answered 200 and not delivered again, and the delivery rules (410, retries, dead-letter, filters, UNINSTALL) hold.
// "Delivers nothing" without waiting on time: the refused requests never reach the store (the events table is
// counted), and the one genuine event sent after them is the only body the hook receives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { loadConfig } from '../config.ts';
import { pruneEvents } from '../events.ts';
import { startRelay, type Relay } from '../server.ts';
import {
  event,
  post,
  relayEnv,
  sendEvent,
  startHook,
  startLocations,
  startTestPostgres,
  subscribe,
  testKeys,
  waitFor,
  type Hook,
  type TestPostgres,
} from './helpers.ts';

/** Every test below, against a relay on `store`. */
export function webhooksSuite(store: 'postgres' | 'embedded'): void {
  jest.setTimeout(120_000); // waitFor has its own 60 s deadlines; the machine is shared
  const keys = testKeys();
  const APP_ID = 'app-123';
  let postgres: TestPostgres;
  let relay: Relay;
  let hook: Hook;
  let locations: Awaited<ReturnType<typeof startLocations>>;

  let dataDir: string | undefined; // the embedded store's data

  beforeAll(async () => {
    if (store === 'postgres') postgres = await startTestPostgres();
    else dataDir = mkdtempSync(join(tmpdir(), 'relay-webhooks-'));
    hook = await startHook();
    locations = await startLocations({ 'token-w': 'loc-w', 'token-u': 'loc-u', 'token-t': 'loc-t', 'token-r': 'loc-r' });
    const env = relayEnv(keys, {
      ...(store === 'postgres' ? { DATABASE_URL: await postgres.database() } : { RELAY_DATA_DIR: dataDir! }),
      GHL_API_BASE_URL: locations.url,
      HIGHLEVEL_APP_ID: APP_ID,
      RELAY_BODY_LIMIT_BYTES: '20000',
    });
    relay = await startRelay(loadConfig(env));
  }, 120_000);

  afterAll(async () => {
    await relay?.close();
    await hook?.close();
    await locations?.close();
    await postgres?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const storedCount = async () => Number((await relay.pool.query('SELECT count(*) FROM relay_events')).rows[0].count);

  /** A tag event for a contact of that sub-account, accepted: the relay now remembers the contact's tags. */
  const tagContactOf = async (locationId: string) => {
    const tagged = event({ type: 'ContactTagUpdate', locationId, appId: APP_ID, id: `contact-of-${locationId}`, tags: ['lead'] });
    expect((await sendEvent(relay.url, keys, tagged)).status).toBe(200);
  };
  const tagRows = async (locationId: string) =>
    Number((await relay.pool.query('SELECT count(*) FROM relay_contact_tags WHERE location_id = $1', [locationId])).rows[0].count);

  async function subscribeTo(path: string, locationId: string, token: string, more: Record<string, unknown> = {}) {
    const created = await subscribe(relay.url, { targetUrl: `${hook.url}${path}`, event: 'ContactCreate', locationId, ...more }, { token });
    expect(created.status).toBe(201);
    return created.json.id as string;
  }

  describe('POST /webhooks/highlevel refuses what is not a genuine, fresh event of our app', () => {
    it('refuses forged, tampered, stale, foreign, oversized and malformed events and delivers none of them', async () => {
      await subscribeTo('/refusals', 'loc-w', 'token-w');
      const before = await storedCount();
      const good = (fields: Record<string, unknown> = {}) => event({ locationId: 'loc-w', appId: APP_ID, ...fields });
      const url = `${relay.url}/webhooks/highlevel`;

      // No signature at all.
      const unsigned = await post(url, JSON.stringify(good()));
      expect(unsigned.status).toBe(401);
      expect(unsigned.json.error).toMatch(/signature/);
      // Signed by someone else's key (a forgery).
      const forger = testKeys();
      expect((await sendEvent(relay.url, forger, good())).status).toBe(401);
      expect((await sendEvent(relay.url, forger, good(), 'rsa')).status).toBe(401);
      // A genuine signature over a different body (tampered in transit).
      const original = JSON.stringify(good());
      const tampered = original.replace('Ada', 'Eve');
      expect((await post(url, tampered, { 'x-ghl-signature': keys.ed25519(original) })).status).toBe(401);
      expect((await post(url, tampered, { 'x-wh-signature': keys.rsa(original) })).status).toBe(401);
      // A bad Ed25519 signature is not rescued by a good RSA one.
      const both = JSON.stringify(good());
      const mixed = await post(url, both, { 'x-ghl-signature': forger.ed25519(both), 'x-wh-signature': keys.rsa(both) });
      expect(mixed.status).toBe(401);
      expect((await post(url, both, { 'x-ghl-signature': 'not base64 at all!!', 'x-wh-signature': keys.rsa(both) })).status).toBe(401);
      // Older than the window HighLevel's own retries need (about 70 minutes), or from the future.
      const stale = await sendEvent(relay.url, keys, good({ timestamp: new Date(Date.now() - 2 * 3600_000).toISOString() }));
      expect(stale.status).toBe(401);
      expect(stale.json.error).toMatch(/too old/);
      expect((await sendEvent(relay.url, keys, good({ timestamp: new Date(Date.now() + 3600_000).toISOString() }))).status).toBe(401);
      // Another app's event (HIGHLEVEL_APP_ID is set).
      expect((await sendEvent(relay.url, keys, good({ appId: 'someone-else' }))).status).toBe(403);
      // Too large (RELAY_BODY_LIMIT_BYTES=20000): 413 before anything is parsed.
      expect((await sendEvent(relay.url, keys, good({ notes: 'x'.repeat(30_000) }))).status).toBe(413);
      // Not JSON, not an object, not an event.
      const notJson = 'type=ContactCreate';
      expect((await post(url, notJson, { 'x-ghl-signature': keys.ed25519(notJson) })).status).toBe(400);
      const array = '[1,2]';
      expect((await post(url, array, { 'x-ghl-signature': keys.ed25519(array) })).status).toBe(400);
      for (const missing of ['type', 'webhookId', 'timestamp']) {
        const body = good();
        delete body[missing];
        const answer = await sendEvent(relay.url, keys, body);
        expect(answer.status).toBe(400);
        expect(answer.json.error).toContain(missing);
      }
      expect(await storedCount()).toBe(before); // none of it reached the store

      // Now one genuine event: it alone arrives.
      const genuine = good({ firstName: 'Genuine' });
      expect((await sendEvent(relay.url, keys, genuine)).status).toBe(200);
      await waitFor(() => hook.count('/refusals') >= 1, 'the genuine delivery');
      expect(hook.bodies('/refusals')).toEqual([genuine]);
    });

    it('answers a replayed webhookId 200 without delivering it again', async () => {
      await subscribeTo('/replay', 'loc-r', 'token-r');
      const once = event({ locationId: 'loc-r', appId: APP_ID });
      expect((await sendEvent(relay.url, keys, once)).json).toEqual({ ok: true, deliveries: 1 });
      // HighLevel's own retry after a 429 is the same bytes; a replay may come with the other signature scheme.
      expect((await sendEvent(relay.url, keys, once)).json).toEqual({ ok: true, duplicate: true });
      expect((await sendEvent(relay.url, keys, once, 'rsa')).json).toEqual({ ok: true, duplicate: true });
      const next = event({ locationId: 'loc-r', appId: APP_ID });
      expect((await sendEvent(relay.url, keys, next)).status).toBe(200);
      await waitFor(() => hook.count('/replay') >= 2, 'both deliveries');
      expect(
        hook
          .bodies('/replay')
          .map((b) => b.webhookId)
          .sort(),
      ).toEqual([once.webhookId, next.webhookId].sort());
    });
  });

  describe('deliveries', () => {
    it('retries a 5xx or 429 and delivers once when the hook recovers', async () => {
      await subscribeTo('/flaky', 'loc-w', 'token-w', { event: 'NoteCreate' });
      hook.script.set('/flaky', [503, 429]);
      const note = event({ type: 'NoteCreate', locationId: 'loc-w', appId: APP_ID, body: 'hello' });
      expect((await sendEvent(relay.url, keys, note)).status).toBe(200);
      await waitFor(() => hook.count('/flaky') >= 3, 'three attempts');
      await waitFor(async () => {
        const rows = await relay.pool.query(`SELECT state FROM pgboss.job WHERE name = 'relay-deliver' AND data->>'webhookId' = $1`, [
          note.webhookId,
        ]);
        return rows.rows[0]?.state === 'completed';
      }, 'the job to complete');
      const jobs = await relay.pool.query(`SELECT 1 FROM pgboss.job WHERE name = 'relay-deliver' AND data->>'webhookId' = $1`, [
        note.webhookId,
      ]);
      expect(jobs.rowCount).toBe(1);
      expect(hook.count('/flaky')).toBe(3); // two failures, one success, and no more
      expect(hook.bodies('/flaky').every((b) => b.webhookId === note.webhookId)).toBe(true);
    });

    it('deletes the subscription when the hook answers 410 (the Zap is gone)', async () => {
      const id = await subscribeTo('/gone', 'loc-w', 'token-w', { event: 'TaskCreate' });
      hook.script.set('/gone', [410]);
      expect((await sendEvent(relay.url, keys, event({ type: 'TaskCreate', locationId: 'loc-w', appId: APP_ID }))).json.deliveries).toBe(1);
      await waitFor(
        async () => (await relay.pool.query('SELECT 1 FROM relay_subscriptions WHERE id = $1', [id])).rowCount === 0,
        'the deletion',
      );
      expect((await sendEvent(relay.url, keys, event({ type: 'TaskCreate', locationId: 'loc-w', appId: APP_ID }))).json.deliveries).toBe(0);
      expect(hook.count('/gone')).toBe(1);
    });

    it('dead-letters at once on another 4xx or a redirect (not followed)', async () => {
      await subscribeTo('/bad', 'loc-w', 'token-w', { event: 'TaskComplete' });
      await subscribeTo('/moved', 'loc-w', 'token-w', { event: 'TaskComplete' });
      hook.script.set('/bad', [400]);
      hook.script.set('/moved', [302]);
      const task = event({ type: 'TaskComplete', locationId: 'loc-w', appId: APP_ID });
      expect((await sendEvent(relay.url, keys, task)).json.deliveries).toBe(2);
      await waitFor(async () => {
        const dead = await relay.pool.query(`SELECT 1 FROM pgboss.job WHERE name = 'relay-dead' AND data->>'webhookId' = $1`, [
          task.webhookId,
        ]);
        return dead.rowCount === 2;
      }, 'two dead letters');
      expect(hook.count('/bad')).toBe(1);
      expect(hook.count('/moved')).toBe(1);
    });

    it('a ContactTagUpdate subscription without a tag filter gets tag changes, not created contacts', async () => {
      const id = await subscribeTo('/any-tags', 'loc-r', 'token-r', { event: 'ContactTagUpdate' });
      const contact = { locationId: 'loc-r', appId: APP_ID, id: 'contact-any' };
      const send = async (type: string, tags: string[]) => (await sendEvent(relay.url, keys, event({ ...contact, type, tags }))).json;
      expect((await send('ContactCreate', ['lead'])).ok).toBe(true);
      expect((await send('ContactTagUpdate', ['lead', 'hot'])).ok).toBe(true);
      // what the relay queued for this subscription (written with the event, before the 200): the tag change only
      const jobs = await relay.pool.query(
        `SELECT e.type FROM pgboss.job j JOIN relay_events e ON e.webhook_id = j.data->>'webhookId'
        WHERE j.name = 'relay-deliver' AND j.data->>'subscriptionId' = $1`,
        [id],
      );
      expect(jobs.rows).toEqual([{ type: 'ContactTagUpdate' }]);
      await waitFor(() => hook.count('/any-tags') === 1, 'the tag change');
    });

    it('a tag filter delivers only when the tag is new on the contact', async () => {
      await subscribeTo('/vip', 'loc-t', 'token-t', { event: 'ContactTagUpdate', filter: { tag: 'vip' } });
      await subscribeTo('/created-vip', 'loc-t', 'token-t', { filter: { tag: 'VIP' } });
      const contact = { locationId: 'loc-t', appId: APP_ID, id: 'contact-tagged' };
      const send = async (type: string, tags: string[]) => (await sendEvent(relay.url, keys, event({ ...contact, type, tags }))).json;
      // a new contact: every tag is new, and being created with a tag is having it added (no ContactTagUpdate follows)
      expect(await send('ContactCreate', ['lead', 'vip'])).toEqual({ ok: true, deliveries: 2 });
      expect(await send('ContactTagUpdate', ['lead', 'vip', 'hot'])).toEqual({ ok: true, deliveries: 0 }); // vip not new
      expect(await send('ContactTagUpdate', ['lead'])).toEqual({ ok: true, deliveries: 0 }); // vip removed
      expect(await send('ContactTagUpdate', ['lead', 'vip'])).toEqual({ ok: true, deliveries: 1 }); // vip added again
      await waitFor(() => hook.count('/vip') === 2 && hook.count('/created-vip') === 1, 'the three filtered deliveries');
      expect(hook.bodies('/vip').map((b: any) => [b.type, b.tags])).toEqual([
        ['ContactCreate', ['lead', 'vip']],
        ['ContactTagUpdate', ['lead', 'vip']],
      ]);
    });

    it("the subscriber's known contacts are the baseline: a tag they already had is not new; a contact the relay follows keeps its own", async () => {
      // the relay already follows contact-followed (its event said: no tags); the subscriber says it has vip
      await sendEvent(
        relay.url,
        keys,
        event({ type: 'ContactTagUpdate', locationId: 'loc-t', appId: APP_ID, id: 'contact-followed', tags: [] }),
      );
      await subscribeTo('/known-vip', 'loc-t', 'token-t', {
        event: 'ContactTagUpdate',
        filter: { tag: 'vip' },
        known: [
          { contactId: 'contact-old-vip', tags: ['VIP', 'lead'] },
          { contactId: 'contact-followed', tags: ['vip'] },
        ],
      });
      const queued = async (id: string, tags: string[]) => {
        const sent = event({ type: 'ContactTagUpdate', locationId: 'loc-t', appId: APP_ID, id, tags });
        expect((await sendEvent(relay.url, keys, sent)).status).toBe(200);
        const jobs = await relay.pool.query(
          `SELECT s.target_url FROM pgboss.job j JOIN relay_subscriptions s ON s.id::text = j.data->>'subscriptionId'
           WHERE j.name = 'relay-deliver' AND j.data->>'webhookId' = $1`,
          [sent.webhookId],
        );
        return jobs.rows.some((r) => r.target_url.endsWith('/known-vip'));
      };
      expect(await queued('contact-old-vip', ['vip', 'lead', 'hot'])).toBe(false); // had vip before the Zap was on
      expect(await queued('contact-followed', ['vip'])).toBe(true); // its last event had no vip: new
      expect(await queued('contact-unseen', ['vip'])).toBe(true); // unknown to both: counted new
    });

    it('refuses a malformed known list', async () => {
      const body = { targetUrl: `${hook.url}/k`, event: 'ContactTagUpdate', locationId: 'loc-t' };
      for (const known of [
        'x',
        [{ contactId: 'a b', tags: [] }],
        [{ contactId: 'c1', tags: 'vip' }],
        [{ contactId: 'c1', tags: [], extra: 1 }],
      ])
        expect((await subscribe(relay.url, { ...body, known }, { token: 'token-t' })).status).toBe(400);
    });

    it('UNINSTALL of a sub-account ends its subscriptions; INSTALL is recorded', async () => {
      await subscribeTo('/uninstalled', 'loc-u', 'token-u');
      await tagContactOf('loc-u');
      expect(await tagRows('loc-u')).toBe(1);
      const install = { type: 'INSTALL', appId: APP_ID, companyId: 'company-1', locationId: 'loc-u' };
      expect((await sendEvent(relay.url, keys, event(install))).status).toBe(200);
      expect((await sendEvent(relay.url, keys, event({ locationId: 'loc-u', appId: APP_ID }))).json.deliveries).toBe(1);
      await waitFor(() => hook.count('/uninstalled') === 1, 'the delivery before UNINSTALL');
      const uninstall = { type: 'UNINSTALL', appId: APP_ID, locationId: 'loc-u' };
      expect((await sendEvent(relay.url, keys, event(uninstall))).status).toBe(200);
      // the contact tags remembered for that sub-account went with it; another sub-account's stay
      expect(await tagRows('loc-u')).toBe(0);
      expect(await tagRows('loc-t')).toBeGreaterThan(0);
      expect((await sendEvent(relay.url, keys, event({ locationId: 'loc-u', appId: APP_ID }))).json.deliveries).toBe(0);
      const installs = await relay.pool.query(`SELECT installed FROM relay_installs WHERE install_key = 'location:loc-u'`);
      expect(installs.rows).toEqual([{ installed: false }]);
      expect(hook.count('/uninstalled')).toBe(1);
    });

    it('UNINSTALL of a company ends the subscriptions of all its sub-accounts', async () => {
      await subscribeTo('/company', 'loc-u', 'token-u', { event: 'AppointmentCreate' });
      await tagContactOf('loc-u');
      await relay.pool.query(`INSERT INTO relay_contact_tags (location_id, contact_id, tags) VALUES ('loc-elsewhere', 'c1', '{lead}')`);
      expect(
        (await sendEvent(relay.url, keys, event({ type: 'UNINSTALL', appId: APP_ID, companyId: 'company-1', locationId: undefined })))
          .status,
      ).toBe(200);
      const left = await relay.pool.query(`SELECT count(*) FROM relay_subscriptions WHERE company_id = 'company-1'`);
      expect(Number(left.rows[0].count)).toBe(0);
      expect(await tagRows('loc-u')).toBe(0); // the company's sub-accounts' remembered tags went too
      expect(await tagRows('loc-elsewhere')).toBe(1); // not a sub-account of that company
    });
  });

  describe('housekeeping', () => {
    it('prunes events older than the retention (30 days) and keeps the recent ones', async () => {
      const recent = event({ locationId: 'loc-w', appId: APP_ID });
      expect((await sendEvent(relay.url, keys, recent)).status).toBe(200);
      await relay.pool.query(
        `INSERT INTO relay_events (webhook_id, type, location_id, body, received_at) VALUES ('old-1', 'ContactCreate', 'loc-w', '{}', now() - interval '31 days')`,
      );
      expect(await pruneEvents(relay.pool, 30)).toBe(1);
      const left = await relay.pool.query('SELECT webhook_id FROM relay_events WHERE webhook_id IN ($1, $2)', ['old-1', recent.webhookId]);
      expect(left.rows.map((r) => r.webhook_id)).toEqual([recent.webhookId]);
    });
  });
}
