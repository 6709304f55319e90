/**
 * A group as a file, for the Engine's deleteGroup / exportGroup / importGroup: the UI and
 * the CLI go through these instead of reading and writing the Store themselves
 * (docs/architecture.md, "Layers and ports"). The JSON file is the group export format
 * (format.ts); CSV is one row per trial (csv.ts).
 */
import type { GroupRecord, Store } from '../store/store.ts';
import type { GroupExport } from './format.ts';
import type { ExportIssue } from './parse.ts';
import { parseSpec } from '../spec/parse.ts';
import { groupMetric } from '../group/metric.ts';
import { exportGroup } from './export.ts';
import { stringifyGroupExport } from './serialize.ts';
import { parseGroupExport } from './parse.ts';
import { importGroup } from './import.ts';
import { trialsToCsv } from './csv.ts';

export interface GroupFile {
  /** The export as an object (what `text` holds). */
  readonly value: GroupExport;
  readonly text: string;
  /** A file name from the group's name, e.g. `my-group.hptune.json`. */
  readonly fileName: string;
}

export interface GroupFileOptions {
  /** Include each trial's checkpoint (bytes as base64). Default false: they can be large. */
  readonly checkpoints?: boolean;
}

const baseName = (g: GroupRecord): string => g.name.replace(/[^\w.-]+/g, '-') || 'group';

/** The group's export file; its best trial is ranked by the group's metric (from its spec). */
export async function exportGroupFile(store: Store, groupId: string, opts: GroupFileOptions = {}): Promise<GroupFile> {
  const group = await store.getGroup(groupId);
  if (!group) throw new Error(`cannot export group ${JSON.stringify(groupId)}: there is no group with that id`);
  const parsed = parseSpec(group.source);
  const metric = parsed.ok ? groupMetric(parsed.spec) : undefined;
  const value = await exportGroup(store, groupId, { ...(metric ? { metric } : {}), ...(opts.checkpoints ? { checkpoints: true } : {}) });
  return { value, text: stringifyGroupExport(value, 2), fileName: `${baseName(group)}.hptune.json` };
}

/** One CSV row per trial (params, status, metric summaries). */
export async function exportTrialsCsv(store: Store, groupId: string): Promise<{ readonly text: string; readonly fileName: string }> {
  const group = await store.getGroup(groupId);
  if (!group) throw new Error(`cannot export group ${JSON.stringify(groupId)}: there is no group with that id`);
  const [trials, reports] = await Promise.all([store.listTrials(groupId), store.listReports(groupId)]);
  return { text: trialsToCsv(trials, reports), fileName: `${baseName(group)}-trials.csv` };
}

export type ImportFileResult =
  | {
      readonly ok: true;
      readonly group: GroupRecord;
      readonly trials: number;
      /** True when the store already held the file's group id, so it was imported as a copy. */
      readonly copy: boolean;
    }
  | { readonly ok: false; readonly issues: readonly ExportIssue[] };

/**
 * Imports a group export file's text. Nothing is written unless the file is valid and its
 * summaries agree with its reports (parse.ts). A group whose id the store already holds
 * is imported beside it as a copy, under a new id and named "(imported)".
 */
export async function importGroupFile(store: Store, text: string, now: number): Promise<ImportFileResult> {
  const parsed = parseGroupExport(text);
  if (!parsed.ok) return parsed;
  const file = parsed.value;
  const existing = await store.getGroup(file.group.id);
  let newId: string | undefined;
  if (existing) {
    newId = `${file.group.id}-import-${now.toString(36)}`;
    for (let n = 2; await store.getGroup(newId); n++) newId = `${file.group.id}-import-${now.toString(36)}-${n}`;
  }
  const value = newId ? { ...file, group: { ...file.group, name: `${file.group.name} (imported)` } } : file;
  const result = await importGroup(store, value, newId ? { newId } : {});
  if (!result.ok) return result;
  return { ok: true, group: { ...value.group, id: result.groupId }, trials: file.trials.length, copy: newId !== undefined };
}
