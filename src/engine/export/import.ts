/**
 * Writing a GroupExport into a Store. Nothing is written unless the whole value is valid
 * (a bad or tampered file is refused with the reason, and nothing is half-imported):
 * the value is validated exactly as its file would be, and the target id must be free.
 * The group record is written last, so an interrupted import never shows as a group,
 * and a write that fails midway is rolled back with deleteGroup.
 */
import type { Store, StoredReport } from '../store/store.ts';
import type { GroupExport } from './format.ts';
import type { ExportIssue } from './parse.ts';
import { validateGroupExport } from './parse.ts';
import { stringifyGroupExport } from './serialize.ts';
import { decodeBase64 } from './base64.ts';

export interface ImportOptions {
  /** Import under this id (e.g. to keep a second copy of a group the store already holds). */
  readonly newId?: string;
}

export type ImportResult =
  | { readonly ok: true; readonly groupId: string }
  | { readonly ok: false; readonly issues: readonly ExportIssue[] };

export async function importGroup(store: Store, value: GroupExport, options: ImportOptions = {}): Promise<ImportResult> {
  if (options.newId === '') return { ok: false, issues: [{ path: '', message: 'the new group id must not be empty, got ""' }] };
  // Validate what the file of this value would hold: JSON drops `undefined` and cannot hold
  // cycles or BigInts, so going through the text is what makes "exactly as its file" true.
  let data: unknown;
  try {
    data = JSON.parse(stringifyGroupExport(value));
  } catch (e) {
    return { ok: false, issues: [{ path: '', message: `the group cannot be written as JSON: ${(e as Error).message}` }] };
  }
  const checked = validateGroupExport(data);
  if (!checked.ok) return checked;
  const file = checked.value;
  const id = options.newId ?? file.group.id;
  if (await store.getGroup(id)) {
    return {
      ok: false,
      issues: [{ path: options.newId === undefined ? 'group.id' : '', message: `the store already holds a group with id ${JSON.stringify(id)}; import it under a new id` }],
    };
  }
  try {
    for (const t of file.trials) await store.putTrial({ ...t, groupId: id });
    for (const [trial, reports] of runsByTrial(file.reports)) {
      await store.addReports(id, trial, reports.map(({ step, values, time }) => ({ step, values, time })));
    }
    for (const c of file.checkpoints ?? []) {
      const bytes = decodeBase64(c.data);
      // Validation decoded every checkpoint already; this cannot fail for a validated file.
      if (!bytes.ok) throw new Error(`checkpoint of trial ${c.trial}: ${bytes.message}`);
      await store.putCheckpoint(id, c.trial, { step: c.step, meta: c.meta, data: bytes.data });
    }
    await store.putGroup({ ...file.group, id });
  } catch (e) {
    await store.deleteGroup(id).catch(() => undefined);
    throw e;
  }
  return { ok: true, groupId: id };
}

/**
 * Consecutive reports of one trial, as runs: writing run by run keeps the group-wide
 * report order of the file (listReports returns reports in the order they were added).
 */
function runsByTrial(reports: readonly StoredReport[]): [number, StoredReport[]][] {
  const runs: [number, StoredReport[]][] = [];
  for (const r of reports) {
    const last = runs[runs.length - 1];
    if (last && last[0] === r.trial) last[1].push(r);
    else runs.push([r.trial, [r]]);
  }
  return runs;
}
