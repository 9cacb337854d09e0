/**
 * `npm run relay`: the webhook relay as a service (docs/relay.md). Configuration from the environment; with no
 * DATABASE_URL it starts its own Postgres under RELAY_DATA_DIR. SIGTERM/SIGINT stop it gracefully; a SIGKILL loses
 * nothing that was answered 200 (the next start resumes the queue).
 */
import { loadConfig } from './config.ts';
import { startRelay } from './server.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`relay: ${(error as Error).message}`);
  process.exit(2);
}
const relay = await startRelay(config);
relay.app.log.info({ port: relay.port, store: config.databaseUrl ? 'postgres' : 'embedded' }, 'relay ready');

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
