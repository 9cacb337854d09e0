// New Contact, Updated Contact, Tag Added to Contact: one POST /contacts/search per poll, newest first, Zapier's
// dedupe (on the trigger's primary keys) decides what fires. A fake search index below answers like HighLevel
// (filter on tags, sort, pageLimit), so the burst and lag cases exercise the real request body.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { App, LOCATION_ID, appTester, bundle, failure, ghlApi, ghlError, run } from './helpers.js';
import { POLL_PAGE, comparableValue, pollSearch } from '../lib/contacts/index.js';

type Raw = Record<string, any>;

const BASE = Date.parse('2026-11-20T15:00:00.000Z');
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();
/** A HighLevel-looking 20-character contact id. */
const cid = (n: number) => `Ct${String(n).padStart(6, '0')}hW3kQp9LmZ2x`;

/** A contact as the search endpoint returns it (`address`, not `address1`; `customFields: [{ id, value }]`). */
function contact(n: number, o: Raw = {}): Raw {
  return {
    id: cid(n),
    locationId: LOCATION_ID,
    contactName: `contact ${n}`,
    firstName: 'Maria',
    lastName: `Lopez ${n}`,
    email: `maria.${n}@example.com`,
    phone: `+1555010${String(n).padStart(4, '0')}`,
    tags: [],
    type: 'lead',
    source: 'public api',
    address: '3535 1st St N',
    customFields: [],
    dateAdded: at(n),
    dateUpdated: at(n),
    ...o,
  };
}

/** The location's contacts as the search index sees them; the nock reply filters, sorts and pages like HighLevel. */
class FakeIndex {
  contacts = new Map<string, Raw>();
  bodies: any[] = [];
  put(...cs: Raw[]) {
    for (const c of cs) this.contacts.set(c.id, c);
  }
  answer(raw: unknown) {
    const body = typeof raw === 'string' ? JSON.parse(raw) : (raw as any);
    this.bodies.push(body);
    const matches = (c: Raw, f: any): boolean =>
      f.group
        ? f.group === 'OR'
          ? f.filters.some((g: any) => matches(c, g))
          : f.filters.every((g: any) => matches(c, g))
        : f.field === 'tags' && f.operator === 'eq'
          ? (c.tags ?? []).includes(f.value)
          : true;
    const { field, direction } = body.sort[0];
    const list = [...this.contacts.values()]
      .filter((c) => (body.filters ?? []).every((f: any) => matches(c, f)))
      .sort((a, b) => (direction === 'desc' ? -1 : 1) * (Date.parse(a[field]) - Date.parse(b[field])));
    return { contacts: list.slice(0, body.pageLimit), total: list.length, traceId: '5b8e6f1c-1d2a-4c3b-9e8f-7a6b5c4d3e2f' };
  }
  /** Intercepts the next `times` searches. */
  serve(times = 1) {
    ghlApi()
      .post('/contacts/search')
      .times(times)
      // nock 15 hands a reply function the Fetch API Request
      .reply(200, async (request: Request) => this.answer(await request.json()));
  }
}

/** The trigger's dedupe key as Zapier computes it: its `primary` output fields, else `id`. */
function dedupeKey(key: string): (item: Raw) => string {
  const fields = ((App as any).triggers[key].operation.outputFields as any[])
    .filter((f) => typeof f !== 'function' && f.primary)
    .map((f) => f.key);
  const keys = fields.length ? fields : ['id'];
  return (item) => JSON.stringify(keys.map((k: string) => item[k]));
}

/** Zapier's dedupe across polls: the first poll seeds it (isPopulatingDedupe), later polls fire only unseen keys. */
class Zap {
  seen = new Set<string>();
  private readonly key: string;
  private readonly input: Raw;
  private readonly keyOf: (item: Raw) => string;
  constructor(key: string, input: Raw = {}) {
    this.key = key;
    this.input = input;
    this.keyOf = dedupeKey(key);
  }
  async poll(meta: Raw = {}): Promise<Raw[]> {
    const items: Raw[] = await run('triggers', this.key, bundle(this.input, meta));
    const fresh = items.filter((i) => !this.seen.has(this.keyOf(i)));
    for (const i of items) this.seen.add(this.keyOf(i));
    return fresh;
  }
  async turnOn() {
    await this.poll({ isPopulatingDedupe: true });
  }
}

