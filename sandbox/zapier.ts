/** What Zapier hands an app on a step, built the same way for the demo, the end-to-end tests and the benchmark. */
import type { TokenResponse } from './server.ts';

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
