// `hptune show` refuses an export whose summaries disagree with its reports, with exit 1
// and the first field that disagrees (path, value stored, value the reports give).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'hptune-show-'));

async function hptune(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => void out.push(t), err: (t) => void err.push(t), progress: () => {}, isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const SPEC = `version: 1
kind: group
hptuning:
  seed: 5
  matrix:
    x1: {values: [0, 5]}
    x2: {values: [2, 12]}
run: {objective: branin}
`;

describe('hptune show FILE checks summaries against reports', () => {
  it('exits 1 naming trials[1].metrics.loss.last when it was changed to 0.99; the untouched file shows with exit 0', async () => {
    const spec = join(dir, 'g.yaml');
    const out = join(dir, 'g.json');
    writeFileSync(spec, SPEC);
    expect((await hptune('run', spec, '--out', out)).code).toBe(0);
    expect((await hptune('show', out)).code).toBe(0);

    const file = JSON.parse(readFileSync(out, 'utf8'));
    const real = file.trials[1].metrics.loss.last;
    expect(real).not.toBe(0.99);
    file.trials[1].metrics.loss.last = 0.99;
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(file));
    const shown = await hptune('show', tampered);
    expect(shown.code).toBe(1);
    expect(shown.out).toBe('');
    expect(shown.err).toContain(`${tampered}: trials[1].metrics.loss.last: the file stores 0.99, but the reports of trial 1 give ${real}`);
  });
});
