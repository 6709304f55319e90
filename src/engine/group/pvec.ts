/**
 * A persistent vector: an immutable list whose `set` and `push` return a new list sharing
 * all but one path with the old one (a 32-way radix trie, as in Clojure's vectors and
 * Bagwell's "Ideal Hash Trees"). One update copies at most 32 slots per level, and there
 * are log32(n) levels (4 at a million), so the group reducer's cost per event stays the
 * same at 100,000 trials as at 1,000 (docs/architecture.md, "Group state and snapshots").
 */

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

type Node = readonly unknown[];

export class PVec<T> {
  private static readonly EMPTY = new PVec<never>([], 0, BITS);

  static empty<T>(): PVec<T> {
    return PVec.EMPTY;
  }

  static from<T>(items: Iterable<T>): PVec<T> {
    let v = PVec.empty<T>();
    for (const x of items) v = v.push(x);
    return v;
  }

  private constructor(
    private readonly root: Node,
    readonly size: number,
    /** Bits to shift at the root: BITS for one level of leaves under the root, 2·BITS for two, ... */
    private readonly shift: number,
  ) {}

  get(i: number): T | undefined {
    if (!(i >= 0 && i < this.size)) return undefined;
    let node = this.root;
    for (let s = this.shift; s > 0; s -= BITS) node = node[(i >>> s) & MASK] as Node;
    return node[i & MASK] as T;
  }

  set(i: number, value: T): PVec<T> {
    if (!(Number.isInteger(i) && i >= 0 && i < this.size)) throw new RangeError(`index ${i} outside 0..${this.size - 1}`);
    return new PVec(assoc(this.root, this.shift, i, value), this.size, this.shift);
  }

  push(value: T): PVec<T> {
    const i = this.size;
    // Full trie: a new root with the old one as its first child.
    if (i === WIDTH ** (this.shift / BITS + 1)) {
      return new PVec(assoc([this.root], this.shift + BITS, i, value), i + 1, this.shift + BITS);
    }
    return new PVec(assoc(this.root, this.shift, i, value), i + 1, this.shift);
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.size; i++) yield this.get(i)!;
  }

  /** A plain array of the items (O(n): for snapshot readers, not for the reducer). */
  toArray(): T[] {
    const out: T[] = new Array(this.size);
    collect(this.root, this.shift, out, 0);
    return out;
  }
}

/** The node with slot i (below `shift`) set to value; missing inner nodes are created. */
function assoc(node: Node, shift: number, i: number, value: unknown): Node {
  const copy = node.slice();
  if (shift === 0) {
    copy[i & MASK] = value;
    return copy;
  }
  const slot = (i >>> shift) & MASK;
  copy[slot] = assoc((node[slot] as Node | undefined) ?? [], shift - BITS, i, value);
  return copy;
}

function collect(node: Node, shift: number, out: unknown[], at: number): number {
  if (shift === 0) {
    for (const x of node) out[at++] = x;
    return at;
  }
  for (const child of node) at = collect(child as Node, shift - BITS, out, at);
  return at;
}
