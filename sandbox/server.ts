/**
 * A local HighLevel: an in-memory HTTP server on 127.0.0.1 that answers every endpoint the integration uses the
 * way HighLevel API v2 does — OAuth, Version headers, spec validation (422 on unknown properties), scopes,
 * location access, rate limits, the documented quirks — so developers, reviewers, CI and e2e tests need no
 * HighLevel account. API host and marketplace host are this one server (point GHL_API_BASE_URL and
 * GHL_MARKETPLACE_URL at `url`).
 *
 *   const sandbox = await startSandbox({ accessTokenTtlSeconds: 60 });
 *   const { access_token } = sandbox.issueToken();        // or the real OAuth dance, see oauth.ts
 *   await fetch(`${sandbox.url}/contacts/${SEED.contacts.ada}`, { headers: { Authorization: `Bearer ${access_token}`, Version: '2021-07-28' } });
 *   sandbox.store.advanceClock(61_000);                    // the token is now expired → 401 Invalid JWT
 *   await sandbox.close();
 *
 * Request pipeline: route by the spec (unknown → 404) → token (401 Invalid JWT) → token type and scopes
 * (401) → rate limit (429) → spec check (400 Version / 422 body) → the resource handler (contacts.ts,
 * calendars.ts, locations.ts). Every JSON answer carries a `traceId`. Admin/test routes live under /_sandbox/.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agencyHandlers } from './agency.ts';
import { calendarHandlers } from './calendars.ts';
import { contactHandlers } from './contacts.ts';
import { freeSlotHandlers } from './freeSlots.ts';
import { ApiError, specProblemsToError } from './http.ts';
import type { Ctx, Handler } from './http.ts';
import { locationHandlers } from './locations.ts';
import { OAuth } from './oauth.ts';
import { highLevelSpec } from './openapi.ts';
import { DEFAULT_RATE_LIMIT, countRequest } from './ratelimit.ts';
import type { RateLimitConfig } from './ratelimit.ts';
import { SEED, seed } from './seed.ts';
import type { SeedOptions } from './seed.ts';
import { specOperations } from './spec-meta.ts';
import type { SpecOperation } from './spec-meta.ts';
import { Store } from './store.ts';
import type { AccessToken, Grant } from './store.ts';
import { WebhookPusher } from './webhooks.ts';
import type { PusherOptions } from './webhooks.ts';

export { SEED } from './seed.ts';
export { Store } from './store.ts';

export interface SandboxOptions {
  /** 0 (default, or SANDBOX_PORT) = a free port */
  port?: number;
  /** the app's OAuth client (default: CLIENT_ID / CLIENT_SECRET from the environment, else sandbox-client-id/-secret) */
  clientId?: string;
  clientSecret?: string;
  /** restrict redirect_uri to these */
  redirectUris?: string[];
  /** access token lifetime (default 86399 s, as HighLevel) */
  accessTokenTtlSeconds?: number;
  /** lifetime of location tokens minted from a Company token (default: accessTokenTtlSeconds) */
  locationTokenTtlSeconds?: number;
  /** burst/daily limits (default 100 per 10 s, 200,000 a day); false = none */
  rateLimit?: Partial<RateLimitConfig> | false;
  /** answer 401 "The token is not authorized for this scope." when a token lacks the operation's scope (default true) */
  enforceScopes?: boolean;
  /** seed data options; false = an empty store (no location — add your own) */
  seed?: SeedOptions | false;
  /** most rows a task search page returns, whatever `limit` asks (default: no cap; env SANDBOX_TASK_PAGE_CAP in main.ts) */
  taskPageCap?: number;
  /** seed of the id generator */
  idSeed?: number;
  /** one line per request, e.g. console.log */
  log?: (line: string) => void;
  /** push HighLevel's webhooks for every change (webhooks.ts); without a `url` they are only recorded */
  webhooks?: PusherOptions;
}

export interface Sandbox {
  url: string;
  port: number;
  store: Store;
  oauth: OAuth;
  /** ms from startSandbox() to listening, seed and spec loading included */
  readyMs: number;
  /** every scope any operation of the specs declares (what issueToken grants by default) */
  allScopes: string[];
  /** A token pair as POST /oauth/token would answer, without the consent page (default: main location, all scopes). */
  issueToken(grant?: Partial<Grant>): TokenResponse;
  /** An authorization code as the consent page grants it. */
  grantCode(opts?: { locationId?: string; scope?: string; redirectUri?: string; userType?: 'Location' | 'Company' }): string;
  /** the webhook pusher: set `webhooks.url`, read `webhooks.deliveries`, `await webhooks.idle()` */
  webhooks: WebhookPusher;
  /** The app is uninstalled from the sub-account: HighLevel sends UNINSTALL. */
  uninstall(locationId?: string): void;
  close(): Promise<void>;
}

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  userType: string;
  locationId?: string;
  companyId: string;
  userId: string;
  [key: string]: unknown;
}

