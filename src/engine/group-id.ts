/**
 * Ids of new groups: the creation time and the seed in base 36, readable and sortable by
 * time. Two groups created in the same millisecond with the same seed (two tabs opening a
 * fresh profile, a script creating groups in a loop) must not share an id, or the second
 * would overwrite the first in the store: the id gets a suffix `-2`, `-3`, … until it is
 * one the store does not hold and this engine has not handed out.
 */
import type { Store } from './store/store.ts';

export async function freshGroupId(store: Store, createdAt: number, seed: number, handedOut: Set<string>): Promise<string> {
  const base = `${createdAt.toString(36)}-${seed.toString(36)}`;
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (handedOut.has(id)) continue;
    // Claimed before the await, so a create() running alongside in this engine skips it.
    handedOut.add(id);
    if (!(await store.getGroup(id))) return id;
  }
}
