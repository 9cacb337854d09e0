/**
 * Agency (Company) connections: one Zapier connection for every sub-account the app is installed in.
 *
 * HighLevel's contacts, calendars and most other endpoints take a Location token only. An agency connection holds
 * a Company token, so every operation gets a "Sub-Account" field (withSubAccountField) and the request layer
 * (client.ts) swaps the Company token for a location token minted with POST /oauth/locationToken. Minted tokens
 * are cached (z.cache, scoped to the connection, plus an in-process map) until shortly before `expires_in`: +0
 * requests when cached, +1 about once a day per sub-account. They are never stored in authData nor printed.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { createHash } from 'node:crypto';
import { errors } from 'zapier-platform-core';
import { stringify } from 'node:querystring';
import { apiBaseUrl, requestTimeoutMs } from './config.js';
import { messagesOf } from './errors.js';
import { requiredId } from './inputs.js';

/** A connection made with an agency (Company) token. Connections made before agencies were supported have no userType. */
export const isAgency = (bundle: Bundle | undefined): boolean => bundle?.authData?.userType === 'Company';

export const SUB_ACCOUNT_LABEL = 'Sub-Account';

/** The sub-account an agency connection's step works in: the Sub-Account field (picked or mapped). */
export const subAccountOf = (bundle: Bundle): string => requiredId(bundle.inputData?.locationId, SUB_ACCOUNT_LABEL);

/** z.cache with its scope argument (core 19 takes one; the typings do not say so): ['auth'] = this connection only. */
type ScopedCache = {
  get(key: string, scope: string[]): Promise<unknown>;
  set(key: string, value: unknown, ttl: number, scope: string[]): Promise<unknown>;
  delete(key: string, scope: string[]): Promise<unknown>;
};
export const connectionCache = (z: ZObject): ScopedCache => z.cache as unknown as ScopedCache;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** Seconds a token is kept: its lifetime less a margin (5 minutes, or a tenth of a short lifetime). */
export const keepSeconds = (expiresIn: number): number => Math.floor(expiresIn - Math.min(300, expiresIn / 10));

interface Minted {
  token: string;
  /** epoch ms after which it is not used any more */
  until: number;
}

/** In-process copy (one warm Lambda runs many steps) and the set of tokens this process minted. */
const memory = new Map<string, Minted>();
const minted = new Map<string, string>(); // token → cache key

const cacheKeyOf = (bundle: Bundle, locationId: string) =>
  `highlevel:location-token:v1:${sha256(`${bundle.authData?.companyId}|${bundle.authData?.access_token}|${locationId}`)}`;

/**
 * Zapier's logger censors authData values and the values of secret-looking environment variables, read each time
 * it writes a line. A minted token is in neither, so a server echoing it back would reach the logs: it is put
 * under a secret-looking variable name (process-local, never persisted) for as long as it is in use.
 */
const censorName = (token: string) => `HIGHLEVEL_LOCATION_TOKEN_${sha256(token).slice(0, 12)}`;
function remember(token: string, key: string): void {
  minted.set(token, key);
  process.env[censorName(token)] = token;
}
function forget(token: string): void {
  minted.delete(token);
  delete process.env[censorName(token)];
}

/** Is this a location token this process minted? (client.ts re-mints once on a 401.) */
export const isMinted = (token: string): boolean => minted.has(token);

/** Forgets a minted token everywhere (after HighLevel refused it). */
export async function dropMinted(z: ZObject, token: string): Promise<void> {
  const key = minted.get(token);
  forget(token);
  if (!key) return;
  memory.delete(key);
  try {
    await connectionCache(z).delete(key, ['auth']);
  } catch {
    // no cache available (a local run)
  }
}

/** For tests: forget every minted token of this process. */
export const forgetMintedTokens = (): void => {
  memory.clear();
  for (const token of [...minted.keys()]) forget(token);
};

