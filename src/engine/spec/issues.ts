/**
 * Issues as the parser's passes produce them, before they are placed in the source,
 * plus the helpers every pass uses to word a message: the rule, then the value received
 * ("`low <= high` must hold, but got (low=…, high=…)").
 */
import type { SpecIssue } from './types.ts';

export type PathKey = string | number;
export type Path = readonly PathKey[];

/** An issue whose place in the YAML text is not resolved yet (parse.ts does that). */
export interface RawIssue {
  readonly path: Path;
  readonly message: string;
  /** Where to point when that differs from `path` (e.g. the list element that is wrong). */
  readonly at?: Path;
  /** Point at the key of `at ?? path` rather than its value (unknown keys, duplicates). */
  readonly atKey?: boolean;
  /** Text inside the value to point at (e.g. `{{ lr2 }}` in a command), found in the source after the value's start. */
  readonly find?: string;
}

export function dotted(path: Path): string {
  return path.map(String).join('.');
}

const MAX_SHOWN = 60;

/** A received value as the user would recognize it, short enough for one line. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return clip(`'${value}'`);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'bigint') return `${value}`;
  if (value === null || typeof value === 'boolean') return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? typeof value;
  } catch {
    text = typeof value;
  }
  return clip(text);
}

function clip(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** `a, b and c` */
export function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The CLI's one-line form: `FILE:LINE:COL path: message` (`:LINE:COL` only when known). */
export function formatIssue(file: string, issue: SpecIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.col ?? 1}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where} ${issue.path}: ${issue.message}`;
}
