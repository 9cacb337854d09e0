/**
 * The Sub-Account field of agency connections and the list behind its dropdown. Location tokens for the picked
 * sub-account: agency.ts.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { ghl } from './client.js';
import { appId } from './config.js';
import { SUB_ACCOUNT_LABEL, isAgency } from './agency.js';

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
  const data = await ghl<{ locations?: InstalledLocation[]; count?: number }>(z, {
    path: '/oauth/installedLocations',
    params: {
      companyId: String(bundle.authData?.companyId ?? ''),
      appId: appId(),
      isInstalled: 'true',
      skip: page.skip ?? 0,
      limit: page.limit ?? 100,
      query: page.query,
    },
  });
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
