// The webhook and delivery rules (webhooks.suite.ts) on a Postgres server given by DATABASE_URL.
import { webhooksSuite } from './webhooks.suite.ts';

webhooksSuite('postgres');