const ids = (items: Raw[]) => items.map((i) => i.id);
const PINCODE = {
  id: 'Rk0VXa9Wb8TcZ3mN1pQ4',
  name: 'Pincode',
  fieldKey: 'contact.pincode',
  dataType: 'TEXT',
  model: 'contact',
  locationId: LOCATION_ID,
};

let index: FakeIndex;
beforeEach(() => {
  index = new FakeIndex();
  (appTester as any).zcacheTestObj = {}; // custom field definitions are cached per test file: each test starts cold
});

describe('contact search body (lib/contacts/polling.ts)', () => {
  it('asks for the newest page of 500 by the watched date; 3 for a sample; filters only when given', () => {
    expect(pollSearch(bundle(), { sort: 'dateAdded' })).toEqual({ pageLimit: 500, sort: [{ field: 'dateAdded', direction: 'desc' }] });
    expect(pollSearch(bundle({}, { isLoadingSample: true }), { sort: 'dateUpdated' })).toEqual({
      pageLimit: 3,
      sort: [{ field: 'dateUpdated', direction: 'desc' }],
    });
    // filtered after the search: a sample needs the full page to find 3 that qualify
    expect(pollSearch(bundle({}, { isLoadingSample: true }), { sort: 'dateUpdated', filteredAfterSearch: true }).pageLimit).toBe(500);
  });

  it('compares watched values by content: trimmed, list order ignored, empty = no value', () => {
    expect(comparableValue(' a@b.co ')).toBe(comparableValue('a@b.co'));
    expect(comparableValue(['vip', 'lead'])).toBe(comparableValue(['lead', 'vip']));
    expect(comparableValue(['vip'])).not.toBe(comparableValue(['vip', 'lead']));
    expect(comparableValue({ b: 1, a: 2 })).toBe(comparableValue({ a: 2, b: 1 }));
    expect([comparableValue(''), comparableValue([]), comparableValue(null), comparableValue({})]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(comparableValue(false)).toBe('false');
    expect(comparableValue(0)).toBe('0');
  });
});

describe('new_contact', () => {
  it('sends one search sorted by dateAdded desc with pageLimit 500 and returns contacts newest first', async () => {
    ghlApi()
      .post('/contacts/search', (body) => {
        expect(body).toEqual({ locationId: LOCATION_ID, pageLimit: 500, sort: [{ field: 'dateAdded', direction: 'desc' }] });
        return true;
      })
      // a straggler out of order (index ties/lag): the trigger still answers newest first
      .reply(200, { contacts: [contact(3), contact(1), contact(5), contact(2)], total: 4, traceId: 't' });
    const items = await run('triggers', 'new_contact', bundle());
    expect(ids(items)).toEqual([cid(5), cid(3), cid(2), cid(1)]);
    expect(items[0]).toMatchObject({ id: cid(5), email: 'maria.5@example.com' });
  });

  it('returns at most 3 contacts for the editor sample, asking HighLevel for only 3', async () => {
    ghlApi()
      .post('/contacts/search', (body) => body.pageLimit === 3)
      .reply(200, { contacts: [contact(9), contact(8), contact(7)], total: 120 });
    const items = await run('triggers', 'new_contact', bundle({}, { isLoadingSample: true }));
    expect(ids(items)).toEqual([cid(9), cid(8), cid(7)]);
  });

  it('returns an empty list for a sub-account without contacts', async () => {
    ghlApi().post('/contacts/search').reply(200, { contacts: [], total: 0 });
    expect(await run('triggers', 'new_contact', bundle())).toEqual([]);
  });

  it('burst: 500 contacts added between two polls all fire, with one request per poll', async () => {
    const zap = new Zap('new_contact');
    index.put(...Array.from({ length: 700 }, (_, i) => contact(i)));
    index.serve();
    await zap.turnOn();
    index.put(...Array.from({ length: 500 }, (_, i) => contact(1000 + i)));
    index.serve();
    const fired = await zap.poll();
    expect(fired).toHaveLength(500);
    expect(new Set(ids(fired))).toEqual(new Set(Array.from({ length: 500 }, (_, i) => cid(1000 + i))));
    expect(index.bodies).toHaveLength(2);
    expect(index.bodies.every((b) => b.pageLimit === POLL_PAGE)).toBe(true);
  });

  it('index lag: a contact the search showed late still fires on the next poll', async () => {
    const zap = new Zap('new_contact');
    index.put(contact(1), contact(2), contact(4));
    index.serve();
    await zap.turnOn();
    // contact 3 was added before contact 4 but reached the search index only after the first poll
    index.put(contact(3), contact(5));
    index.serve();
    expect(ids(await zap.poll())).toEqual([cid(5), cid(3)]);
  });

  it('states its limit: more than 500 additions between two polls lose the oldest', async () => {
    const zap = new Zap('new_contact');
    index.put(contact(0));
    index.serve();
    await zap.turnOn();
    index.put(...Array.from({ length: 501 }, (_, i) => contact(1000 + i)));
    index.serve();
    const fired = await zap.poll();
    expect(fired).toHaveLength(500);
    expect(ids(fired)).not.toContain(cid(1000)); // the oldest of the 501
  });
});

describe('updated_contact', () => {
  it('sends one search sorted by dateUpdated desc, keeps id = contact id, keys each change on dateUpdated', async () => {
    ghlApi()
      .post('/contacts/search', (body) => {
        expect(body).toEqual({ locationId: LOCATION_ID, pageLimit: 500, sort: [{ field: 'dateUpdated', direction: 'desc' }] });
        return true;
      })
      .reply(200, { contacts: [contact(1, { dateUpdated: at(50) }), contact(2, { dateUpdated: at(60) })], total: 2 });
    const items = await run('triggers', 'updated_contact', bundle());
    expect(items.map((i: Raw) => [i.id, i.changeKey])).toEqual([
      [cid(2), at(60)],
      [cid(1), at(50)],
    ]);
    expect(items[0].watchedField).toBeUndefined();
  });

  it('each change fires once: a contact changed again fires again, an unchanged one does not', async () => {
    const zap = new Zap('updated_contact');
    index.put(contact(1), contact(2), contact(3));
    index.serve(3);
    await zap.turnOn();
    index.put(contact(2, { dateUpdated: at(100), phone: '+15550109999' }));
    expect(ids(await zap.poll())).toEqual([cid(2)]);
    index.put(contact(2, { dateUpdated: at(200), firstName: 'Mara' }));
    expect(ids(await zap.poll())).toEqual([cid(2)]);
  });

  it('burst: 500 contacts changed between two polls all fire (also ones seen before)', async () => {
    const zap = new Zap('updated_contact');
    index.put(...Array.from({ length: 600 }, (_, i) => contact(i)));
    index.serve(2);
    await zap.turnOn();
    // 500 of the 600 change (incl. all 500 the first poll saw), in one burst
    for (let i = 100; i < 600; i++) index.put(contact(i, { dateUpdated: at(10_000 + i), city: 'Austin' }));
    const fired = await zap.poll();
    expect(fired).toHaveLength(500);
    expect(new Set(ids(fired))).toEqual(new Set(Array.from({ length: 500 }, (_, i) => cid(100 + i))));
  });

  it('sample: at most 3', async () => {
    index.put(...Array.from({ length: 8 }, (_, i) => contact(i)));
    index.serve();
    const items = await run('triggers', 'updated_contact', bundle({}, { isLoadingSample: true }));
    expect(ids(items)).toEqual([cid(7), cid(6), cid(5)]);
    expect(index.bodies[0].pageLimit).toBe(3);
  });

  describe('with a watched standard field', () => {
    it('fires when the field gets a new value, not for a change to another field or an empty value', async () => {
      const zap = new Zap('updated_contact', { watchField: 'email' });
      index.put(contact(1), contact(2), contact(3, { email: undefined }));
      index.serve(4);
      await zap.turnOn();
      expect(index.bodies[0]).toEqual({ locationId: LOCATION_ID, pageLimit: 500, sort: [{ field: 'dateUpdated', direction: 'desc' }] });

      index.put(contact(1, { dateUpdated: at(100), email: 'maria.new@example.com' })); // watched field changed
      index.put(contact(2, { dateUpdated: at(101), phone: '+15550100000' })); // another field changed
      index.put(contact(3, { dateUpdated: at(102), city: 'Austin', email: undefined })); // still no email
      const fired = await zap.poll();
      expect(ids(fired)).toEqual([cid(1)]);
      expect(fired[0]).toMatchObject({ watchedField: 'email', watchedFieldLabel: 'Email', watchedValue: 'maria.new@example.com' });

      index.put(contact(3, { dateUpdated: at(103), email: 'first@example.com' })); // set for the first time
      expect(ids(await zap.poll())).toEqual([cid(3)]);
      index.put(contact(1, { dateUpdated: at(104), email: '' })); // cleared: not a new value
      expect(await zap.poll()).toEqual([]);
    });

    it('watches tags as a set: reordering does not fire, a new tag does', async () => {
      const zap = new Zap('updated_contact', { watchField: 'tags' });
      index.put(contact(1, { tags: ['lead', 'vip'] }));
      index.serve(3);
      await zap.turnOn();
      index.put(contact(1, { tags: ['vip', 'lead'], dateUpdated: at(100) }));
      expect(await zap.poll()).toEqual([]);
      index.put(contact(1, { tags: ['vip', 'lead', 'customer'], dateUpdated: at(101) }));
      const fired = await zap.poll();
      expect(fired).toHaveLength(1);
      expect(fired[0]!.watchedValue).toBe('vip, lead, customer');
    });

    it("reads Street Address from the search result's `address`", async () => {
      const zap = new Zap('updated_contact', { watchField: 'address1' });
      index.put(contact(1));
      index.serve(2);
      await zap.turnOn();
      index.put(contact(1, { address: '12 Main St', dateUpdated: at(100) }));
      expect((await zap.poll()).map((i) => i.watchedValue)).toEqual(['12 Main St']);
    });

    it('a sample still finds up to 3 contacts that have a value (asks for the full page)', async () => {
      index.put(...Array.from({ length: 6 }, (_, i) => contact(i, { email: i % 2 ? `m${i}@example.com` : undefined })));
      index.serve();
      const items = await run('triggers', 'updated_contact', bundle({ watchField: 'email' }, { isLoadingSample: true }));
      expect(ids(items)).toEqual([cid(5), cid(3), cid(1)]);
      expect(index.bodies[0].pageLimit).toBe(500);
    });
  });

  describe('with a watched custom field', () => {
    it('finds the field by key in the definitions and fires only when its value changes', async () => {
      ghlApi()
        .get(`/locations/${LOCATION_ID}/customFields`)
        .query({ model: 'contact' })
        .reply(200, { customFields: [PINCODE] });
      const pin = (v: string) => [{ id: PINCODE.id, value: v }];
      const zap = new Zap('updated_contact', { watchField: 'pincode' });
      index.put(contact(1, { customFields: pin('560001') }), contact(2, { customFields: pin('560002') }));
      index.serve(2);
      await zap.turnOn();
      index.put(contact(1, { customFields: pin('560099'), dateUpdated: at(100) }));
      index.put(contact(2, { customFields: pin('560002'), email: 'x@example.com', dateUpdated: at(101) }));
      const fired = await zap.poll();
      expect(ids(fired)).toEqual([cid(1)]);
      expect(fired[0]).toMatchObject({ watchedField: 'pincode', watchedFieldLabel: 'Pincode', watchedValue: '560099' });
    });

    it('an unknown field is an input error naming the field; no search is sent', async () => {
      ghlApi()
        .get(`/locations/${LOCATION_ID}/customFields`)
        .query({ model: 'contact' })
        .times(2) // cached copy, then once fresh in case the field was just created
        .reply(200, { customFields: [PINCODE] });
      const error = await failure(run('triggers', 'updated_contact', bundle({ watchField: 'favourite_color' })));
      expect(JSON.parse(error.message)).toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(/^The "Watch Field" field.*"favourite_color"/),
      });
      expect(index.bodies).toEqual([]);
    });
  });
});

