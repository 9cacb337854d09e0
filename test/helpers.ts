/** Shared test vocabulary: the app tester, bundles, and a nock scope whose every request is spec-checked. */
import nock from 'nock';
import zapier from 'zapier-platform-core';
import App from '../index.js';
import { apiBaseUrl } from '../lib/config.js';
import { highLevelSpec, type SpecRequest } from '../sandbox/openapi.js';

export const appTester = zapier.createAppTester(App);
export { App };

type Group = 'triggers' | 'creates' | 'searches';
/** An operation's perform, untyped for tests: perform('creates', 'create_contact'). */
export const perform = (group: Group, key: string): any => (App as any)[group][key].operation.perform;
/** Runs an operation's perform through the app tester (middleware included). */
export const run = (group: Group, key: string, b: any): Promise<any> => appTester(perform(group, key), b);

export const LOCATION_ID = 've9EPM428h8vShlRW1KT';
export const COMPANY_ID = 'Zfx6Gm8hVDtlY5pdPwzo';
export const USER_ID = 'hxHGVRb1YJUscrCB8eXK';
export const ACCESS_TOKEN = 'at-secret-0123456789';
export const REFRESH_TOKEN = 'rt-secret-0123456789';

export const authData = {
  access_token: ACCESS_TOKEN,
  refresh_token: REFRESH_TOKEN,
  locationId: LOCATION_ID,
  companyId: COMPANY_ID,
  userId: USER_ID,
};

/** A bundle as Zapier sends it (appTester leaves `meta` undefined unless given). */
export function bundle(inputData: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): any {
  return {
    authData: { ...authData },
    inputData,
    meta: { isLoadingSample: false, isFillingDynamicDropdown: false, isPopulatingDedupe: false, limit: -1, page: 0, ...meta },
  };
}

let violations: string[] = [];
/** What the spec check found since the last call (the setup file asserts it is empty after each test). */
export function takeSpecViolations(): string[] {
  const out = violations;
  violations = [];
  return out;
}

/** Checks one intercepted request against HighLevel's OpenAPI spec; returns the problems. */
export function specProblems(req: SpecRequest): string[] {
  const { errors, operationId } = highLevelSpec().check(req);
  return errors.map((e) => `${req.method.toUpperCase()} ${req.path}${operationId ? ` (${operationId})` : ''}: ${e}`);
}

function parseBody(body: unknown, contentType: string | undefined): unknown {
  if (body === undefined || body === '' || body === null) return undefined;
  if (typeof body !== 'string') return body;
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body));
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** Spec-checks what a nock scope intercepts (nock's `request` event gives the real outgoing request). */
export function specChecked(scope: nock.Scope): nock.Scope {
  scope.on('request', (req: any, _interceptor: unknown, body: string) => {
    const url = new URL(req.url ?? req.path, apiBaseUrl());
    const headers: Record<string, string> = {};
    // nock 15 emits a Fetch API Request (Headers instance); older versions a plain object.
    const raw = req.headers;
    const entries: [string, unknown][] = typeof raw?.entries === 'function' ? [...raw.entries()] : Object.entries(raw ?? {});
    for (const [k, v] of entries) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : String(v);
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const all = url.searchParams.getAll(key);
      query[key] = all.length > 1 ? all : all[0]!;
    }
    violations.push(
      ...specProblems({ method: req.method, path: url.pathname, query, headers, body: parseBody(body, headers['content-type']) }),
    );
  });
  return scope;
}

/** nock for the HighLevel API host, with every request checked against the vendor spec. */
export function ghlApi(): nock.Scope {
  return specChecked(nock(apiBaseUrl()));
}

/** A realistic HighLevel error body. */
export function ghlError(statusCode: number, message: string | string[], extra: Record<string, unknown> = {}) {
  return { statusCode, message, traceId: '3b0a4b8e-5c1e-4f6a-9d2b-7e8f9a0b1c2d', ...extra };
}

/** Runs a promise expected to fail and returns the error (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Error & { name: string; message: string }> {
  try {
    await promise;
  } catch (e) {
    return e as any;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** What a Zap run shows for an error: Zapier errors carry JSON `{ message, code, status, delay }` in `message`. */
export function explain(error: Error): { name: string; message: string; code?: string; status?: number; delay?: number } {
  try {
    return { name: error.name, ...JSON.parse(error.message) };
  } catch {
    return { name: error.name, message: error.message };
  }
}

/** Runs a call expected to fail and explains the error. */
export const reason = async (promise: Promise<unknown>) => explain(await failure(promise));

/** The user-facing message of a call expected to fail. */
export const said = async (promise: Promise<unknown>): Promise<string> => (await reason(promise)).message;
