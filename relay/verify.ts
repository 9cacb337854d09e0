/**
 * Is this request a genuine, fresh HighLevel event? Pure functions over the raw bytes and the parsed body.
 *
 * Signatures are checked on the raw bytes as received (not on a re-serialised body): Ed25519 `x-ghl-signature` when
 * present — and then only that, a bad Ed25519 signature is not rescued by a good RSA one — else RSA-SHA256
 * `x-wh-signature`. Both are base64.
 */
import { createVerify, verify as cryptoVerify, type KeyObject } from 'node:crypto';

export type Refusal = { status: 400 | 401 | 403; message: string };

export function checkSignature(
  raw: Buffer,
  headers: Record<string, string | string[] | undefined>,
  keys: { ed25519Key: KeyObject; rsaKey: KeyObject },
): Refusal | undefined {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const ed = header('x-ghl-signature');
  const rsa = header('x-wh-signature');
  if (ed !== undefined) {
    const ok = safely(() => cryptoVerify(null, raw, keys.ed25519Key, Buffer.from(ed, 'base64')));
    return ok ? undefined : { status: 401, message: 'The x-ghl-signature (Ed25519) does not match the body.' };
  }
  if (rsa !== undefined) {
    const ok = safely(() => createVerify('SHA256').update(raw).end().verify(keys.rsaKey, rsa, 'base64'));
    return ok ? undefined : { status: 401, message: 'The x-wh-signature (RSA) does not match the body.' };
  }
  return { status: 401, message: 'The request carries no x-ghl-signature or x-wh-signature header.' };
}

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false; // a malformed signature or key is a mismatch, not a crash
  }
}

export interface HighLevelEvent {
  type: string;
  webhookId: string;
  timestamp: string;
  locationId?: string;
  companyId?: string;
  appId?: string;
  [key: string]: unknown;
}

/** The parsed body as an event, or why not. `now` in ms. */
export function checkEvent(
  body: unknown,
  options: { appId?: string; maxEventAgeSeconds: number; now: number },
): { event: HighLevelEvent } | { refusal: Refusal } {
  const refuse = (status: Refusal['status'], message: string) => ({ refusal: { status, message } });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse(400, 'The body is not a JSON object.');
  const event = body as Record<string, unknown>;
  if (typeof event.type !== 'string' || event.type === '') return refuse(400, 'The event has no "type".');
  if (typeof event.webhookId !== 'string' || event.webhookId === '') return refuse(400, 'The event has no "webhookId".');
  if (event.webhookId.length > 200) return refuse(400, 'The "webhookId" is too long.');
  if (typeof event.timestamp !== 'string' && typeof event.timestamp !== 'number') return refuse(400, 'The event has no "timestamp".');
  const at = new Date(event.timestamp).getTime();
  if (!Number.isFinite(at)) return refuse(400, 'The event "timestamp" is not a date.');
  // Older than HighLevel's own 429 retries can be (a replay), or from the future beyond clock skew.
  if (options.now - at > options.maxEventAgeSeconds * 1000) return refuse(401, 'The event "timestamp" is too old.');
  if (at - options.now > 5 * 60 * 1000) return refuse(401, 'The event "timestamp" is in the future.');
  if (options.appId !== undefined && event.appId !== options.appId) return refuse(403, 'The event belongs to another HighLevel app.');
  for (const key of ['locationId', 'companyId'] as const)
    if (event[key] !== undefined && typeof event[key] !== 'string') return refuse(400, `The event "${key}" is not a string.`);
  return { event: { ...event, timestamp: String(event.timestamp) } as HighLevelEvent };
}
