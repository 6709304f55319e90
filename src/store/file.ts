/**
 * A Store in one file, for the CLI (`hptune run FILE --out X` continues a group that
 * Ctrl-C or a crash interrupted: docs/commands.md, "Ctrl-C and resuming").
 *
 * The file is a journal: one JSON line per change (group, trial, reports, checkpoint,
 * deletion), appended and written before the call returns, so the engine's rule holds
 * (every change is stored before it is acted on). Opening replays the journal into a
 * MemoryStore, which answers the reads. A line cut short by a crash (the last one) is
 * ignored; any other bad line is an error naming the line.
 */
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { MemoryStore } from '../engine/index.ts';
import type { Checkpoint, GroupRecord, MetricReport, Store, StoredReport, TrialRecord } from '../engine/index.ts';

type Entry =
  | { readonly op: 'group'; readonly group: GroupRecord }
  | { readonly op: 'trial'; readonly trial: TrialRecord }
  | { readonly op: 'reports'; readonly groupId: string; readonly trial: number; readonly reports: readonly MetricReport[] }
  | { readonly op: 'checkpoint'; readonly groupId: string; readonly trial: number; readonly step: number; readonly meta: Readonly<Record<string, unknown>>; readonly data: string }
  | { readonly op: 'delete'; readonly id: string };

export class FileStoreError extends Error {
  override readonly name = 'StoreError';
}

export class FileStore implements Store {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly memory: MemoryStore,
    private readonly file: FileHandle,
    readonly path: string,
  ) {}

  /** Opens (or creates) the journal at `path` and replays it. */
  static async open(path: string): Promise<FileStore> {
    const memory = new MemoryStore();
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const lines = text.split('\n');
    const complete = lines.slice(0, -1); // the last piece is empty or a partial line
    for (const [i, line] of complete.entries()) {
      let entry: Entry;
      try {
        entry = JSON.parse(line) as Entry;
      } catch {
        throw new FileStoreError(`${path}:${i + 1}: not a journal line of hptune's file store (the file is damaged or is not a store)`);
      }
      await apply(memory, entry);
    }
    // A partial last line (a crash mid-write) is dropped from the file too.
    const partial = lines.at(-1) ?? '';
    if (partial !== '') await truncate(path, Buffer.byteLength(text) - Buffer.byteLength(partial));
    const file = await open(path, 'a');
    return new FileStore(memory, file, path);
  }

  private async append(entry: Entry): Promise<void> {
    const write = this.chain.then(() => this.file.write(JSON.stringify(entry) + '\n'));
    this.chain = write.catch(() => undefined);
    try {
      await write;
    } catch (e) {
      throw new FileStoreError(`could not write ${this.path}: ${(e as Error).message}`);
    }
    await apply(this.memory, entry);
  }

  async close(): Promise<void> {
    await this.chain;
    await this.file.close();
  }

  putGroup(group: GroupRecord): Promise<void> {
    return this.append({ op: 'group', group });
  }
  getGroup(id: string): Promise<GroupRecord | undefined> {
    return this.memory.getGroup(id);
  }
  listGroups(): Promise<readonly GroupRecord[]> {
    return this.memory.listGroups();
  }
  deleteGroup(id: string): Promise<void> {
    return this.append({ op: 'delete', id });
  }
  putTrial(trial: TrialRecord): Promise<void> {
    return this.append({ op: 'trial', trial });
  }
  listTrials(groupId: string): Promise<readonly TrialRecord[]> {
    return this.memory.listTrials(groupId);
  }
  addReports(groupId: string, trial: number, reports: readonly MetricReport[]): Promise<void> {
    return this.append({ op: 'reports', groupId, trial, reports });
  }
  listReports(groupId: string, trial?: number): Promise<readonly StoredReport[]> {
    return this.memory.listReports(groupId, trial);
  }
  putCheckpoint(groupId: string, trial: number, c: Checkpoint): Promise<void> {
    return this.append({ op: 'checkpoint', groupId, trial, step: c.step, meta: c.meta, data: Buffer.from(c.data).toString('base64') });
  }
  getCheckpoint(groupId: string, trial: number): Promise<Checkpoint | undefined> {
    return this.memory.getCheckpoint(groupId, trial);
  }
}

async function apply(memory: MemoryStore, e: Entry): Promise<void> {
  switch (e.op) {
    case 'group':
      return memory.putGroup(e.group);
    case 'trial':
      return memory.putTrial(e.trial);
    case 'reports':
      return memory.addReports(e.groupId, e.trial, e.reports);
    case 'checkpoint': {
      const bytes = Buffer.from(e.data, 'base64');
      const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      return memory.putCheckpoint(e.groupId, e.trial, { step: e.step, meta: e.meta, data });
    }
    case 'delete':
      return memory.deleteGroup(e.id);
  }
}
