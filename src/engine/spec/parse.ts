/**
 * The polyaxonfile parser: text (YAML or JSON) or an already-parsed value → the internal
 * Spec, or every issue found, each with a dotted path, a message that states the rule
 * and the value received, and the line/column of the offending YAML node. Never throws
 * for bad input.
 *
 * Passes, in order: source.ts (text → value + positions), schema.ts (shapes, zod),
 * matrix.ts (matrix options, Polyaxon's parser), refine.ts (cross-field rules and warnings),
 * normalize.ts (defaults, internal form).
 */
import type { ParseResult, Spec, SpecIssue } from './types.ts';
import type { Path, RawIssue } from './issues.ts';
import { dotted } from './issues.ts';
import type { LocatedIssue, SourceInfo } from './source.ts';
import { loadText } from './source.ts';
import { SpecInput } from './schema.ts';
import { fromZod } from './zod-issues.ts';
import { parseMatrix } from './matrix.ts';
import { refine } from './refine.ts';
import { normalize } from './normalize.ts';

export { formatIssue } from './issues.ts';

/** Parse polyaxonfile text (YAML 1.2 or JSON). */
export function parseSpec(text: string): ParseResult {
  return parseSpecWith(text);
}

/** Warnings computed from the parsed spec by a layer above this folder (e.g. the plan's size), placed like the parser's own. */
export type SpecWarnings = (spec: Spec) => readonly RawIssue[];

/** `parseSpec` with more warnings from `extra` (src/engine/parse-spec.ts adds the plan's). */
export function parseSpecWith(text: string, extra?: SpecWarnings): ParseResult {
  if (typeof text !== 'string') {
    return { ok: false, issues: [{ path: '', message: `expected the text of a polyaxonfile, received a ${typeof text}` }], warnings: [] };
  }
  const loaded = loadText(text);
  if (!loaded.ok) return { ok: false, issues: loaded.issues.map(located), warnings: [] };
  const result = validate(loaded.value, loaded.source, text, extra);
  const yamlWarnings = loaded.warnings.map(located);
  return yamlWarnings.length === 0 ? result : { ...result, warnings: [...yamlWarnings, ...result.warnings] };
}

/** Validate an already-parsed value (e.g. JSON.parse output); issues carry no line/col. */
export function parseSpecObject(value: unknown): ParseResult {
  return validate(value, undefined);
}

function located(issue: LocatedIssue): SpecIssue {
  return { path: dotted(issue.path), message: issue.message, ...(issue.line !== undefined ? { line: issue.line, col: issue.col } : {}) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validate(value: unknown, source: SourceInfo | undefined, text?: string, extra?: SpecWarnings): ParseResult {
  const place = (issues: readonly RawIssue[]): SpecIssue[] => sortByPlace(issues.map((i) => placeIssue(i, source, text)));
  if (!isRecord(value)) {
    const issue: RawIssue = { path: [], message: `a polyaxonfile is a mapping with version, kind and hptuning, received ${describe(value)}` };
    return { ok: false, issues: place([issue]), warnings: [] };
  }
  const parsed = SpecInput.safeParse(value, { reportInput: true });
  const issues: RawIssue[] = parsed.success ? [] : fromZod(parsed.error.issues);
  // The matrix is parsed from the raw value: its option arguments are Polyaxon's positional forms.
  const hptuning = value['hptuning'];
  const rawMatrix = isRecord(hptuning) ? hptuning['matrix'] : undefined;
  const matrix = isRecord(rawMatrix) ? parseMatrix(rawMatrix, ['hptuning', 'matrix'], source) : { entries: [], issues: [] };
  issues.push(...matrix.issues);
  if (!parsed.success || issues.length > 0) return { ok: false, issues: place(issues), warnings: [] };
  const refined = refine(parsed.data, matrix.entries);
  const warnings = place(refined.warnings);
  if (refined.issues.length > 0) return { ok: false, issues: place(refined.issues), warnings };
  const spec = normalize(parsed.data, matrix.entries);
  return { ok: true, spec, warnings: extra ? place([...refined.warnings, ...extra(spec)]) : warnings };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `the string '${value.length > 40 ? `${value.slice(0, 39)}…` : value}'` : `a ${typeof value}`;
}

/** Line/col of the issue's node; for a missing key, the key of its nearest existing ancestor. */
function placeIssue(issue: RawIssue, source: SourceInfo | undefined, text: string | undefined): SpecIssue {
  const base = { path: dotted(issue.path), message: issue.message };
  if (!source) return base;
  let at: Path = issue.at ?? issue.path;
  let key = issue.atKey ?? false;
  for (;;) {
    const pos = source.position(at, key);
    if (pos && issue.find !== undefined && text !== undefined) return { ...base, ...findAfter(text, pos, issue.find) };
    if (pos) return { ...base, line: pos.line, col: pos.col };
    if (at.length === 0) return base;
    // A missing key: point at its parent's key (`hyperband:`), the nearest line that names it.
    at = at.slice(0, -1);
    key = true;
  }
}

/** Line and column of the first `needle` at or after `pos` (1-based), else `pos` itself. */
function findAfter(text: string, pos: { line: number; col: number }, needle: string): { line: number; col: number } {
  let offset = 0;
  for (let line = 1; line < pos.line; line++) offset = text.indexOf('\n', offset) + 1;
  const found = text.indexOf(needle, offset + pos.col - 1);
  if (found < 0) return pos;
  const before = text.slice(0, found);
  const line = before.split('\n').length;
  return { line, col: found - before.lastIndexOf('\n') };
}

function sortByPlace(issues: SpecIssue[]): SpecIssue[] {
  const rank = (i: SpecIssue) => (i.line ?? Number.MAX_SAFE_INTEGER) * 1e6 + (i.col ?? 0);
  return issues.map((issue, n) => ({ issue, n })).sort((a, b) => rank(a.issue) - rank(b.issue) || a.n - b.n).map((x) => x.issue);
}
