/**
 * Changes the benchmarks make to the sandbox's store between polls, by name (they run inside the sandbox's own
 * process, see server-child.ts): contacts added, updated or tagged; contacts touched within the last hour; open
 * tasks. Each advances the sandbox clock a little per change so every change has its own time.
 */
import type { Store } from '../store.ts';

export const SCENARIOS = {
  /** `n` contacts added now, 1 s apart (newer than every seeded contact). */
  addContacts(store: Store, n: number): number {
    store.addContacts(n, { endMs: store.now(), stepMs: 1000 });
    return n;
  },
  /** The `n` least recently updated contacts updated now, 10 ms apart. */
  touchOldest(store: Store, n: number): number {
    const oldest = [...store.primary.contacts.values()].sort((a, b) => a.dateUpdated - b.dateUpdated).slice(0, n);
    for (const c of oldest) {
      store.advanceClock(10);
      store.touch(c);
    }
    return oldest.length;
  },
  /** `n` contacts updated within the last hour (what New Note scans when no contact is chosen). */
  touchRecent(store: Store, n: number): number {
    const have = store.primary.contacts.size;
    if (have < n) store.addContacts(n - have);
    const some = [...store.primary.contacts.values()].slice(0, n);
    for (const c of some) {
      store.advanceClock(10);
      store.touch(c);
    }
    return some.length;
  },
  /** `n` contacts that lacked the tag get it now. */
  tagContacts(store: Store, n: number, tag: string): number {
    const untagged = [...store.primary.contacts.values()].filter((c) => !c.tags.includes(tag)).slice(0, n);
    for (const c of untagged) {
      c.tags = [...c.tags, tag];
      store.advanceClock(10);
      store.touch(c);
    }
    return untagged.length;
  },
  /** Open tasks added (spread over the seed contacts) until the sub-account has `total` open tasks. */
  openTasks(store: Store, total: number): number {
    const loc = store.primary;
    const contacts = [...loc.contacts.keys()].slice(0, 3);
    const now = store.now();
    let open = [...loc.tasks.values()].filter((t) => !t.completed).length;
    for (let i = 0; open < total; i++, open++) {
      const id = store.newId();
      loc.tasks.set(id, {
        id,
        locationId: loc.location.id,
        contactId: contacts[i % contacts.length]!,
        title: `Follow up #${i + 1}`,
        completed: false,
        dueDate: new Date(now + 86_400_000).toISOString(),
        dateAdded: now - (i + 1) * 1000,
        dateUpdated: now - (i + 1) * 1000,
      });
    }
    return open;
  },
};

export type ScenarioName = keyof typeof SCENARIOS;