/**
 * Thrown by the request middleware (whose `z` cannot send requests) when no location token is cached; ghlResponse
 * catches it, mints with mintLocationToken and sends the request again with the new token.
 */
export class LocationTokenNeeded extends Error {
  readonly doNotContextify = true;
  readonly companyId: string;
  readonly locationId: string;
  readonly key: string;
  constructor(companyId: string, locationId: string, key: string) {
    super('A location token is needed for this sub-account.');
    this.companyId = companyId;
    this.locationId = locationId;
    this.key = key;
  }
}

/** Thrown by the response middleware on a 401 for a minted token (already dropped); ghlResponse mints once more. */
export class LocationTokenRefused extends Error {
  readonly doNotContextify = true;
  readonly refusal: Error;
  constructor(refusal: Error) {
    super(refusal.message);
    this.refusal = refusal;
  }
}

/** The cached location token of one sub-account of an agency connection, or LocationTokenNeeded. */
export async function cachedLocationToken(z: ZObject, bundle: Bundle, locationId: string): Promise<string> {
  const key = cacheKeyOf(bundle, locationId);
  const now = Date.now();
  const held = memory.get(key);
  if (held && held.until > now) return held.token;
  try {
    const cached = (await connectionCache(z).get(key, ['auth'])) as Minted | null;
    if (cached?.token && cached.until > now) {
      memory.set(key, cached);
      remember(cached.token, key);
      return cached.token;
    }
  } catch {
    // no cache available (a local run): mint
  }
  throw new LocationTokenNeeded(String(bundle.authData?.companyId ?? ''), locationId, key);
}

/**
 * The location token of one sub-account for a call made outside the request layer (the relay's subscribe):
 * cached, else minted (one request). `fresh` skips the cache, for a cached token the other side refused.
 */
export async function locationToken(z: ZObject, bundle: Bundle, locationId: string, fresh = false): Promise<string> {
  if (fresh)
    return mintLocationToken(
      z,
      new LocationTokenNeeded(String(bundle.authData?.companyId ?? ''), locationId, cacheKeyOf(bundle, locationId)),
    );
  try {
    return await cachedLocationToken(z, bundle, locationId);
  } catch (error) {
    if (!(error instanceof LocationTokenNeeded)) throw error;
    return mintLocationToken(z, error);
  }
}

/** POST /oauth/locationToken (Company token, form body) for the sub-account; cached for the next steps. One request. */
export async function mintLocationToken(z: ZObject, need: LocationTokenNeeded): Promise<string> {
  const { companyId, locationId, key } = need;
  const response = await z.request({
    url: `${apiBaseUrl()}/oauth/locationToken`,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', Version: '2021-07-28' },
    body: stringify({ companyId, locationId }) as any,
    skipThrowForStatus: true,
    timeout: requestTimeoutMs(),
  });
  const data = response.data as Record<string, any> | undefined;
  if (response.status >= 400 || !data?.access_token) {
    const said = messagesOf(response).join('; ') || `status ${response.status}`;
    throw new errors.Error(
      `HighLevel would not open the sub-account "${locationId}" for this agency connection (HighLevel said: "${said}"). ` +
        'The app may not be installed in that sub-account, or the sub-account is inactive: install the app there ' +
        '(or ask the agency to reactivate the sub-account), or pick another one in the Sub-Account field.',
      'sub_account_unavailable',
      response.status >= 400 ? response.status : 502,
    );
  }
  const token = String(data.access_token);
  const seconds = keepSeconds(Number(data.expires_in) || 0);
  const replaced = memory.get(key)?.token;
  if (replaced && replaced !== token) forget(replaced); // the sub-account's earlier token is not used any more
  remember(token, key);
  if (seconds > 0) {
    const entry: Minted = { token, until: Date.now() + seconds * 1000 };
    memory.set(key, entry);
    try {
      await connectionCache(z).set(key, entry, seconds, ['auth']);
    } catch {
      // no cache available: the in-process copy still saves the next step a request
    }
  }
  return token;
}