describe('tag_added', () => {
  it('filters the search on the tag, sorted by dateUpdated desc, and fires once per contact', async () => {
    const zap = new Zap('tag_added', { tag: 'vip' });
    index.put(contact(1, { tags: ['vip'] }), contact(2, { tags: ['lead'] }));
    index.serve(3);
    await zap.turnOn();
    expect(index.bodies[0]).toEqual({
      locationId: LOCATION_ID,
      pageLimit: 500,
      filters: [{ field: 'tags', operator: 'eq', value: 'vip' }],
      sort: [{ field: 'dateUpdated', direction: 'desc' }],
    });
    index.put(contact(2, { tags: ['lead', 'vip'], dateUpdated: at(100) }));
    const fired = await zap.poll();
    expect(ids(fired)).toEqual([cid(2)]);
    expect(fired[0]!.tag).toBe('vip');
    // the same contact updated again (it keeps the tag): no second run
    index.put(contact(2, { tags: ['lead', 'vip'], firstName: 'Mara', dateUpdated: at(200) }));
    expect(await zap.poll()).toEqual([]);
  });

  it('checks the tag on each result too (case-insensitive), and asks for both spellings of a typed tag', async () => {
    ghlApi()
      .post('/contacts/search', (body) => {
        expect(body.filters).toEqual([
          {
            group: 'OR',
            filters: [
              { field: 'tags', operator: 'eq', value: 'vip' },
              { field: 'tags', operator: 'eq', value: 'VIP' },
            ],
          },
        ]);
        return true;
      })
      .reply(200, {
        contacts: [contact(3, { tags: ['vip-gold'] }), contact(2, { tags: ['VIP'] }), contact(1, { tags: ['vip', 'lead'] })],
        total: 3,
      });
    const items = await run('triggers', 'tag_added', bundle({ tag: ' VIP ' }));
    expect(ids(items)).toEqual([cid(2), cid(1)]);
    expect(items.every((i: Raw) => i.tag === 'vip')).toBe(true);
  });

  it('burst: 500 contacts tagged between two polls all fire', async () => {
    const zap = new Zap('tag_added', { tag: 'vip' });
    index.put(...Array.from({ length: 800 }, (_, i) => contact(i)));
    index.serve(2);
    await zap.turnOn();
    for (let i = 0; i < 500; i++) index.put(contact(i, { tags: ['vip'], dateUpdated: at(10_000 + i) }));
    expect(await zap.poll()).toHaveLength(500);
  });

  it('sample: at most 3', async () => {
    index.put(...Array.from({ length: 5 }, (_, i) => contact(i, { tags: ['vip'] })));
    index.serve();
    expect(await run('triggers', 'tag_added', bundle({ tag: 'vip' }, { isLoadingSample: true }))).toHaveLength(3);
    expect(index.bodies[0].pageLimit).toBe(3);
  });

  it('an empty tag is an input error before any request', async () => {
    const error = await failure(run('triggers', 'tag_added', bundle({ tag: '   ' })));
    expect(JSON.parse(error.message)).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^The "Tag" field must be/) });
    expect(index.bodies).toEqual([]);
  });
});

