/**
 * `npm run sandbox` (node sandbox/main.ts): the HighLevel sandbox as a standalone server.
 *
 * Environment: SANDBOX_PORT (default: a free port), SANDBOX_CONTACTS (extra generated contacts, e.g. 100000),
 * SANDBOX_TOKEN_TTL (access token seconds, default 86399), SANDBOX_RATE_LIMIT=off, SANDBOX_QUIET=1,
 * SANDBOX_TASK_PAGE_CAP (most rows a task search page returns, whatever `limit` asks; default no cap),
 * CLIENT_ID / CLIENT_SECRET (the OAuth client it accepts; default sandbox-client-id / sandbox-client-secret).
 * It prints the URL, the env lines to point the app at it, and a ready-to-use access token.
 */
import { SEED, startSandbox } from './server.ts';

const quiet = process.env.SANDBOX_QUIET === '1';
const sandbox = await startSandbox({
  seed: { contacts: Number(process.env.SANDBOX_CONTACTS ?? 0) || 0 },
  accessTokenTtlSeconds: process.env.SANDBOX_TOKEN_TTL ? Number(process.env.SANDBOX_TOKEN_TTL) : undefined,
  rateLimit: process.env.SANDBOX_RATE_LIMIT === 'off' ? false : undefined,
  taskPageCap: process.env.SANDBOX_TASK_PAGE_CAP ? Number(process.env.SANDBOX_TASK_PAGE_CAP) : undefined,
  log: quiet ? undefined : (line) => console.log(line),
});
const token = sandbox.issueToken();

console.log(`HighLevel sandbox ready at ${sandbox.url} in ${sandbox.readyMs.toFixed(0)} ms
  location ${SEED.locationId} (${sandbox.store.primary.location.name}), ${sandbox.store.primary.contacts.size} contacts
  point the app at it:
    export GHL_API_BASE_URL=${sandbox.url}
    export GHL_MARKETPLACE_URL=${sandbox.url}
    export CLIENT_ID=${sandbox.oauth.config.clientId} CLIENT_SECRET=${sandbox.oauth.config.clientSecret}
  consent page: ${sandbox.url}/v2/oauth/chooselocation?response_type=code&client_id=${sandbox.oauth.config.clientId}&redirect_uri=http://127.0.0.1/callback&state=xyz
  access token (all scopes, ${token.expires_in} s):
    ${token.access_token}
  try: curl -s -H "Authorization: Bearer $TOKEN" -H "Version: 2021-07-28" ${sandbox.url}/locations/${SEED.locationId}
  admin: GET ${sandbox.url}/_sandbox, POST /_sandbox/reset | /_sandbox/clock {"advanceMs"} | /_sandbox/contacts {"count"} | /_sandbox/token`);

const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
