/**
 * From polyaxonfile text (YAML 1.2; JSON is YAML) to a plain value plus what the later
 * passes need from the source: the line and column of every node, and which numbers
 * were written as floats (docs/hptuning.md, "pvalues": a `pvalues` probability must be a float, so
 * YAML `0` is rejected while `0.0` is accepted).
 *
 * The text is refused before parsing when it is too large, binary or empty, and the
 * document is walked here rather than with `doc.toJS()` so that depth, alias expansion
 * (alias bombs) and node counts are bounded while positions are recorded
 *.
 */
import { LineCounter, parseDocument, isAlias, isMap, isScalar, isSeq, isPair } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { Path, PathKey } from './issues.ts';
import { show } from './issues.ts';

export const MAX_BYTES = 1_048_576;
export const MAX_DEPTH = 64;
/** Aliases resolved while walking; a real polyaxonfile needs a handful. */
export const MAX_ALIASES = 100;
/** Nodes produced in all, counting every alias expansion again. */
export const MAX_NODES = 200_000;

export interface Position {
  readonly line: number;
  readonly col: number;
}

/** What the validation passes may ask about the source of a value. */
export interface SourceInfo {
  /** Position of the value at `path`, or of its key with `key: true`; undefined when unknown. */
  position(path: Path, key?: boolean): Position | undefined;
  /** True when `container[key]` is an integral number written as a float (`0.0`, `1e0`). */
  isFloatLiteral(container: object, key: PathKey): boolean;
  /**
   * The keys of a mapping in the order written. A JS object lists integer-like keys
   * (`"10"`) first whatever the source says; docs/differences.md, "Matrix keys keep their declared order" needs the written order.
   */
  keyOrder(mapping: object): readonly string[] | undefined;
}

export type LoadResult =
  | { readonly ok: true; readonly value: unknown; readonly source: SourceInfo; readonly warnings: readonly LocatedIssue[] }
  | { readonly ok: false; readonly issues: readonly LocatedIssue[] };

export interface LocatedIssue {
  readonly path: Path;
  readonly message: string;
  readonly line?: number;
  readonly col?: number;
}

/** Size of `text` in UTF-8 bytes, counting only as far as needed to compare with `limit`. */
function utf8Exceeds(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) return undefined;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes > limit ? bytes : undefined;
}

/** Refusals that need no parsing: too large, binary, empty. */
function checkText(text: string): LocatedIssue | undefined {
  const bytes = utf8Exceeds(text, MAX_BYTES);
  if (bytes !== undefined) {
    return { path: [], message: `the file is too large: ${bytes} bytes, the limit is ${MAX_BYTES} bytes (1 MB)` };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { path: [], message: `the file is binary, not YAML or JSON text: it holds a NUL byte at offset ${nul}` };
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    return { path: [], message: `the file is not valid UTF-8 text: it holds an undecodable byte (U+FFFD) at offset ${bad}` };
  }
  if (text.trim() === '') return { path: [], message: 'the file is empty: a polyaxonfile needs at least version, kind and hptuning' };
  if (flowDepthExceeds(text, MAX_SCAN_DEPTH)) {
    return { path: [], message: `the document nests deeper than ${MAX_DEPTH} levels (more than ${MAX_SCAN_DEPTH} open brackets)` };
  }
  return undefined;
}

/**
 * Bracket depth above which the text is refused before the YAML parser sees it: the
 * parser recurses per level and takes seconds on 10^5 nested brackets. Brackets inside
 * quotes or comments are skipped; the exact limit (MAX_DEPTH) is enforced on the parsed
 * tree, so this crude scan only has to be far above it.
 */
const MAX_SCAN_DEPTH = 200;

function flowDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== '') {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '[' || c === '{') {
      if (++depth > limit) return true;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    }
  }
  return false;
}

class Walker {
  /** Source offsets of each path's value and key; turned into line/col only when asked. */
  readonly offsets = new Map<string, [value: number, key: number]>();
  readonly floats = new WeakMap<object, Set<PathKey>>();
  readonly keyOrders = new WeakMap<object, string[]>();
  aliases = 0;
  nodes = 0;
  failure: LocatedIssue | undefined;

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  pos(offset: number | undefined): Position | undefined {
    if (offset === undefined || offset < 0) return undefined;
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }

  record(path: Path, which: 0 | 1, offset: number | undefined): void {
    if (offset === undefined) return;
    const id = pathId(path);
    const entry = this.offsets.get(id);
    if (!entry) this.offsets.set(id, which === 0 ? [offset, -1] : [-1, offset]);
    // The first sighting wins: an alias expansion must not move an anchored node.
    else if (entry[which] < 0) entry[which] = offset;
  }

  fail(path: Path, offset: number | undefined, message: string): undefined {
    if (!this.failure) this.failure = { path, message, ...this.pos(offset) };
    return undefined;
  }