describe('errors from the search', () => {
  it.each(['new_contact', 'updated_contact', 'tag_added'])('%s: 401 invalid token → RefreshAuthError', async (key) => {
    ghlApi()
      .post('/contacts/search')
      .reply(401, ghlError(401, 'Invalid token: access token is invalid', { error: 'Unauthorized' }));
    expect((await failure(run('triggers', key, bundle({ tag: 'vip' })))).name).toBe('RefreshAuthError');
  });

  it("422 → an error listing HighLevel's messages", async () => {
    ghlApi()
      .post('/contacts/search')
      .reply(422, ghlError(422, ['pageLimit must not be greater than 500'], { error: 'Unprocessable Entity' }));
    const error = await failure(run('triggers', 'new_contact', bundle()));
    expect(error.message).toMatch(/rejected the request \(422\)[\s\S]*pageLimit must not be greater than 500/);
  });

  it("429 → ThrottledError with HighLevel's burst window as the delay", async () => {
    ghlApi()
      .post('/contacts/search')
      .reply(
        429,
        { statusCode: 429, message: 'Too Many Requests' },
        { 'X-RateLimit-Interval-Milliseconds': '10000', 'X-RateLimit-Remaining': '0' },
      );
    const error = await failure(run('triggers', 'updated_contact', bundle()));
    expect(error.name).toBe('ThrottledError');
    expect(JSON.parse(error.message)).toMatchObject({ delay: 10 });
  });
});
