/**
 * The default group: on a fresh profile the first open creates it, ready to run with one
 * click; once it has been offered it is not created again (deleting it does not bring it back).
 *
 * Two tabs opened together on a fresh profile both find an empty store, so each used to
 * create its own default group. The check and the creation now run under one Web Lock, and
 * the store and the "offered once" mark are read inside it: the second tab waits for the
 * first to finish, then finds the group and creates nothing (docs/architecture.md, "Two tabs").
 */
import type { CreateResult, GroupRecord } from '../../engine/index.ts';

export const DEFAULT_GROUP_LOCK = 'hptune-default-group';
/** localStorage key marking that the default group was offered once (its id). */
export const DEFAULT_GROUP_MARK = 'hptune-default-group-created';
export const DEFAULT_GROUP_NAME = 'MNIST MLP, Hyperband (default)';

/** The part of `navigator.locks` used here (Web Locks API). */
export interface LockRequester {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface DefaultGroupDeps {
  readonly engine: {
    groups(): Promise<readonly GroupRecord[]>;
    create(source: string, opts: { name: string }): Promise<CreateResult>;
  };
  /** The default example's polyaxonfile (fetched only when the group is to be created). */
  readonly source: () => Promise<string>;
  /** Where the "offered once" mark lives: localStorage in the app (shared by every tab). */
  readonly marks: Pick<Storage, 'getItem' | 'setItem'>;
  /** navigator.locks; without it (no Web Locks) the check runs unguarded. */
  readonly locks?: LockRequester;
}

/** Creates the default group unless it was offered before or the store holds any group; returns it when created. */
export function ensureDefaultGroup(deps: DefaultGroupDeps): Promise<GroupRecord | undefined> {
  const attempt = async (): Promise<GroupRecord | undefined> => {
    if (deps.marks.getItem(DEFAULT_GROUP_MARK) !== null) return undefined;
    if ((await deps.engine.groups()).length > 0) return undefined;
    const created = await deps.engine.create(await deps.source(), { name: DEFAULT_GROUP_NAME });
    if (!created.ok) throw new Error(`the default example is not a valid spec: ${created.issues[0]?.message ?? 'no reason given'}`);
    deps.marks.setItem(DEFAULT_GROUP_MARK, created.group.id);
    return created.group;
  };
  return deps.locks ? deps.locks.request(DEFAULT_GROUP_LOCK, attempt) : attempt();
}

/** The browser's lock manager in the shape above, when it has one. */
export function browserLocks(): LockRequester | undefined {
  const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  return locks ? { request: (name, callback) => locks.request(name, callback) } : undefined;
}
