/**
 * The files a Slurm trial leaves on the shared filesystem, read from the machine that runs
 * hptune (docs/slurm.md, "How jobs are followed"), and a wake-up for the loop that reads them.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { AbortSignalLike } from '../../engine/index.ts';

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

export async function readNumber(path: string): Promise<number | undefined> {
  const n = Number((await readText(path)).trim());
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * The end of a trial's log for a failure reason, on one line as local trials give it (the
 * trials table stays a table): its last lines joined with " | ", at most 500 characters.
 */
export async function logTail(log: string, n = 6, max = 500): Promise<string> {
  const lines = (await readText(log)).split('\n').map((l) => l.trim()).filter(Boolean).slice(-n).join(' | ');
  const clipped = lines.length > max ? `…${lines.slice(-max)}` : lines;
  return clipped ? `; the end of its log (${log}): ${clipped}` : `; its log (${log}) is empty`;
}

/** hptune's notes (malformed metric lines) go to the trial's log after the job, which Slurm writes while it runs. */
export async function appendNote(log: string, notes: readonly string[]): Promise<void> {
  await writeFile(log, notes.map((n) => `[hptune] ${n}\n`).join(''), { flag: 'a' });
}

export function sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}

/**
 * Changes in a trial's folder wake its loop at once where the filesystem reports them
 * (inotify); on NFS, which does not, `nap` simply lasts its full time (the poll).
 */
export function folderWaker(dir: string): { nap(ms: number): Promise<void>; wake(): void; close(): void } {
  let wake: (() => void) | undefined;
  // A change seen while the loop was busy (not napping): the next nap returns at once.
  let changed = false;
  const onChange = () => {
    if (wake) wake();
    else changed = true;
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, onChange);
    watcher.on('error', () => undefined);
  } catch {
    watcher = undefined;
  }
  return {
    nap: (ms) =>
      new Promise<void>((resolve) => {
        if (changed) {
          changed = false;
          return resolve();
        }
        const done = () => {
          clearTimeout(t);
          wake = undefined;
          resolve();
        };
        const t = setTimeout(done, ms);
        wake = done;
      }),
    wake: onChange,
    close: () => watcher?.close(),
  };
}
