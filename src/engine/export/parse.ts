/**
 * Reading a group export file: JSON text → a validated GroupExport, or the reasons it is
 * refused. Four passes, each only when the previous one passed, so the reasons given are
 * the first real ones rather than a cascade: the envelope (format tag, version), the shape
 * (format.ts, zod), the rules across fields (ids agree, trial numbers unique, reports
 * and checkpoints only for trials in the file, checkpoint bytes decodable), then the
 * summaries against the reports (consistency.ts).
 */
import { FORMAT, GroupExportFileSchema, VERSION, type GroupExport, type GroupExportFile } from './format.ts';
import { decodeBase64 } from './base64.ts';
import { firstInconsistency } from './consistency.ts';

export interface ExportIssue {
  /** Where, e.g. `trials[3].groupId`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

export type GroupExportResult =
  | { readonly ok: true; readonly value: GroupExport }
  | { readonly ok: false; readonly issues: readonly ExportIssue[] };

/** A tampered file can be wrong in every record; the first few reasons are enough to act on. */
const MAX_ISSUES = 20;

export function parseGroupExport(text: string): GroupExportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return refuse([{ path: '', message: `an hptune group export must be JSON text: ${(e as Error).message}` }]);
  }
  return validateGroupExport(data);
}

/** Validates parsed JSON data (the file's content, non-finite metric values spelled as strings). */
export function validateGroupExport(data: unknown): GroupExportResult {
  const envelope = checkEnvelope(data);
  if (envelope.length) return refuse(envelope);
  const parsed = GroupExportFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return refuse(parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: withInput(i.message, i.input) })));
  }
  const cross = checkAcrossFields(parsed.data);
  if (cross.length) return refuse(cross);
  const inconsistent = firstInconsistency(parsed.data);
  if (inconsistent) return refuse([inconsistent]);
  return { ok: true, value: parsed.data };
}

function refuse(issues: ExportIssue[]): GroupExportResult {
  if (issues.length <= MAX_ISSUES) return { ok: false, issues };
  const more = issues.length - MAX_ISSUES;
  return { ok: false, issues: [...issues.slice(0, MAX_ISSUES), { path: '', message: `and ${more} more problem${more === 1 ? '' : 's'}` }] };
}

function checkEnvelope(data: unknown): ExportIssue[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return [{ path: '', message: `an hptune group export must be a JSON object, got ${describe(data)}` }];
  }
  const { format, version } = data as { format?: unknown; version?: unknown };
  if (format !== FORMAT) {
    return [{ path: 'format', message: `format must be ${JSON.stringify(FORMAT)} (an hptune group export), got ${describe(format)}` }];
  }
  if (version !== VERSION) {
    const newer = typeof version === 'number' && version > VERSION;
    const message = newer
      ? `version ${version} was written by a newer hptune; this one reads version ${VERSION}`
      : `version must be ${VERSION}, got ${describe(version)}`;
    return [{ path: 'version', message }];
  }
  return [];
}

function checkAcrossFields(file: GroupExportFile): ExportIssue[] {
  const issues: ExportIssue[] = [];
  const groupId = file.group.id;
  const trialAt = new Map<number, number>();
  file.trials.forEach((t, i) => {
    if (t.groupId !== groupId) {
      issues.push({ path: `trials[${i}].groupId`, message: `every trial must belong to the file's group ${JSON.stringify(groupId)}, got ${JSON.stringify(t.groupId)}` });
    }
    const first = trialAt.get(t.number);
    if (first !== undefined) {
      issues.push({ path: `trials[${i}].number`, message: `trial numbers must be unique, but ${t.number} is also trials[${first}]` });
    } else {
      trialAt.set(t.number, i);
    }
  });
  file.trials.forEach((t, i) => {
    if (t.parent !== undefined && !trialAt.has(t.parent)) {
      issues.push({ path: `trials[${i}].parent`, message: `a trial's parent must be a trial of the file, got ${t.parent}` });
    }
  });
  file.reports.forEach((r, i) => {
    if (r.groupId !== groupId) {
      issues.push({ path: `reports[${i}].groupId`, message: `every report must belong to the file's group ${JSON.stringify(groupId)}, got ${JSON.stringify(r.groupId)}` });
    }
    if (!trialAt.has(r.trial)) {
      issues.push({ path: `reports[${i}].trial`, message: `a report must be for a trial of the file, got trial ${r.trial}` });
    }
  });
  if (file.best) {
    const at = trialAt.get(file.best.trial);
    if (at === undefined) {
      issues.push({ path: 'best.trial', message: `the best trial must be a trial of the file, got ${file.best.trial}` });
    } else if (!sameJson(file.best.params, file.trials[at]!.params)) {
      issues.push({ path: 'best.params', message: `the best trial's params must be those of trial ${file.best.trial} (trials[${at}])` });
    }
  }
  const checkpointAt = new Map<number, number>();
  file.checkpoints?.forEach((c, i) => {
    if (!trialAt.has(c.trial)) {
      issues.push({ path: `checkpoints[${i}].trial`, message: `a checkpoint must be for a trial of the file, got trial ${c.trial}` });
    }
    const first = checkpointAt.get(c.trial);
    if (first !== undefined) {
      issues.push({ path: `checkpoints[${i}].trial`, message: `a trial has at most one checkpoint, but trial ${c.trial} also has checkpoints[${first}]` });
    } else {
      checkpointAt.set(c.trial, i);
    }
    const bytes = decodeBase64(c.data);
    if (!bytes.ok) issues.push({ path: `checkpoints[${i}].data`, message: bytes.message });
  });
  return issues;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** zod's path as `trials[3].metrics["val/loss"].last`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

/** zod's messages name the expected type; add the value received when it is a plain value. */
function withInput(message: string, input: unknown): string {
  if (input === undefined || (typeof input === 'object' && input !== null)) return message;
  const got = describe(input);
  return message.includes(`received ${got}`) ? message : `${message}, got ${got}`;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  const s = JSON.stringify(v);
  return typeof v === 'object' ? 'an object' : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
