/**
 * What the sandbox itself costs at benchmark size (the former `node sandbox/bench.ts [contacts]`): seeding N
 * contacts, then POST /contacts/search over real HTTP for the searches the integration's pollers and finders make.
 * So the polling numbers above can be read knowing how much of them is the sandbox.
 */
import { int, median, ms, quantile, remoteSandbox, table } from './util.ts';

export async function measureSandboxSearch(contacts: number): Promise<string> {
  const cs = await remoteSandbox({ contacts: Math.max(0, contacts - 3) });
  const locationId = cs.token.locationId;
  const headers = { Authorization: `Bearer ${cs.token.access_token}`, Version: '2021-07-28', 'Content-Type': 'application/json' };
  const search = async (body: Record<string, unknown>) => {
    const t = performance.now();
    const res = await fetch(`${cs.url}/contacts/search`, { method: 'POST', headers, body: JSON.stringify({ locationId, ...body }) });
    const data = (await res.json()) as { contacts: { email?: string; searchAfter: unknown[] }[]; total: number };
    if (res.status !== 200) throw new Error(`sandbox search: ${res.status} ${JSON.stringify(data)}`);
    return { ms: performance.now() - t, data };
  };

  const oldest = await search({ pageLimit: 1, sort: [{ field: 'dateAdded', direction: 'asc' }] }); // also compiles the request schema
  const email = oldest.data.contacts[0]?.email ?? 'ada@analytical.example';
  const cases: [string, Record<string, unknown>][] = [
    ['newest first, 100 (contact dropdown)', { pageLimit: 100, sort: [{ field: 'dateAdded', direction: 'desc' }] }],
    ['newest first, 500 (New Contact poll)', { pageLimit: 500, sort: [{ field: 'dateAdded', direction: 'desc' }] }],
    ['updated newest first, 500 (Updated Contact poll)', { pageLimit: 500, sort: [{ field: 'dateUpdated', direction: 'desc' }] }],
    [
      'email eq (Find Contact)',
      { pageLimit: 20, filters: [{ field: 'email', operator: 'eq', value: email }], sort: [{ field: 'dateAdded', direction: 'desc' }] },
    ],
    [
      'tag eq, updated newest first, 500 (Tag Added poll)',
      { pageLimit: 500, filters: [{ field: 'tags', operator: 'eq', value: 'vip' }], sort: [{ field: 'dateUpdated', direction: 'desc' }] },
    ],
    [
      'free text query, 100 (Find Contact by name)',
      { pageLimit: 100, query: 'emma garcia', sort: [{ field: 'dateAdded', direction: 'desc' }] },
    ],
    ['page 20 of 500 (last page-based page)', { pageLimit: 500, page: 20 }],
  ];
  const rows: unknown[][] = [];
  for (const [name, body] of cases) {
    const runs: number[] = [];
    let last = oldest.data;
    for (let i = 0; i < 7; i++) {
      const r = await search(body);
      runs.push(r.ms);
      last = r.data;
    }
    rows.push([name, ms(median(runs), 1), ms(quantile(runs, 1), 1), `${int(last.contacts.length)} of ${int(last.total)}`]);
  }
  // searchAfter through 2,000 rows
  let cursor: unknown[] | undefined;
  const t = performance.now();
  for (let i = 0; i < 4; i++) {
    const r = await search({
      pageLimit: 500,
      sort: [{ field: 'dateAdded', direction: 'desc' }],
      ...(cursor ? { searchAfter: cursor } : {}),
    });
    cursor = r.data.contacts.at(-1)?.searchAfter;
  }
  rows.push(['searchAfter, 4 pages of 500 (total)', ms(performance.now() - t, 1), '', '2,000']);
  await cs.close();
  return [
    `Sandbox with ${int(contacts)} contacts: forked, seeded and listening in ${ms(cs.startMs, 0)}. POST /contacts/search over HTTP from another process, 7 runs each:`,
    '',
    table(['Search', 'Median', 'Max', 'Rows'], rows),
  ].join('\n');
}
