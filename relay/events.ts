/**
 * Storing one accepted HighLevel event: in ONE transaction, its row (the webhookId primary key is the dedupe),
 * INSTALL/UNINSTALL bookkeeping, the contact's remembered tags, and a pg-boss delivery job per matching
 * subscription. Only after COMMIT does the relay answer 200, so a crash after that loses nothing: the jobs are in
 * Postgres and any relay process picks them up.
 */
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import type { HighLevelEvent } from './verify.ts';

export const DELIVERY_QUEUE = 'relay-deliver';
export const DEAD_LETTER_QUEUE = 'relay-dead';

export interface DeliveryJob {
  webhookId: string;
  subscriptionId: string;
}

const CONTACT_EVENTS = new Set(['ContactCreate', 'ContactUpdate', 'ContactTagUpdate', 'ContactDndUpdate']);

/** The contact id and tags of a contact event, if it carries tags. */
function contactTags(event: HighLevelEvent): { contactId: string; tags: string[] } | undefined {
  if (!CONTACT_EVENTS.has(event.type) || typeof event.id !== 'string' || !Array.isArray(event.tags)) return undefined;
  return { contactId: event.id, tags: event.tags.filter((t): t is string => typeof t === 'string') };
}

/** Does a subscription's filter let this event through? `newTags`: tags the contact did not have before. */
export function matchesFilter(filter: Record<string, string> | null, event: HighLevelEvent, newTags: string[]): boolean {
  if (!filter) return true;
  for (const [key, wanted] of Object.entries(filter)) {
    if (key === 'tag') {
      if (!newTags.some((t) => t.toLowerCase() === wanted.toLowerCase())) return false;
      continue;
    }
    const nested = typeof event.appointment === 'object' && event.appointment ? (event.appointment as Record<string, unknown>) : {};
    const value = event[key] ?? nested[key];
    if (value !== wanted) return false;
  }
  return true;
}

export type StoreResult = { duplicate: true } | { duplicate: false; deliveries: number };

export async function storeEvent(
  pool: pg.Pool,
  boss: PgBoss,
  event: HighLevelEvent,
  raw: string,
  jobOptions: { retryLimit: number; retryDelay: number; retryDelayMax?: number; retryBackoff: boolean },
): Promise<StoreResult> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query(
      `INSERT INTO relay_events (webhook_id, type, location_id, company_id, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (webhook_id) DO NOTHING RETURNING webhook_id`,
      [event.webhookId, event.type, event.locationId ?? null, event.companyId ?? null, raw],
    );
    if (inserted.rowCount === 0) {
      await client.query('COMMIT');
      return { duplicate: true };
    }
    if (event.type === 'INSTALL' || event.type === 'UNINSTALL') await recordInstall(client, event);

    let newTags: string[] = [];
    const contact = event.locationId ? contactTags(event) : undefined;
    if (contact && event.locationId) {
      // One contact's events serialise on an advisory lock, also across relay processes.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${event.locationId}/${contact.contactId}`]);
      const before = await client.query('SELECT tags FROM relay_contact_tags WHERE location_id = $1 AND contact_id = $2', [
        event.locationId,
        contact.contactId,
      ]);
      const known = new Set<string>(((before.rows[0]?.tags as string[]) ?? []).map((t) => t.toLowerCase()));
      newTags = contact.tags.filter((t) => !known.has(t.toLowerCase()));
      await client.query(
        `INSERT INTO relay_contact_tags (location_id, contact_id, tags) VALUES ($1, $2, $3)
         ON CONFLICT (location_id, contact_id) DO UPDATE SET tags = EXCLUDED.tags`,
        [event.locationId, contact.contactId, contact.tags],
      );
    }

    let deliveries = 0;
    if (event.locationId) {
      // A contact created with a tag has that tag added: a tag-filtered ContactTagUpdate subscription gets the
      // ContactCreate too (HighLevel documents no ContactTagUpdate for it; one that came would find the tag known).
      const types = event.type === 'ContactCreate' ? ['ContactCreate', 'ContactTagUpdate'] : [event.type];
      const subscriptions = await client.query(
        'SELECT id, event, filter FROM relay_subscriptions WHERE location_id = $1 AND event = ANY($2::text[])',
        [event.locationId, types],
      );
      const jobs = subscriptions.rows
        .filter((s) => (s.event === event.type || s.filter?.tag !== undefined) && matchesFilter(s.filter, event, newTags))
        .map((s) => ({ data: { webhookId: event.webhookId, subscriptionId: s.id } satisfies DeliveryJob, ...jobOptions }));
      if (jobs.length > 0) {
        const db = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
        await boss.insert(DELIVERY_QUEUE, jobs, { db });
      }
      deliveries = jobs.length;
    }
    await client.query('COMMIT');
    return { duplicate: false, deliveries };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** INSTALL is recorded; UNINSTALL records it and ends the sub-account's (or the whole company's) subscriptions. */
async function recordInstall(client: pg.PoolClient, event: HighLevelEvent): Promise<void> {
  const installed = event.type === 'INSTALL';
  const key = event.locationId ? `location:${event.locationId}` : `company:${event.companyId ?? ''}`;
  await client.query(
    `INSERT INTO relay_installs (install_key, company_id, location_id, installed) VALUES ($1, $2, $3, $4)
     ON CONFLICT (install_key) DO UPDATE SET installed = EXCLUDED.installed, updated_at = now()`,
    [key, event.companyId ?? null, event.locationId ?? null, installed],
  );
  if (installed) return;
  // The sub-accounts' subscriptions end, and the contact tags remembered for them go (nothing of theirs is kept).
  if (event.locationId) {
    await client.query('DELETE FROM relay_subscriptions WHERE location_id = $1', [event.locationId]);
    await client.query('DELETE FROM relay_contact_tags WHERE location_id = $1', [event.locationId]);
  } else if (event.companyId) {
    await client.query(
      `DELETE FROM relay_contact_tags WHERE location_id IN (
         SELECT location_id FROM relay_subscriptions WHERE company_id = $1
         UNION SELECT location_id FROM relay_installs WHERE company_id = $1 AND location_id IS NOT NULL)`,
      [event.companyId],
    );
    await client.query('DELETE FROM relay_subscriptions WHERE company_id = $1', [event.companyId]);
  }
}

/**
 * Drops events older than `days` (the dedupe rows with them: far past the replay window, which refuses such old
 * timestamps anyway) and the delivery data they carry, kept that long so a dead-lettered delivery can still be replayed.
 */
export async function pruneEvents(pool: pg.Pool, days: number): Promise<number> {
  const pruned = await pool.query(`DELETE FROM relay_events WHERE received_at < now() - make_interval(days => $1)`, [days]);
  return pruned.rowCount ?? 0;
}
