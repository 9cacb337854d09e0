/**
 * The relay service: HTTP (Fastify) in front, Postgres behind (pg for our tables, pg-boss for the delivery queue).
 * `startRelay(config)` starts everything and resolves when it listens; `close()` stops it in order.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { PgBoss } from 'pg-boss';
import type pg from 'pg';
import type { RelayConfig } from './config.ts';
import { migrate, openPool, startEmbeddedPostgres } from './db.ts';
import { startWorkers } from './deliver.ts';
import { DEAD_LETTER_QUEUE, DELIVERY_QUEUE, pruneEvents, storeEvent } from './events.ts';
import { Metrics } from './metrics.ts';
import { checkLocationToken, parseSubscription, secretMatches } from './subscriptions.ts';
import { checkEvent, checkSignature } from './verify.ts';

export interface Relay {
  url: string;
  port: number;
  app: FastifyInstance;
  pool: pg.Pool;
  boss: PgBoss;
  metrics: Metrics;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function startRelay(config: RelayConfig): Promise<Relay> {
  const started: (() => Promise<unknown>)[] = []; // what to stop, newest first, if the start fails half-way
  try {
    return await start(config, started);
  } catch (error) {
    for (const stop of started.reverse()) await stop().catch(() => {});
    throw error;
  }
}

async function start(config: RelayConfig, started: (() => Promise<unknown>)[]): Promise<Relay> {
  const app = Fastify({
    bodyLimit: config.bodyLimitBytes,
    logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers["x-highlevel-token"]'] },
  });
  const log = app.log;

  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
  if (embedded) started.push(() => embedded.stop());
  const connectionString = config.databaseUrl ?? embedded!.connectionString;
  const pool = openPool(connectionString, 10);
  started.push(() => pool.end());
  await migrate(pool);

  // Supervision finds deliveries left active by a process that died (SIGKILL, lost host) and retries them.
  const boss = new PgBoss({
    connectionString,
    max: 5,
    schema: 'pgboss',
    registerInstance: false,
    useListenNotify: true, // a stored job wakes the workers of every process at once (polling stays as the backstop)
    superviseIntervalSeconds: config.superviseSeconds,
    monitorIntervalSeconds: config.superviseSeconds,
  });
  boss.on('error', (error) => log.warn({ err: { message: error.message } }, 'queue error'));
  started.push(() => boss.stop({ graceful: false }));
  await boss.start();
  const retry = {
    retryLimit: config.retryLimit,
    retryDelay: config.retryDelaySeconds,
    retryBackoff: config.retryBackoff,
    ...(config.retryBackoff ? { retryDelayMax: config.retryDelayMaxSeconds } : {}),
  };
  await boss.createQueue(DEAD_LETTER_QUEUE, { retentionSeconds: 30 * 24 * 3600 });
  await boss.createQueue(DELIVERY_QUEUE, {
    ...retry,
    notify: true,
    deadLetter: DEAD_LETTER_QUEUE,
    // A delivery still active this long after its start belongs to a dead process (fetch itself gives up at the timeout).
    expireInSeconds: Math.ceil(config.deliveryTimeoutMs / 1000) + 10,
    retentionSeconds: 14 * 24 * 3600,
  });

  const metrics = new Metrics();
  await startWorkers(boss, pool, {
    concurrency: config.concurrency,
    pollingIntervalSeconds: config.pollingIntervalSeconds,
    timeoutMs: config.deliveryTimeoutMs,
    log,
    metrics,
  });

  // Old events go hourly (each process does it; the DELETE is idempotent).
  const prune = () =>
    pruneEvents(pool, config.eventRetentionDays).then(
      (count) => count && log.info({ count }, 'old events pruned'),
      (error: Error) => log.warn({ err: { message: error.message } }, 'pruning old events failed'),
    );
  void prune();
  const pruning = setInterval(prune, 3600_000).unref();
  started.push(async () => clearInterval(pruning));

  // Every body arrives as raw bytes: signatures are over exactly those bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const refuse = (reply: FastifyReply, status: number, message: string, outcome = `refused_${status}`) => {
    metrics.count('relay_webhooks_total', { outcome });
    return reply.code(status).send({ error: message });
  };

  app.post('/webhooks/highlevel', async (request: FastifyRequest, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const badSignature = checkSignature(raw, request.headers, config);
    if (badSignature) return refuse(reply, badSignature.status, badSignature.message);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return refuse(reply, 400, 'The body is not JSON.');
    }
    const checked = checkEvent(body, { appId: config.appId, maxEventAgeSeconds: config.maxEventAgeSeconds, now: Date.now() });
    if ('refusal' in checked) return refuse(reply, checked.refusal.status, checked.refusal.message);
    const event = checked.event;
    try {
      const stored = await storeEvent(pool, boss, event, raw.toString('utf8'), retry);
      metrics.count('relay_webhooks_total', { outcome: stored.duplicate ? 'duplicate' : 'stored' });
      log.info({ webhookId: event.webhookId, type: event.type, locationId: event.locationId, ...stored }, 'event stored');
      return reply.code(200).send(stored.duplicate ? { ok: true, duplicate: true } : { ok: true, deliveries: stored.deliveries });
    } catch (error) {
      // Not stored: 429 is the one status HighLevel retries (same webhookId), so nothing is lost.
      log.warn({ webhookId: event.webhookId, err: { message: (error as Error).message } }, 'event not stored');
      return refuse(reply.header('retry-after', '60'), 429, 'The relay cannot store events right now; retry later.', 'unavailable');
    }
  });

  const authorised = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (secretMatches(request.headers.authorization, config.secrets)) return true;
    metrics.count('relay_subscriptions_total', { outcome: 'refused_401' });
    void reply.code(401).send({ error: 'Authorization must be "Bearer <RELAY_SECRET>".' });
    return false;
  };

  app.post('/subscriptions', async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const token = request.headers['x-highlevel-token'];
    if (typeof token !== 'string' || token === '')
      return reply.code(401).send({ error: 'X-HighLevel-Token is required: the access token of the sub-account.' });
    let body: unknown;
    try {
      body = JSON.parse((request.body as Buffer | undefined)?.toString('utf8') ?? '');
    } catch {
      return reply.code(400).send({ error: 'The body is not JSON.' });
    }
    const parsed = parseSubscription(body, config.targetHosts);
    if (typeof parsed === 'string') {
      metrics.count('relay_subscriptions_total', { outcome: 'refused_400' });
      return reply.code(400).send({ error: parsed });
    }
    const check = await checkLocationToken(config.ghlApiBaseUrl, parsed.locationId, token);
    if (!check.ok) {
      metrics.count('relay_subscriptions_total', { outcome: `refused_${check.status}` });
      return reply.code(check.status).send({ error: check.message });
    }
    // The subscriber's view of its contacts' tags first, so no event can be compared with an empty one; a contact the
    // relay already follows keeps what its events said.
    if (parsed.known.length > 0)
      await pool.query(
        `INSERT INTO relay_contact_tags (location_id, contact_id, tags)
         SELECT $1, k->>'contactId', ARRAY(SELECT jsonb_array_elements_text(k->'tags')) FROM jsonb_array_elements($2::jsonb) k
         ON CONFLICT (location_id, contact_id) DO NOTHING`,
        [parsed.locationId, JSON.stringify(parsed.known)],
      );
    const inserted = await pool.query(
      `INSERT INTO relay_subscriptions (target_url, event, location_id, company_id, filter) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, event, location_id, filter, created_at`,
      [parsed.targetUrl, parsed.event, parsed.locationId, check.companyId, parsed.filter],
    );
    const row = inserted.rows[0];
    metrics.count('relay_subscriptions_total', { outcome: 'created' });
    log.info({ subscriptionId: row.id, event: row.event, locationId: row.location_id }, 'subscribed');
    return reply.code(201).send({
      id: row.id,
      event: row.event,
      locationId: row.location_id,
      filter: row.filter ?? undefined,
      createdAt: row.created_at,
    });
  });

  app.delete<{ Params: { id: string } }>('/subscriptions/:id', async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    if (UUID.test(request.params.id)) {
      const deleted = await pool.query('DELETE FROM relay_subscriptions WHERE id = $1', [request.params.id]);
      if (deleted.rowCount) log.info({ subscriptionId: request.params.id }, 'unsubscribed');
    }
    metrics.count('relay_subscriptions_total', { outcome: 'deleted' });
    return reply.code(204).send();
  });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await pool.query('SELECT 1');
      return { ok: true };
    } catch {
      return reply.code(503).send({ ok: false, error: 'The store is not reachable.' });
    }
  });
  app.get('/metrics', async (_request, reply) => {
    let queued = -1;
    try {
      queued = (await boss.getQueue(DELIVERY_QUEUE))?.queuedCount ?? -1;
    } catch {
      // the store is down: report what this process counted
    }
    return reply.type('text/plain; version=0.0.4').send(metrics.render({ relay_deliveries_queued: queued }));
  });

  started.push(() => app.close());
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    pool,
    boss,
    metrics,
    async close() {
      clearInterval(pruning);
      await app.close();
      await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => {});
      await pool.end().catch(() => {});
      await embedded?.stop();
    },
  };
}
