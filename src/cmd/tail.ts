/**
 * Follows a file that another process appends to (the metrics file): `read()` returns the
 * complete lines added since the last call. Polling, not fs.watch: watch events are not
 * delivered on every filesystem (NFS, the shared filesystem a Slurm cluster reads from).
 *
 * Usage: `const t = new FileTail(path); setInterval(async () => handle(await t.read()), 50);`
 * then `handle(await t.read(true))` once the writer has exited (flushes a last line
 * without its newline).
 */
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from './protocol.ts';

export class FileTail {
  private offset = 0;
  private readonly decoder = new StringDecoder('utf8');
  private readonly lines = new LineSplitter();
  private reading: Promise<string[]> | undefined;

  constructor(private readonly path: string) {}

  /** New complete lines; with `final`, also the unterminated last one. Never throws for a missing file. */
  read(final = false): Promise<string[]> {
    // One read at a time: a poll and the final read must not interleave offsets.
    const next = (this.reading ?? Promise.resolve([])).then(() => this.readOnce(final));
    this.reading = next;
    return next;
  }

  private async readOnce(final: boolean): Promise<string[]> {
    let text = '';
    try {
      const file = await open(this.path, 'r');
      try {
        const buffer = Buffer.alloc(64 * 1024);
        for (;;) {
          const { bytesRead } = await file.read(buffer, 0, buffer.length, this.offset);
          if (bytesRead === 0) break;
          this.offset += bytesRead;
          text += this.decoder.write(buffer.subarray(0, bytesRead));
        }
      } finally {
        await file.close();
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const lines = this.lines.push(text);
    return final ? [...lines, ...this.lines.flush()] : lines;
  }
}
