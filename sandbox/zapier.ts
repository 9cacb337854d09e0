/** What Zapier hands an app on a step, built the same way for the demo, the end-to-end tests and the benchmark. */
import { startSandbox } from './server.ts';
import type { Sandbox, SandboxOptions, TokenResponse } from './server.ts';

/** `bundle.meta` of an ordinary step run (no sample, no dropdown, no dedupe), in the demo location's time zone. */
export function stepMeta(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    isLoadingSample: false,
    isFillingDynamicDropdown: false,
    isPopulatingDedupe: false,
    limit: -1,
    page: 0,
    timezone: 'America/Chicago',
    ...extra,
  };
}

/** `bundle.authData` as Zapier keeps it after the OAuth exchange, for a token the sandbox issued. */
export function authDataOf(t: TokenResponse): Record<string, any> {
  return {
    access_token: t.access_token,
    refresh_token: t.refresh_token,
    locationId: t.locationId ?? '',
    companyId: t.companyId,
    userId: t.userId,
    userType: t.userType,
  };
}

/**
 * A sandbox the app talks to: started, with GHL_API_BASE_URL and GHL_MARKETPLACE_URL pointing at it; its close()
 * puts both variables back as they were (the end-to-end test files use one each).
 */
export async function startSandboxForApp(options: SandboxOptions = {}): Promise<Sandbox> {
  const names = ['GHL_API_BASE_URL', 'GHL_MARKETPLACE_URL'] as const;
  const saved = names.map((name) => process.env[name]);
  const sandbox = await startSandbox(options);
  for (const name of names) process.env[name] = sandbox.url;
  return {
    ...sandbox,
    close: async () => {
      names.forEach((name, i) => (saved[i] === undefined ? delete process.env[name] : (process.env[name] = saved[i])));
      await sandbox.close();
    },
  };
}

/**
 * Changes made in the sandbox "by hand" (as a user in HighLevel would), outside the app: one request with the token,
 * the Version header the path wants, JSON in and out; a status of 300 or more throws with the answer.
 */
export function sandboxApi(url: string, token: () => string) {
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(url + path, {
      method,
      headers: {
        Authorization: `Bearer ${token()}`,
        Version: path.startsWith('/calendars') ? '2021-04-15' : '2021-07-28',
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(data)}`);
    return data;
  };
}
