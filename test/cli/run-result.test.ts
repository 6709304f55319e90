// What `hptune run` ends with: the best value in 4 significant digits (the export keeps it
// exact), and exit 1 with a line saying so when no trial succeeded.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Io } from '../../src/cli/main.ts';
import { formatSig } from '../../src/engine/format.ts';

const dir = mkdtempSync(join(tmpdir(), 'hptune-run-result-'));

async function hptune(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => void out.push(t), err: (t) => void err.push(t), progress: () => {}, isTTY: false };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('hptune run', () => {
  it('prints the best value rounded to 4 significant digits; the JSON keeps it exact', async () => {
    const spec = file('branin.yaml', 'version: 1\nkind: group\nhptuning:\n  seed: 3\n  random_search: {n_experiments: 6}\n  matrix:\n    x1: {uniform: [-5, 10]}\n    x2: {uniform: [0, 15]}\nrun: {objective: branin}\n');
    const out = join(dir, 'branin.json');
    const r = await hptune('run', spec, '--out', out);
    expect(r.code).toBe(0);
    const best = JSON.parse(readFileSync(out, 'utf8')).best as { trial: number; value: number };
    expect(formatSig(best.value)).not.toBe(String(best.value));
    expect(r.out).toContain(`Best trial ${best.trial}: loss = ${formatSig(best.value)} (minimize)`);
    // The table and the best params are rounded too: no number printed has more than 4 significant digits.
    const { params } = JSON.parse(readFileSync(out, 'utf8')).best as { params: Record<string, number> };
    expect(r.out).toContain(`  x1=${formatSig(params.x1!)}, x2=${formatSig(params.x2!)}`);
    const digits = (r.out.match(/\d+\.\d+/g) ?? []).map((n) => n.replace('.', '').replace(/^0+/, '').length);
    expect(Math.max(...digits)).toBeLessThanOrEqual(4);
  });

  it('exits 1 and says so when no trial succeeded, though the group ends done', async () => {
    const spec = file('fails.yaml', 'version: 1\nkind: group\nhptuning:\n  seed: 1\n  concurrency: 2\n  grid_search: {n_experiments: 3}\n  matrix:\n    x: {values: [1, 2, 3]}\nrun:\n  cmd: exit {{ x }}\n');
    const r = await hptune('run', spec, '--out', join(dir, 'fails.json'));
    expect(r.out).toMatch(/^Group .*: done/);
    expect(r.out).toContain('3 failed');
    expect(r.err).toContain('hptune: no trial succeeded (3 failed), so there is no result');
    expect(r.code).toBe(1);
  }, 30_000);
});
