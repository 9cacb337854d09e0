// The sandbox pushes HighLevel's webhooks (sandbox/webhooks.ts): one event per change, HighLevel's payload shapes,
// both signatures over the exact bytes, retries on 429 only, INSTALL on consent and UNINSTALL on request.
import { createPublicKey, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SEED, startSandbox } from '../sandbox/server.js';
import type { Sandbox, TokenResponse } from '../sandbox/server.js';
import { webhookTestKeys } from '../sandbox/webhooks.js';
import { sandboxApi } from '../sandbox/zapier.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  body: any;
}

let sandbox: Sandbox;
let token: TokenResponse;
let hook: http.Server;
let hookUrl = '';
let received: Received[] = [];
/** statuses the hook answers with, in order; then 200 */
let answers: number[] = [];

beforeAll(async () => {
  hook = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      received.push({ headers: req.headers, raw, body: JSON.parse(raw.toString('utf8')) });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/webhooks/highlevel`;
  sandbox = await startSandbox({ rateLimit: false, webhooks: { url: hookUrl, appId: 'app-under-test', retryDelayMs: 5 } });
});
afterAll(async () => {
  await sandbox.close();
  await new Promise<void>((r) => hook.close(() => r()));
});
beforeEach(async () => {
  await sandbox.webhooks.idle();
  sandbox.store.reset();
  token = sandbox.issueToken();
  received = [];
  answers = [];
});

const api = (method: string, path: string, body?: unknown) => sandboxApi(sandbox.url, () => token.access_token)(method, path, body);

const types = async () => {
  await sandbox.webhooks.idle();
  return received.map((r) => r.body.type);
};

describe('sandbox webhooks', () => {
  it('each change pushes its event, in order, and nothing else', async () => {
    const { contact } = await api('POST', '/contacts/', { locationId: SEED.locationId, firstName: 'Hedy', email: 'hedy@example.com' });
    await api('PUT', `/contacts/${contact.id}`, { phone: '+15125550199' });
    await api('POST', `/contacts/${contact.id}/tags`, { tags: ['vip'] });
    await api('POST', `/contacts/${contact.id}/tags`, { tags: ['vip'] }); // no change: no event
    const { task } = await api('POST', `/contacts/${contact.id}/tasks`, {
      title: 'Call Hedy',
      dueDate: '2026-12-10T15:00:00Z',
      completed: false,
      assignedTo: SEED.users.maya,
    });
    await api('PUT', `/contacts/${contact.id}/tasks/${task.id}/completed`, { completed: true });
    await api('PUT', `/contacts/${contact.id}/tasks/${task.id}/completed`, { completed: false }); // reopening: no event
    await api('POST', `/contacts/${contact.id}/notes`, { body: 'Met Hedy', userId: SEED.userId });
    const appt = await api('POST', '/calendars/events/appointments', {
      calendarId: SEED.calendars.cleaning,
      locationId: SEED.locationId,
      contactId: contact.id,
      startTime: '2026-12-14T10:00:00-06:00',
      assignedUserId: SEED.users.maya,
    });
    await api('PUT', `/calendars/events/appointments/${appt.id}`, { appointmentStatus: 'showed', assignedUserId: SEED.users.maya });
    expect(await types()).toEqual([
      'ContactCreate',
      'ContactUpdate',
      'ContactTagUpdate',
      'TaskCreate',
      'TaskComplete',
      'NoteCreate',
      'AppointmentCreate',
      'AppointmentUpdate',
    ]);
    const byType = Object.fromEntries(received.map((r) => [r.body.type, r.body]));
    for (const body of received.map((r) => r.body)) {
      expect(body).toMatchObject({ locationId: SEED.locationId, appId: 'app-under-test', webhookId: expect.any(String) });
      expect(Date.parse(body.timestamp)).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(new Set(received.map((r) => r.body.webhookId)).size).toBe(received.length);
    // HighLevel's shapes: contact events flat without dateUpdated, the whole tag list; TaskCreate without contactId/body (#332).
    expect(byType.ContactCreate).toMatchObject({ id: contact.id, firstName: 'Hedy', email: 'hedy@example.com', tags: [] });
    expect(byType.ContactCreate.dateUpdated).toBeUndefined();
    expect(byType.ContactTagUpdate.tags).toEqual(['vip']);
    expect(byType.TaskCreate).toMatchObject({ id: task.id, title: 'Call Hedy', assignedTo: SEED.users.maya });
    expect(byType.TaskCreate.contactId).toBeUndefined();
    expect(byType.TaskComplete).toMatchObject({ id: task.id, contactId: contact.id });
    expect(byType.NoteCreate).toMatchObject({ body: 'Met Hedy', contactId: contact.id });
    expect(byType.AppointmentUpdate.appointment).toMatchObject({
      id: appt.id,
      appointmentStatus: 'showed',
      calendarId: SEED.calendars.cleaning,
    });
  });

  it('signs the exact bytes with Ed25519 (x-ghl-signature) and RSA-SHA256 (x-wh-signature)', async () => {
    await api('POST', '/contacts/', { locationId: SEED.locationId, firstName: 'Sig', email: 'sig@example.com' });
    await sandbox.webhooks.idle();
    const [{ headers, raw }] = received as [Received];
    const keys = webhookTestKeys();
    const ed = Buffer.from(String(headers['x-ghl-signature']), 'base64');
    const rsa = Buffer.from(String(headers['x-wh-signature']), 'base64');
    expect(verify(null, raw, createPublicKey(keys.ed25519PublicKeyPem), ed)).toBe(true);
    expect(verify('sha256', raw, createPublicKey(keys.rsaPublicKeyPem), rsa)).toBe(true);
    const tampered = Buffer.from(raw.toString('utf8').replace('Sig', 'Gis'));
    expect(verify(null, tampered, createPublicKey(keys.ed25519PublicKeyPem), ed)).toBe(false);
    expect(verify('sha256', tampered, createPublicKey(keys.rsaPublicKeyPem), rsa)).toBe(false);
  });

  it('retries a 429 with the same body, webhookId and signatures; a 500 is final', async () => {
    answers = [429, 429];
    await api('POST', '/contacts/', { locationId: SEED.locationId, firstName: 'Busy', email: 'busy@example.com' });
    await sandbox.webhooks.idle();
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.raw.toString('utf8'))).size).toBe(1);
    expect(new Set(received.map((r) => r.headers['x-ghl-signature'])).size).toBe(1);
    expect(sandbox.webhooks.deliveries.at(-1)).toMatchObject({ status: 200, attempts: 3 });

    received = [];
    answers = [500];
    await api('POST', '/contacts/', { locationId: SEED.locationId, firstName: 'Down', email: 'down@example.com' });
    await sandbox.webhooks.idle();
    expect(received).toHaveLength(1);
    expect(sandbox.webhooks.deliveries.at(-1)).toMatchObject({ status: 500, attempts: 1 });
  });

  it('INSTALL on consent, UNINSTALL on request; reset and seeding push nothing', async () => {
    const consent = new URL('/oauth/chooselocation', sandbox.url);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: process.env.CLIENT_ID ?? 'sandbox-client-id',
      redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/',
      auto: '1',
    }))
      consent.searchParams.set(k, v);
    expect((await fetch(consent, { redirect: 'manual' })).status).toBe(302);
    const res = await fetch(`${sandbox.url}/_sandbox/uninstall`, { method: 'POST', body: JSON.stringify({ locationId: SEED.locationId }) });
    expect(res.status).toBe(200);
    sandbox.store.reset();
    expect(await types()).toEqual(['INSTALL', 'UNINSTALL']);
    expect(received[0]!.body).toMatchObject({
      type: 'INSTALL',
      locationId: SEED.locationId,
      companyId: SEED.companyId,
      userId: SEED.userId,
    });
    expect(received[1]!.body).toMatchObject({ type: 'UNINSTALL', locationId: SEED.locationId });
  });

  it('without a URL the events are recorded, not sent; POST /_sandbox/webhooks sets it', async () => {
    sandbox.webhooks.url = undefined;
    try {
      await api('POST', '/contacts/', { locationId: SEED.locationId, firstName: 'Quiet', email: 'quiet@example.com' });
      expect(await types()).toEqual([]);
      expect(sandbox.webhooks.deliveries.at(-1)).toMatchObject({ type: 'ContactCreate', attempts: 0 });
    } finally {
      const res = await fetch(`${sandbox.url}/_sandbox/webhooks`, { method: 'POST', body: JSON.stringify({ url: hookUrl }) });
      expect((await res.json()).url).toBe(hookUrl);
    }
    await api('POST', '/contacts/', { locationId: SEED.locationId, firstName: 'Loud', email: 'loud@example.com' });
    expect(await types()).toEqual(['ContactCreate']);
  });
});
