/**
 * The agency (Company token) endpoints: GET /oauth/installedLocations (the sub-accounts the app is installed in,
 * paged with skip/limit, searchable by name) and POST /oauth/locationToken (a location token minted from the
 * Company token, form body). Both take Company tokens only (the router's Agency-Access-Only check).
 */
import { ApiError, ok } from './http.ts';
import type { Ctx, Handler } from './http.ts';
import type { LocationData } from './store.ts';

/** The agency's sub-accounts (the token's company) in seed order. */
const companyLocations = (ctx: Ctx): LocationData[] =>
  [...ctx.store.locations.values()].filter((l) => l.location.companyId === ctx.token.companyId);

const installed = (l: LocationData) => l.location.appInstalled !== false;

function sameCompany(ctx: Ctx, companyId: unknown): void {
  if (companyId !== ctx.token.companyId) throw new ApiError(403, 'The token does not have access to this company');
}

export function agencyHandlers(appId: string, mint: (ctx: Ctx, loc: LocationData) => Record<string, unknown>): Record<string, Handler> {
  return {
    'get-installed-location': (ctx) => {
      const q = ctx.query as Record<string, string>;
      sameCompany(ctx, q.companyId);
      if (q.appId !== appId) throw new ApiError(400, 'App not found', { error: 'Bad Request' });
      const skip = Math.max(0, Number(q.skip ?? 0) || 0);
      const limit = Math.max(1, Number(q.limit ?? 20) || 20);
      const name = (q.query ?? '').trim().toLowerCase();
      const matching = companyLocations(ctx).filter(
        (l) =>
          (q.isInstalled === undefined || String(installed(l)) === q.isInstalled) &&
          (!name || l.location.name.toLowerCase().includes(name)) &&
          (!q.locationId || l.location.id === q.locationId),
      );
      return ok({
        locations: matching.slice(skip, skip + limit).map((l) => ({
          _id: l.location.id,
          name: l.location.name,
          address: `${l.location.address}, ${l.location.city}, ${l.location.state}`,
          isInstalled: installed(l),
          ...(installed(l) ? { installedAt: l.location.installedAt ?? '2026-01-05T15:04:05.000Z', versionId: `${appId}-v1` } : {}),
        })),
        count: matching.length,
        installToFutureLocations: false,
      });
    },
    'get-location-access-token': (ctx) => {
      sameCompany(ctx, ctx.body.companyId);
      const loc = ctx.store.locations.get(String(ctx.body.locationId ?? ''));
      if (!loc || loc.location.companyId !== ctx.token.companyId) throw new ApiError(400, 'Location not found', { error: 'Bad Request' });
      if (!installed(loc)) throw new ApiError(400, 'This app is not installed in the location', { error: 'Bad Request' });
      if (!loc.location.active) throw new ApiError(400, 'Location is not active', { error: 'Bad Request' });
      return ok(mint(ctx, loc));
    },
  };
}
