/**
 * The relay's configuration, read once from the environment (the names are the contract of issue #13; docs/relay.md
 * has the table). Everything that can be wrong is reported at start, naming the variable, never its value.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { HIGHLEVEL_ED25519_PUBLIC_KEY, HIGHLEVEL_RSA_PUBLIC_KEY } from './keys.ts';

export interface RelayConfig {
  port: number;
  host: string;
  /** Postgres connection string; undefined = start the embedded Postgres under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  /** One or more shared secrets (rotation: old and new side by side). */
  secrets: string[];
  ed25519Key: KeyObject;
  rsaKey: KeyObject;
  /** Events whose appId differs are refused; undefined = any app. */
  appId?: string;
  ghlApiBaseUrl: string;
  /** Allowed hook hosts (exact host names). */
  targetHosts: string[];
  /** Oldest accepted event timestamp, in seconds (HighLevel's own 429 retries span about 70 minutes). */
  maxEventAgeSeconds: number;
  bodyLimitBytes: number;
  /** Delivery retries: the first delay, its cap and the count (with backoff: about 2 hours by default). */
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
  retryLimit: number;
  retryBackoff: boolean;
  deliveryTimeoutMs: number;
  /** pg-boss polling (seconds, >= 0.5) and how many deliveries one process runs at once. */
  pollingIntervalSeconds: number;
  concurrency: number;
  /** How long events (and the bodies their deliveries and dead letters need) are kept, in days. */
  eventRetentionDays: number;
  /** How often a process looks for deliveries a dead process left active (seconds, >= 1). */
  superviseSeconds: number;
  logLevel: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
export const isLoopbackHost = (host: string): boolean => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
}

function keyFrom(env: NodeJS.ProcessEnv, name: string, fallback: string, type: 'ed25519' | 'rsa'): KeyObject {
  const pem = (env[name] || fallback).replace(/\\n/g, '\n');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error(`${name} is not a PEM public key`);
  }
  if (key.asymmetricKeyType !== type) throw new Error(`${name} must be an ${type} public key`);
  return key;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const secrets = (env.RELAY_SECRET ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (secrets.length === 0) throw new Error('RELAY_SECRET is required (one or more secrets, comma-separated)');
  if (secrets.some((s) => s.length < 16)) throw new Error('RELAY_SECRET: each secret needs at least 16 characters');
  const ghlApiBaseUrl = (env.GHL_API_BASE_URL || 'https://services.leadconnectorhq.com').replace(/\/+$/, '');
  return {
    port: numberFrom(env, 'PORT', 8080),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.RELAY_DATA_DIR || '.relay-data',
    secrets,
    ed25519Key: keyFrom(env, 'HIGHLEVEL_WEBHOOK_PUBLIC_KEY', HIGHLEVEL_ED25519_PUBLIC_KEY, 'ed25519'),
    rsaKey: keyFrom(env, 'HIGHLEVEL_WEBHOOK_RSA_PUBLIC_KEY', HIGHLEVEL_RSA_PUBLIC_KEY, 'rsa'),
    appId: env.HIGHLEVEL_APP_ID || undefined,
    ghlApiBaseUrl,
    targetHosts: (env.RELAY_TARGET_HOSTS || 'hooks.zapier.com')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    maxEventAgeSeconds: numberFrom(env, 'RELAY_MAX_EVENT_AGE_SECONDS', 90 * 60),
    bodyLimitBytes: numberFrom(env, 'RELAY_BODY_LIMIT_BYTES', 1024 * 1024),
    retryDelaySeconds: numberFrom(env, 'RELAY_RETRY_DELAY_SECONDS', 30),
    retryDelayMaxSeconds: numberFrom(env, 'RELAY_RETRY_DELAY_MAX_SECONDS', 900),
    retryLimit: numberFrom(env, 'RELAY_RETRY_LIMIT', 12),
    retryBackoff: env.RELAY_RETRY_BACKOFF !== 'off',
    deliveryTimeoutMs: numberFrom(env, 'RELAY_DELIVERY_TIMEOUT_MS', 10_000),
    pollingIntervalSeconds: Math.max(0.5, numberFrom(env, 'RELAY_POLL_SECONDS', 0.5)),
    concurrency: Math.max(1, numberFrom(env, 'RELAY_CONCURRENCY', 8)),
    eventRetentionDays: Math.max(1, numberFrom(env, 'RELAY_EVENT_RETENTION_DAYS', 30)),
    superviseSeconds: Math.max(1, numberFrom(env, 'RELAY_SUPERVISE_SECONDS', 30)),
    logLevel: env.RELAY_LOG_LEVEL || 'info',
  };
}
