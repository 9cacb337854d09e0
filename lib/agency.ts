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
import { apiBaseUrl, appId, requestTimeoutMs } from './config.js';
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

/** Is this a location token this process minted? (client.ts re-mints once on a 401.) */
export const isMinted = (token: string): boolean => minted.has(token);

/** Forgets a minted token everywhere (after HighLevel refused it). */
export async function dropMinted(z: ZObject, token: string): Promise<void> {
  const key = minted.get(token);
  minted.delete(token);
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
  minted.clear();
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
      minted.set(cached.token, key);
      return cached.token;
    }
  } catch {
    // no cache available (a local run): mint
  }
  throw new LocationTokenNeeded(String(bundle.authData?.companyId ?? ''), locationId, key);
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
  minted.set(token, key);
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

export interface InstalledLocation {
  _id: string;
  name?: string;
  address?: string;
}

/** One page of the sub-accounts the app is installed in (GET /oauth/installedLocations, Company token). */
export async function installedLocations(
  z: ZObject,
  bundle: Bundle,
  page: { skip?: number; limit?: number; query?: string } = {},
): Promise<{ locations: InstalledLocation[]; count: number }> {
  const params: Record<string, string> = {
    companyId: String(bundle.authData?.companyId ?? ''),
    appId: appId(),
    isInstalled: 'true',
    skip: String(page.skip ?? 0),
    limit: String(page.limit ?? 100),
  };
  if (page.query) params.query = page.query;
  const response = await z.request({
    url: `${apiBaseUrl()}/oauth/installedLocations?${stringify(params)}`,
    method: 'GET',
    timeout: requestTimeoutMs(),
  });
  const data = (response.data ?? {}) as { locations?: InstalledLocation[]; count?: number };
  const locations = Array.isArray(data.locations) ? data.locations : [];
  return { locations, count: Number(data.count ?? locations.length) };
}

type Field = Record<string, unknown> | ((z: ZObject, bundle: Bundle) => unknown);

/** The Sub-Account field, first on every operation of an agency connection; absent on a sub-account connection. */
export const subAccountField = (_z: ZObject, bundle: Bundle) =>
  isAgency(bundle)
    ? [
        {
          key: 'locationId',
          label: SUB_ACCOUNT_LABEL,
          required: true,
          altersDynamicFields: true,
          dynamic: 'sub_account_list.id.name',
          helpText:
            'The sub-account (location) of your agency this step works in. Pick one, or map a sub-account ID from an ' +
            'earlier step to route each run to its own sub-account. Only sub-accounts where the app is installed are listed.',
        },
      ]
    : [];

interface WithOperations {
  triggers?: Record<string, any>;
  searches?: Record<string, any>;
  creates?: Record<string, any>;
}

/** Puts the Sub-Account field first in every operation's inputFields (except the sub-account dropdown itself). */
export function withSubAccountField<App extends WithOperations>(app: App): App {
  for (const group of ['triggers', 'searches', 'creates'] as const) {
    const ops = app[group];
    if (!ops) continue;
    for (const [key, op] of Object.entries(ops)) {
      if (key === 'sub_account_list') continue;
      const fields: Field[] = op.operation.inputFields ?? [];
      ops[key] = { ...op, operation: { ...op.operation, inputFields: [subAccountField, ...fields] } };
    }
  }
  return app;
}
