/**
 * `node sandbox/bench.ts [contacts=100000]`: what the sandbox costs at benchmark size — seeding N contacts, then
 * POST /contacts/search over real HTTP for the searches the integration's pollers and finders make.
 */
import { startSandbox } from './server.ts';

const n = Number(process.argv[2] ?? 100_000);
const t0 = performance.now();
const sandbox = await startSandbox({ seed: { contacts: n }, rateLimit: false });
const seeded = performance.now() - t0;
const { access_token, locationId } = sandbox.issueToken();
const headers = { Authorization: `Bearer ${access_token}`, Version: '2021-07-28', 'Content-Type': 'application/json' };

async function search(body: Record<string, unknown>): Promise<{ ms: number; total: number; count: number }> {
  const t = performance.now();
  const res = await fetch(`${sandbox.url}/contacts/search`, { method: 'POST', headers, body: JSON.stringify({ locationId, ...body }) });
  const data = (await res.json()) as { contacts: unknown[]; total: number };
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(data)}`);
  return { ms: performance.now() - t, total: data.total, count: data.contacts.length };
}

const cases: [string, Record<string, unknown>][] = [
  ['newest first, 100 (new-contact poll)', { pageLimit: 100, sort: [{ field: 'dateAdded', direction: 'desc' }] }],
  ['updated since, newest first, 100', { pageLimit: 100, sort: [{ field: 'dateUpdated', direction: 'desc' }], filters: [{ field: 'dateUpdated', operator: 'range', value: { gte: new Date(Date.now() - 30 * 86_400_000).toISOString() } }] }],
  ['email eq (find contact)', { pageLimit: 1, filters: [{ field: 'email', operator: 'eq', value: [...sandbox.store.primary.contacts.values()].at(-1)!.email }] }],
  ['tag eq + name sort, 500', { pageLimit: 500, filters: [{ field: 'tags', operator: 'eq', value: 'vip' }], sort: [{ field: 'lastNameLowerCase', direction: 'asc' }] }],
  ['free text query', { pageLimit: 20, query: 'emma garcia' }],
  ['page 20 of 500 (last page-based page)', { pageLimit: 500, page: 20 }],
];

console.log(`seed ${n} contacts + start: ${seeded.toFixed(0)} ms (ready ${sandbox.readyMs.toFixed(0)} ms)`);
await search({ pageLimit: 1 }); // compile the request schema once
for (const [name, body] of cases) {
  const runs: number[] = [];
  let last = { total: 0, count: 0 };
  for (let i = 0; i < 5; i++) {
    const r = await search(body);
    runs.push(r.ms);
    last = r;
  }
  runs.sort((a, b) => a - b);
  console.log(`${name.padEnd(40)} median ${runs[2]!.toFixed(1).padStart(6)} ms  max ${runs[4]!.toFixed(1).padStart(6)} ms  (${last.count} of ${last.total})`);
}
// searchAfter through 2,000 rows
let cursor: unknown[] | undefined;
const t = performance.now();
for (let i = 0; i < 4; i++) {
  const res = await fetch(`${sandbox.url}/contacts/search`, { method: 'POST', headers, body: JSON.stringify({ locationId, pageLimit: 500, sort: [{ field: 'dateAdded', direction: 'desc' }], ...(cursor ? { searchAfter: cursor } : {}) }) });
  const data = (await res.json()) as { contacts: { searchAfter: unknown[] }[] };
  cursor = data.contacts.at(-1)!.searchAfter;
}
console.log(`${'searchAfter, 4 pages of 500'.padEnd(40)} total  ${(performance.now() - t).toFixed(1).padStart(6)} ms`);
await sandbox.close();
