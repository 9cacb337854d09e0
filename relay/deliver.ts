/**
 * Delivering stored events to Zapier hook URLs, as a pg-boss worker. Each job is one (event, subscription) pair.
 *
 * The event JSON is POSTed exactly as HighLevel sent it. 2xx = done; 410 = the Zap is gone, so the subscription is
 * deleted; 429, 5xx, timeouts and connection errors = retried by pg-boss with backoff (about two hours by default),
 * then moved to the dead-letter queue; any other status (3xx included: redirects are not followed) = dead-letter
 * at once. Logs name the subscription id and the hook's host only: a hook URL is a capability.
 */
import type pg from 'pg';
import type { Job, JobResult, PgBoss } from 'pg-boss';
import { DELIVERY_QUEUE, type DeliveryJob } from './events.ts';
import type { Metrics } from './metrics.ts';

export type Outcome = 'delivered' | 'gone' | 'retry' | 'dead' | 'skipped';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export function classify(status: number): Outcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  if (status === 429 || status >= 500) return 'retry';
  return 'dead';
}

export async function deliverOne(
  pool: pg.Pool,
  job: DeliveryJob,
  timeoutMs: number,
): Promise<{ outcome: Outcome; status?: number; host?: string; error?: string }> {
  const found = await pool.query(
    `SELECT s.target_url, e.body FROM relay_subscriptions s, relay_events e WHERE s.id = $1 AND e.webhook_id = $2`,
    [job.subscriptionId, job.webhookId],
  );
  const row = found.rows[0] as { target_url: string; body: string } | undefined;
  if (!row) return { outcome: 'skipped' }; // unsubscribed (or uninstalled) since the event arrived
  const host = new URL(row.target_url).host;
  let status: number;
  try {
    const response = await fetch(row.target_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'highlevel-zapier-relay' },
      body: row.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    await response.body?.cancel().catch(() => {});
  } catch (error) {
    const name =
      (error as Error).name === 'TimeoutError' ? 'timeout' : ((error as { cause?: { code?: string } }).cause?.code ?? 'network error');
    return { outcome: 'retry', host, error: name };
  }
  const outcome = classify(status);
  if (outcome === 'gone') await pool.query('DELETE FROM relay_subscriptions WHERE id = $1', [job.subscriptionId]);
  return { outcome, status, host };
}

export async function startWorkers(
  boss: PgBoss,
  pool: pg.Pool,
  options: { concurrency: number; pollingIntervalSeconds: number; timeoutMs: number; log: Logger; metrics: Metrics },
): Promise<void> {
  // Two workers per process, each fetching up to half the concurrency and delivering its batch at once; while batches
  // come back full they fetch again without waiting for the poll (a backlog drains at full speed).
  const batchSize = Math.max(1, Math.ceil(options.concurrency / 2));
  await boss.work<DeliveryJob>(
    DELIVERY_QUEUE,
    {
      batchSize,
      localConcurrency: 2,
      pollingIntervalSeconds: options.pollingIntervalSeconds,
      notifyPollingIntervalSeconds: options.pollingIntervalSeconds, // retries wake no one: keep polling for them
      burstWhenBatchFull: batchSize > 1,
      perJobResults: true,
    },
    async (jobs: Job<DeliveryJob>[]): Promise<JobResult[]> =>
      Promise.all(
        jobs.map(async (job): Promise<JobResult> => {
          const result = await deliverOne(pool, job.data, options.timeoutMs);
          options.metrics.count('relay_deliveries_total', { outcome: result.outcome });
          const fields = {
            subscriptionId: job.data.subscriptionId,
            webhookId: job.data.webhookId,
            host: result.host,
            status: result.status,
            error: result.error,
            attempt: job.retryCount + 1,
          };
          if (result.outcome === 'delivered' || result.outcome === 'skipped') options.log.info(fields, `delivery ${result.outcome}`);
          else options.log.warn(fields, `delivery ${result.outcome}`);
          const output = { outcome: result.outcome, status: result.status, error: result.error };
          const status = result.outcome === 'retry' ? 'failed' : result.outcome === 'dead' ? 'deadletter' : 'completed';
          return { id: job.id, status, output };
        }),
      ),
  );
}