  /** The plain value of `node`, or undefined after recording a failure. */
  walk(node: YamlNode | null, path: Path, depth: number): unknown {
    if (this.failure) return undefined;
    if (node === null) return null;
    if (++this.nodes > MAX_NODES) {
      return this.fail(path, node.range?.[0], `the document expands to more than ${MAX_NODES} values (aliases included)`);
    }
    if (depth > MAX_DEPTH) return this.fail(path, node.range?.[0], `the document nests deeper than ${MAX_DEPTH} levels`);
    if (isAlias(node)) {
      if (++this.aliases > MAX_ALIASES) {
        return this.fail(path, node.range?.[0], `the document uses more than ${MAX_ALIASES} aliases (*${node.source}); a polyaxonfile needs far fewer`);
      }
      const target = node.resolve(this.doc);
      if (!target) return this.fail(path, node.range?.[0], `the alias *${node.source} refers to no anchor`);
      return this.walk(target, path, depth + 1);
    }
    this.record(path, 0, node.range?.[0]);
    if (isScalar(node)) return node.value;
    if (isSeq(node)) {
      const out: unknown[] = [];
      node.items.forEach((item, i) => {
        const child = item as YamlNode | null;
        out.push(this.walk(child, [...path, i], depth + 1));
        this.noteFloat(out, i, child);
      });
      return out;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const keys: string[] = [];
      this.keyOrders.set(out, keys);
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        if (!isScalar(keyNode) || (keyNode.value !== null && typeof keyNode.value === 'object')) {
          return this.fail(path, keyNode?.range?.[0], 'mapping keys must be plain scalars (a name), received a list or a mapping as a key');
        }
        const key = keyNode.value === null ? '' : String(keyNode.value);
        keys.push(key);
        const childPath = [...path, key];
        this.record(childPath, 1, keyNode.range?.[0]);
        const valueNode = pair.value as YamlNode | null;
        // defineProperty: a key named __proto__ is data here, never the prototype.
        Object.defineProperty(out, key, {
          value: this.walk(valueNode, childPath, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        if (valueNode === null) this.record(childPath, 0, keyNode.range?.[0]);
        this.noteFloat(out, key, valueNode);
      }
      return out;
    }
    return this.fail(path, undefined, `unsupported YAML node, received ${show(String(node))}`);
  }

  noteFloat(container: object, key: PathKey, node: YamlNode | null): void {
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) return;
    if (!/[.eE]/.test(node.source ?? '') || /^0x/i.test(node.source ?? '')) return;
    let set = this.floats.get(container);
    if (!set) this.floats.set(container, (set = new Set()));
    set.add(key);
  }
}

function pathId(path: Path): string {
  return path.map(String).join('\u0000');
}

/** Parse polyaxonfile text into a plain value and its source positions; never throws. */
export function loadText(text: string): LoadResult {
  const refused = checkText(text);
  if (refused) return { ok: false, issues: [refused] };
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (error) {
    // The YAML composer recurses; pathological nesting overflows the stack before our walk.
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ path: [], message: `the document could not be parsed (nesting deeper than ${MAX_DEPTH} levels?): ${why}` }] };
  }
  const at = (offset: number | undefined): Partial<Position> => {
    if (offset === undefined) return {};
    const { line, col } = lines.linePos(offset);
    return { line, col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        path: [],
        // yaml reports its own stack overflow (deep block nesting) as a parse error.
        message: /call stack/i.test(e.message) ? `the document nests deeper than ${MAX_DEPTH} levels (the YAML parser ran out of stack)` : `YAML syntax: ${e.message}`,
        ...at(e.pos[0]),
      })),
    };
  }
  const warnings = doc.warnings.map((w) => ({ path: [] as Path, message: `YAML: ${w.message}`, ...at(w.pos[0]) }));
  if (doc.contents === null) {
    return { ok: false, issues: [{ path: [], message: 'the file is empty (only comments): a polyaxonfile needs at least version, kind and hptuning' }] };
  }
  const walker = new Walker(doc, lines);
  const value = walker.walk(doc.contents as YamlNode, [], 0);
  if (walker.failure) return { ok: false, issues: [walker.failure] };
  const source: SourceInfo = {
    position(path, key = false) {
      const entry = walker.offsets.get(pathId(path));
      if (!entry) return undefined;
      const [value, keyOffset] = entry;
      return walker.pos(key ? (keyOffset >= 0 ? keyOffset : value) : value >= 0 ? value : keyOffset);
    },
    isFloatLiteral(container, key) {
      return walker.floats.get(container)?.has(key) ?? false;
    },
    keyOrder(mapping) {
      return walker.keyOrders.get(mapping);
    },
  };
  return { ok: true, value, source, warnings };
}