const resourceHandlers: Record<string, Handler> = { ...contactHandlers, ...calendarHandlers, ...freeSlotHandlers, ...locationHandlers };
const agencyOperations = Object.keys(agencyHandlers('', () => ({})));
/** The operations the sandbox answers (others in the specs get 501). */
export const implementedOperations = (): string[] => [...Object.keys(resourceHandlers), ...agencyOperations].sort();
/** Operations whose body is a form (application/x-www-form-urlencoded), not JSON. */
const FORM_OPERATIONS = new Set(['get-access-token', 'get-location-access-token']);

const LOCATION_SCHEMES = new Set(['bearer', 'Location-Access', 'Location-Access-Only']);
const AGENCY_SCHEMES = new Set(['Agency-Access', 'Agency-Access-Only']);
const MAX_BODY = 1 << 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, 'Request entity too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length > 1 ? all : all[0]!;
  }
  return out;
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, `Unexpected token in JSON body: ${(e as Error).message}`, { error: 'Bad Request' });
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const started = performance.now();
  const store = new Store({ seed: options.idSeed });
  store.taskPageCap = options.taskPageCap;
  if (options.seed !== false) {
    const seedOptions = options.seed ?? {};
    store.onReset = (s) => seed(s, seedOptions);
    seed(store, seedOptions);
  }
  const spec = highLevelSpec();
  const ops = specOperations();
  const allScopes = [...new Set(ops.operations.flatMap((o) => o.security.flatMap((s) => s.scopes)))].sort();
  const oauth = new OAuth(store, {
    clientId: options.clientId ?? process.env.CLIENT_ID ?? 'sandbox-client-id',
    clientSecret: options.clientSecret ?? process.env.CLIENT_SECRET ?? 'sandbox-client-secret',
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 86399,
    locationTokenTtlSeconds: options.locationTokenTtlSeconds,
    redirectUris: options.redirectUris,
    defaultScopes: allScopes,
  });
  const rateLimit: RateLimitConfig | false = options.rateLimit === false ? false : { ...DEFAULT_RATE_LIMIT, ...(options.rateLimit ?? {}) };
  const enforceScopes = options.enforceScopes ?? true;
  const issueToken = (grant: Partial<Grant> = {}) => oauth.issue(grant) as TokenResponse;
  const webhooks = new WebhookPusher(options.webhooks);
  store.onEvent = (event) => webhooks.push(event);
  const uninstall = (locationId?: string) => store.emit({ type: 'UNINSTALL', loc: store.loc(locationId) });
  // The marketplace app's id is the client id's part before the first "-" (as HighLevel's client ids are built).
  const appId = oauth.config.clientId.split('-')[0]!;
  const handlers: Record<string, Handler> = {
    ...resourceHandlers,
    ...agencyHandlers(appId, (ctx, loc) => oauth.mintLocationToken(ctx.token, loc.location.id)),
  };

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>, traceId: string): void {
    let payload = body;
    if (payload && typeof payload === 'object' && !Array.isArray(payload)) payload = { ...(payload as object), traceId };
    const text = JSON.stringify(payload ?? { traceId });
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-trace-id': traceId,
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  function checkAccess(op: SpecOperation, token: AccessToken): void {
    if (!op.security.length) return; // the spec declares none: any valid token
    const schemes = token.userType === 'Company' ? AGENCY_SCHEMES : LOCATION_SCHEMES;
    const usable = op.security.filter((alt) => schemes.has(alt.scheme));
    if (!usable.length) throw new ApiError(401, "Token's user type mismatch");
    if (enforceScopes && !usable.some((alt) => alt.scopes.every((s) => token.scopes.includes(s)))) {
      throw new ApiError(401, 'The token is not authorized for this scope.');
    }
  }

  async function admin(req: IncomingMessage, url: URL): Promise<{ status: number; body: unknown }> {
    const body = ((await readBody(req).then(parseJson)) ?? {}) as Record<string, any>;
    const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /_sandbox':
        return {
          status: 200,
          body: {
            now: new Date(store.now()).toISOString(),
            seed: SEED,
            locations: [...store.locations.values()].map((l) => ({
              id: l.location.id,
              name: l.location.name,
              contacts: l.contacts.size,
              settings: l.location.settings,
            })),
            implementedOperations: implementedOperations(),
          },
        };
      case 'POST /_sandbox/reset':
        store.reset();
        return { status: 200, body: { reset: true } };
      case 'POST /_sandbox/clock':
        if (body.now !== undefined) store.setClock(typeof body.now === 'number' ? body.now : Date.parse(body.now));
        if (body.advanceMs !== undefined) store.advanceClock(Number(body.advanceMs));
        return { status: 200, body: { now: new Date(store.now()).toISOString() } };
      case 'POST /_sandbox/contacts': {
        if (body.count) {
          const t = performance.now();
          store.addContacts(Number(body.count), { locationId: body.locationId });
          return { status: 201, body: { added: Number(body.count), ms: Math.round(performance.now() - t) } };
        }
        const added = ([] as any[])
          .concat(body.contacts ?? body.contact ?? [])
          .map((c) => store.addContact(c, { locationId: body.locationId }).id);
        return { status: 201, body: { ids: added } };
      }
      case 'POST /_sandbox/webhooks':
        if (body.url !== undefined) webhooks.url = body.url ? String(body.url) : undefined;
        return { status: 200, body: { url: webhooks.url ?? null, sent: webhooks.deliveries.length } };
      case 'POST /_sandbox/uninstall':
        uninstall(body.locationId);
        return { status: 200, body: { uninstalled: body.locationId ?? store.primaryLocationId } };
      case 'POST /_sandbox/token':
        return { status: 200, body: issueToken(body) };
      case 'POST /_sandbox/settings':
        if (body.allowDuplicateContact !== undefined) store.setAllowDuplicateContact(Boolean(body.allowDuplicateContact), body.locationId);
        if (body.active !== undefined) store.setLocationActive(Boolean(body.active), body.locationId);
        if (body.taskPageCap !== undefined) store.taskPageCap = body.taskPageCap === null ? undefined : Number(body.taskPageCap);
        return { status: 200, body: { settings: store.loc(body.locationId).location.settings, taskPageCap: store.taskPageCap ?? null } };
      default:
        return { status: 404, body: { statusCode: 404, message: `Cannot ${route}`, error: 'Not Found' } };
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const traceId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    let extraHeaders: Record<string, string> = {};
    try {
      if (path === '/_sandbox' || path.startsWith('/_sandbox/')) {
        const r = await admin(req, url);
        return send(res, r.status, r.body, {}, traceId);
      }

      if ((path === '/v2/oauth/chooselocation' || path === '/oauth/chooselocation') && (method === 'GET' || method === 'POST')) {
        const form = method === 'POST' ? new URLSearchParams(await readBody(req)) : undefined;
        const r = oauth.chooseLocation(method, url.searchParams, form);
        res.writeHead(r.status, { ...r.headers, 'x-trace-id': traceId });
        res.end(r.body);
        return;
      }

      const match = ops.match(method, path);
      if (!match) throw new ApiError(404, `Cannot ${method} ${path}`, { error: 'Not Found' });
      const { op, params } = match;
      const query = queryObject(url.searchParams);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
      const raw = await readBody(req);
      const isForm = FORM_OPERATIONS.has(op.operationId);
      if (isForm && !/application\/x-www-form-urlencoded/i.test(headers['content-type'] ?? '')) {
        throw new ApiError(400, 'Invalid request: content must be application/x-www-form-urlencoded', { error: 'invalid_request' });
      }

      if (op.operationId === 'get-access-token') {
        const form = Object.fromEntries(new URLSearchParams(raw));
        const problem = specProblemsToError(spec.check({ method, path, query, headers, body: form }).errors, op.versions);
        if (problem) throw problem;
        const r = oauth.tokenEndpoint(form);
        return send(res, r.status, r.body, {}, traceId);
      }

      const token = oauth.authenticate(headers.authorization);
      checkAccess(op, token);
      if (rateLimit) {
        const counted = countRequest(store, rateLimit, token.locationId ?? token.companyId);
        extraHeaders = counted.headers;
        if (counted.limited) throw new ApiError(429, 'Too many requests', { error: 'Too Many Requests' });
      }

      const body = isForm ? Object.fromEntries(new URLSearchParams(raw)) : parseJson(raw);
      const problem = specProblemsToError(spec.check({ method, path, query, headers, body }).errors, op.versions);
      if (problem) throw problem;

      const handler = handlers[op.operationId];
      if (!handler)
        throw new ApiError(501, `The sandbox does not implement ${op.operationId} (${op.method} ${op.path})`, { error: 'Not Implemented' });
      const loc = token.locationId ? store.locations.get(token.locationId) : undefined;
      const ctx: Ctx = { store, token, loc, params, query, body: body ?? {} };
      const reply = handler(ctx);
      send(res, reply.status, reply.body, extraHeaders, traceId);
    } catch (e) {
      if (e instanceof ApiError) return send(res, e.status, e.body, extraHeaders, traceId);
      options.log?.(`sandbox error: ${(e as Error).stack ?? e}`);
      send(
        res,
        500,
        { statusCode: 500, message: 'Internal server error', error: String((e as Error).message ?? e) },
        extraHeaders,
        traceId,
      );
    }
  }

  const server = createServer((req, res) => {
    const t = performance.now();
    res.on('finish', () => options.log?.(`${req.method} ${req.url} → ${res.statusCode} (${(performance.now() - t).toFixed(1)} ms)`));
    void handle(req, res);
  });
  server.keepAliveTimeout = 5_000;
  const port = options.port ?? Number(process.env.SANDBOX_PORT ?? 0);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    store,
    oauth,
    readyMs: performance.now() - started,
    allScopes,
    issueToken,
    grantCode: (opts = {}) => oauth.grantCode(opts),
    webhooks,
    uninstall,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
