/**
 * The metrics protocol of command trials (docs/commands.md, "The metrics protocol"):
 * one JSON object per line,
 *
 *   {"step": 3, "metrics": {"loss": 0.2, "val_loss": 0.25}}
 *
 * appended to the file named by HPTUNE_METRICS_FILE, or printed on stdout behind the
 * prefix `HPTUNE_METRICS ` (for programs that cannot open files). `step` is optional: an
 * omitted step is one more than the previous report's (1 for the first). `time` may be
 * present and is ignored (the engine stamps reports). Python's json module writes NaN and
 * Infinity for non-finite floats; they are read, and the engine fails the trial saying
 * which metric was not finite. Anything else is a malformed line: a warning in the
 * trial's log, never a crash.
 *
 * Usage (any runner): `const d = new MetricsDecoder(); for each line: d.decode(line)`.
 */

export const STDOUT_PREFIX = 'HPTUNE_METRICS ';

export interface DecodedReport {
  readonly step: number;
  readonly values: Readonly<Record<string, number>>;
}

export type Decoded = { readonly ok: true; readonly report: DecodedReport } | { readonly ok: false; readonly warning: string };

const KEYS = new Set(['step', 'metrics', 'time']);
const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/** Decodes metric lines in order, numbering the steps left out. */
export class MetricsDecoder {
  private last = 0;

  /** Starts numbering after `step` (a resumed trial continues its parent's steps). */
  constructor(startAfter = 0) {
    this.last = startAfter;
  }

  decode(line: string): Decoded {
    const text = line.trim();
    const parsed = parseJson(text);
    const bad = (why: string): Decoded => ({ ok: false, warning: `malformed metrics line ignored (${why}): ${clip(text)}` });
    if (parsed === undefined) return bad('not JSON');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return bad('expected an object {"step": n, "metrics": {...}}');
    const obj = parsed as Record<string, unknown>;
    const unknown = Object.keys(obj).filter((k) => !KEYS.has(k));
    if (unknown.length > 0) return bad(`unknown key ${unknown.map((k) => JSON.stringify(k)).join(', ')}; the keys are step, metrics, time`);
    const metrics = obj['metrics'];
    if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) return bad('"metrics" must be an object of names to numbers');
    const values: Record<string, number> = {};
    for (const [name, v] of Object.entries(metrics as Record<string, unknown>)) {
      const n = typeof v === 'string' && v in NON_FINITE ? NON_FINITE[v] : v;
      if (name === '' || typeof n !== 'number') return bad(`metric ${JSON.stringify(name)} must be a number, received ${JSON.stringify(v)}`);
      values[name] = n;
    }
    if (Object.keys(values).length === 0) return bad('"metrics" is empty');
    const step = obj['step'] ?? this.last + 1;
    if (typeof step !== 'number' || !Number.isFinite(step) || step < 0) return bad(`"step" must be a number ≥ 0, received ${JSON.stringify(obj['step'])}`);
    this.last = step;
    return { ok: true, report: { step, values } };
  }
}

/** JSON.parse, also reading the bare NaN / Infinity / -Infinity Python's json writes; undefined when not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (!/NaN|Infinity/.test(text)) return undefined;
    try {
      // Outside strings only: a string never contains an unescaped quote, so count quotes before each match.
      const quoted = text.replace(/-?Infinity|NaN/g, (m, at: number) => ((text.slice(0, at).match(/(?<!\\)"/g)?.length ?? 0) % 2 === 0 ? `"${m}"` : m));
      return JSON.parse(quoted);
    } catch {
      return undefined;
    }
  }
}

/** Splits a byte stream decoded as text into lines; the last, unterminated piece waits for more. */
export class LineSplitter {
  private rest = '';

  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop()!;
    return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  }

  /** The unterminated last line, if any (call when the stream has ended). */
  flush(): string[] {
    const rest = this.rest;
    this.rest = '';
    return rest.trim() === '' ? [] : [rest];
  }
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}
