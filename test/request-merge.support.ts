/**
 * Proof that skipping zapier-platform-core's request merge changes nothing on the wire. lib/client.ts sends every
 * request with `merge: false` and the `user-agent: Zapier` header the merge would have added (core's merge deep-copies
 * the request's `input`, the whole compiled app, on every call). The e2e suite records the `z.request` options of
 * every operation's case (recordRequests); sentBothWays() then sends each of them twice through the app's own request
 * pipeline (core's before-middlewares, this app's beforeRequest, core's fetch) to a local server that keeps the raw
 * request: as lib/client.ts sends it (merge off) and as it was before (core's default merge on, no user-agent of
 * ours). Compared: method, URL, every raw header (name as sent, case, order, value), the body's bytes, and the
 * "What happened" trail core appends to an auth error afterwards (core notes requests in it).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'node:querystring';
import zapier from 'zapier-platform-core';
import App from '../index.js';

/** One `z.request` call of an operation's run: its options as the app passed them, and the connection. */
export interface Sent {
  operation: string;
  authData: Record<string, unknown>;
  options: { url: string; merge?: boolean; headers?: Record<string, string>; [k: string]: unknown };
}

/** A request as it arrived. */
export interface Wire {
  method: string;
  url: string;
  /** rawHeaders: name, value, name, value … as sent */
  headers: string[];
  /** the body's bytes, hex */
  body: string;
}

type Perform = (z: any, bundle: any) => unknown;

/** Wraps every listed operation's perform (`creates.create_contact`, …) so its z.request options are recorded. */
export function recordRequests(app: any, operations: string[]): Sent[] {
  const sent: Sent[] = [];
  for (const name of operations) {
    const [group, key] = name.split('.') as [string, string];
    const operation = app[group][key].operation;
    const perform: Perform = operation.perform;
    operation.perform = (z: any, bundle: any) => {
      const request = (options: Sent['options']) => {
        sent.push({ operation: name, authData: structuredClone(bundle.authData), options: structuredClone(options) });
        return z.request(options);
      };
      return perform(
        new Proxy(z, { get: (target, prop, receiver) => (prop === 'request' ? request : Reflect.get(target, prop, receiver)) }),
        bundle,
      );
    };
  }
  return sent;
}

/**
 * The options as lib/client.ts built them before it skipped the merge: core's default merge, no user-agent of ours,
 * the query as `params` and the body as an object (core encoded both).
 */
export function withCoreMerge(options: Sent['options']): Sent['options'] {
  const { merge: _merge, headers = {}, url, body, ...rest } = structuredClone(options);
  const { 'user-agent': _agent, ...others } = headers;
  const [path, query] = url.split('?') as [string, string | undefined];
  return { ...rest, url: path, params: query ? parse(query) : {}, headers: others, ...(body !== undefined && { body: jsonObject(body) }) };
}

/** A body lib/client.ts serialized itself, as the object it was before. */
function jsonObject(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' ? value : body;
  } catch {
    return body;
  }
}

/**
 * Sends every recorded request (its URL moved from `apiUrl` to a local recorder) once as recorded and once through
 * `variant` (default: withCoreMerge), each list in one invocation through the app's request pipeline, on the first
 * request's connection (the token is not what is compared), then ends each invocation with an auth error. Returns
 * what arrived and the two error messages.
 */
export async function sentBothWays(
  sent: Sent[],
  apiUrl: string,
  variant: (options: Sent['options']) => Sent['options'] = withCoreMerge,
): Promise<{ asIs: Wire[]; variant: Wire[]; trails: { asIs: string; variant: string } }> {
  const arrived: Wire[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      arrived.push({ method: req.method!, url: req.url!, headers: req.rawHeaders, body: Buffer.concat(chunks).toString('hex') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const recorder = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const saved = process.env.GHL_API_BASE_URL;
  process.env.GHL_API_BASE_URL = recorder; // lib/client.ts adds its headers only on the API host
  const tester = zapier.createAppTester(App) as (fn: unknown, bundle: unknown) => Promise<unknown>;
  const sendAll = async (list: Sent['options'][]): Promise<{ wires: Wire[]; trail: string }> => {
    const before = arrived.length;
    // The auth error after the requests: core appends its "What happened" trail to it, which must not change either.
    const error = await tester(
      async (z: any) => {
        for (const options of list) await z.request({ ...options, url: recorder + options.url.slice(apiUrl.length) });
        throw new z.errors.ExpiredAuthError('after the requests');
      },
      { authData: sent[0]?.authData ?? {}, inputData: {} },
    ).catch((e: Error) => e);
    const wires = arrived.slice(before);
    if (wires.length !== list.length) throw new Error(`expected ${list.length} requests to arrive, got ${wires.length}`);
    return { wires, trail: (error as Error).message };
  };
  try {
    for (const s of sent)
      if (!s.options.url.startsWith(apiUrl + '/')) throw new Error(`${s.operation}: ${s.options.url} is not on ${apiUrl}`);
    const asIs = await sendAll(sent.map((s) => s.options));
    const other = await sendAll(sent.map((s) => variant(s.options)));
    return { asIs: asIs.wires, variant: other.wires, trails: { asIs: asIs.trail, variant: other.trail } };
  } finally {
    if (saved === undefined) delete process.env.GHL_API_BASE_URL;
    else process.env.GHL_API_BASE_URL = saved;
    await new Promise((resolve) => server.close(resolve));
  }
}
