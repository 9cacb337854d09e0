/**
 * Instant triggers end to end on one machine: the sandbox pushes its signed webhooks to the relay (relay/, embedded
 * store in a temporary directory), which fans them out to a local stand-in for Zapier's hook endpoint
 * (`http://127.0.0.1:<port>/hooks/<name>`). Used by test/e2e.instant.test.ts, `npm start` (sandbox/demo.ts) and the
 * benchmark. Settling is counted, never timed: each event the relay stores it answers with the number of
 * deliveries it queued (`{ deliveries }`), so `settled()` waits until the hook has received that many.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../relay/config.ts';
import { startRelay, type Relay } from '../relay/server.ts';
import type { Sandbox } from './server.ts';
import { webhookTestKeys } from './webhooks.ts';

/** One POST the relay made to the stand-in hook. */
export interface Hit {
  /** the `<name>` of /hooks/<name> */
  name: string;
  body: Record<string, any>;
  /** wall-clock ms of arrival */
  at: number;
}

export interface InstantRig {
  relay: Relay;
  /** what the integration's RELAY_URL / RELAY_SECRET are set to */
  relayUrl: string;
  secret: string;
  /** the Zapier hook URL of one Zap (`bundle.targetUrl`) */
  hookUrl(name: string): string;
  hits: Hit[];
  hitsFor(name: string): Hit[];
  /** Resolves when every change so far has been stored by the relay and every delivery it queued has arrived. */
  settled(deadlineMs?: number): Promise<void>;
  close(): Promise<void>;
}

const SECRET = 'sandbox-relay-secret-0123456789';

export async function startInstantRig(sandbox: Sandbox, env: Record<string, string> = {}): Promise<InstantRig> {
  const hits: Hit[] = [];
  let received = 0; // every POST the hook got (callers may empty `hits`)
  const hook = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const name = decodeURIComponent((req.url ?? '').replace(/^\/hooks\//, '').split('?')[0] ?? '');
      try {
        hits.push({ name, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), at });
        received++;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', () => resolve()));
  const hookBase = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;

  const dataDir = mkdtempSync(join(tmpdir(), 'relay-instant-'));
  const keys = webhookTestKeys();
  const relay = await startRelay(
    loadConfig({
      RELAY_SECRET: SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      RELAY_DATA_DIR: dataDir,
      GHL_API_BASE_URL: sandbox.url,
      RELAY_TARGET_HOSTS: '127.0.0.1',
      RELAY_LOG_LEVEL: 'silent',
      HIGHLEVEL_APP_ID: 'sandbox-app',
      HIGHLEVEL_WEBHOOK_PUBLIC_KEY: keys.ed25519PublicKeyPem,
      HIGHLEVEL_WEBHOOK_RSA_PUBLIC_KEY: keys.rsaPublicKeyPem,
      ...env,
    }),
  );
  sandbox.webhooks.url = `${relay.url}/webhooks/highlevel`;

  const queued = () =>
    sandbox.webhooks.deliveries.reduce((n, d) => n + (typeof d.response?.deliveries === 'number' ? d.response.deliveries : 0), 0);
  return {
    relay,
    relayUrl: relay.url,
    secret: SECRET,
    hookUrl: (name) => `${hookBase}/hooks/${encodeURIComponent(name)}`,
    hits,
    hitsFor: (name) => hits.filter((h) => h.name === name),
    async settled(deadlineMs = 60_000) {
      await sandbox.webhooks.idle();
      const refused = sandbox.webhooks.deliveries.filter((d) => d.status !== undefined && d.status !== 200);
      if (refused.length)
        throw new Error(`the relay refused ${refused.length} event(s): ${refused.map((d) => `${d.type} → ${d.status}`).join(', ')}`);
      const until = Date.now() + deadlineMs; // a generous bound for a stuck relay, not a speed check
      while (received < queued()) {
        if (Date.now() > until) throw new Error(`the hook received ${received} of ${queued()} deliveries`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      sandbox.webhooks.url = undefined;
      await relay.close();
      await new Promise<void>((resolve) => hook.close(() => resolve()));
      hook.closeAllConnections();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
