// The webhook and delivery rules (webhooks.suite.ts) on the embedded store (no DATABASE_URL).
import { webhooksSuite } from './webhooks.suite.ts';

webhooksSuite('embedded');
