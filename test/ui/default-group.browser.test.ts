/**
 * The default group is created once per profile, even when two tabs open together on a
 * fresh profile (both used to find an empty store and each create one). Real Chromium:
 * two engines over two connections to one IndexedDB database (as two tabs have), the real
 * Web Locks API, and a spec source that answers after a task, as a fetch does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, type TrialRunner } from '../../src/engine/index.ts';
import { IdbStore } from '../../src/store/idb.ts';
import { DEFAULT_GROUP_MARK, browserLocks, ensureDefaultGroup } from '../../src/ui/app/default-group.ts';

const SOURCE = `version: 1
kind: group
hptuning:
  matrix: {x1: {values: [1, 2]}, x2: {values: [3]}}
run: {objective: branin}
`;
const idle: TrialRunner = { run: async () => ({ kind: 'failed', name: 'Unused', message: 'no trial runs in this test' }) };
/** Resolves after a macrotask, so both tabs have read the empty store before either creates. */
const fetched = () => new Promise<string>((resolve) => setTimeout(() => resolve(SOURCE), 20));

let dbName = '';
const opened: IdbStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) s.close();
  await new Promise((resolve) => {
    const r = indexedDB.deleteDatabase(dbName);
    r.onsuccess = r.onerror = r.onblocked = resolve;
  });
});

/** A fresh profile: an empty database and no mark, shared by the tabs. */
async function freshProfile(tabs: number) {
  dbName = `default-group-${crypto.randomUUID()}`;
  const marks = new Map<string, string>();
  const storage = { getItem: (k: string) => marks.get(k) ?? null, setItem: (k: string, v: string) => void marks.set(k, v) };
  const engines: Engine[] = [];
  for (let i = 0; i < tabs; i++) {
    const store = await IdbStore.open(dbName);
    opened.push(store);
    engines.push(new Engine({ store, runner: idle }));
  }
  return { engines, storage, marks };
}

describe('the default group on a fresh profile', () => {
  it('two tabs opened together create it once: the second finds it inside the lock', async () => {
    const { engines, storage, marks } = await freshProfile(2);
    const locks = browserLocks();
    expect(locks, 'Chromium has the Web Locks API').toBeDefined();
    const results = await Promise.all(engines.map((engine) => ensureDefaultGroup({ engine, source: fetched, marks: storage, locks })));
    const groups = await engines[0]!.groups();
    expect(groups).toHaveLength(1);
    expect(results.filter((g) => g !== undefined).map((g) => g!.id)).toEqual([groups[0]!.id]);
    expect(marks.get(DEFAULT_GROUP_MARK)).toBe(groups[0]!.id);
  });

  it('is not created again once offered, even after it was deleted', async () => {
    const { engines, storage } = await freshProfile(1);
    const engine = engines[0]!;
    const first = await ensureDefaultGroup({ engine, source: fetched, marks: storage, locks: browserLocks() });
    expect(first).toBeDefined();
    await opened[0]!.deleteGroup(first!.id); // the user deleted it
    expect(await ensureDefaultGroup({ engine, source: fetched, marks: storage, locks: browserLocks() })).toBeUndefined();
    expect(await engine.groups()).toHaveLength(0);
  });

  it('is not created when the profile already holds a group', async () => {
    const { engines, storage } = await freshProfile(1);
    const engine = engines[0]!;
    const mine = await engine.create(SOURCE, { name: 'mine' });
    expect(mine.ok).toBe(true);
    let asked = false;
    const source = () => ((asked = true), fetched());
    expect(await ensureDefaultGroup({ engine, source, marks: storage, locks: browserLocks() })).toBeUndefined();
    expect(asked).toBe(false); // the example is not even fetched
    expect((await engine.groups()).map((g) => g.name)).toEqual(['mine']);
  });
});
