/**
 * A trial's log file, capped in size (docs/commands.md, "The run folder and logs"): the first `head` bytes
 * are written as they come; after that only the last `tail` bytes are kept, and on close
 * they are appended after a line saying how much was cut. hptune's own notes (malformed
 * metric lines, the stop signal sent) go into the same file, prefixed `[hptune]`.
 *
 * Usage: `const log = await CappedLog.open(path); log.write(chunk); ...; await log.close()`;
 * `log.lastLines(20)` is the tail a failure reason quotes.
 */
import { open, type FileHandle } from 'node:fs/promises';

export const DEFAULT_HEAD = 1 << 20;
export const DEFAULT_TAIL = 1 << 20;
/** Enough text for a failure reason. */
const RECENT = 4096;

export class CappedLog {
  private written = 0;
  private cut = 0;
  private tailText = '';
  private recent = '';
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: FileHandle,
    private readonly head: number,
    private readonly tail: number,
  ) {}

  static async open(path: string, head = DEFAULT_HEAD, tail = DEFAULT_TAIL): Promise<CappedLog> {
    return new CappedLog(await open(path, 'a'), head, tail);
  }

  write(text: string): void {
    if (text === '') return;
    this.recent = (this.recent + text).slice(-RECENT);
    const room = this.head - this.written;
    if (room > 0) {
      const part = text.length <= room ? text : text.slice(0, room);
      this.written += part.length;
      this.chain = this.chain.then(() => this.file.write(part));
      text = text.slice(part.length);
    }
    if (text === '') return;
    this.tailText += text;
    if (this.tailText.length > this.tail) {
      this.cut += this.tailText.length - this.tail;
      this.tailText = this.tailText.slice(-this.tail);
    }
  }

  /** A line of hptune's own, e.g. a warning about a malformed metrics line. */
  note(text: string): void {
    this.write(`[hptune] ${text}\n`);
  }

  /** The last `n` lines written (for a failure reason). */
  lastLines(n: number): string {
    return this.recent.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1).slice(-n).join('\n').trimEnd();
  }

  async close(): Promise<void> {
    if (this.cut > 0) {
      const marker = `\n[hptune] … log cut here: ${this.cut} characters left out (the first ${this.head} and the last ${this.tail} are kept) …\n`;
      this.chain = this.chain.then(() => this.file.write(marker));
    }
    const tail = this.tailText;
    if (tail !== '') this.chain = this.chain.then(() => this.file.write(tail));
    await this.chain;
    await this.file.close();
  }
}
