/**
 * The npm package as a user gets it (docs/library.md): `npm pack`, a new project outside this
 * repository that installs the tarball (offline, from the npm cache), 20 BO trials on a
 * function in Node (file store) and in Chromium (IndexedDB store, a page built by that
 * project's own Vite), and the `hptune` command from the installed package. Prints the
 * package size and the engine entry's gzipped size.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from './serve.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const version = (name: string) => (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const sh = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const BO = {
  version: 1,
  kind: 'group',
  hptuning: {
    seed: 3,
    bo: { n_initial_trials: 8, n_iterations: 12, metric: { name: 'loss', optimization: 'minimize' } },
    matrix: { x: { uniform: [-5, 5] }, y: { uniform: [-5, 5] } },
  },
};
const RESULT = `const trials = await g.records();
const result = { trials: trials.length, succeeded: trials.filter((t) => t.status === 'succeeded').length, best: best.metrics.loss.last, status: (await g.done).status };`;

describe('the npm package, installed into a new project', () => {
  let dir: string;
  let project: string;
  let browser: Browser;
  const servers: Server[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hptune-pack-'));
    project = join(dir, 'project');
    sh('npm', ['run', 'build:lib', '--silent'], root);
    const [packed] = JSON.parse(sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root)) as { filename: string; size: number; unpackedSize: number; entryCount: number }[];
    const entry = gzipSync(readFileSync(join(root, 'build/lib/index.js'))).length;
    console.log(`npm pack: ${(packed!.size / 1024).toFixed(1)} kB packed, ${(packed!.unpackedSize / 1024).toFixed(1)} kB unpacked, ${packed!.entryCount} files; engine entry (build/lib/index.js) ${(entry / 1024).toFixed(1)} kB gzipped`);
    expect(entry).toBeLessThan(60 * 1024);
    sh('mkdir', ['-p', project], dir);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'hptune-user',
        private: true,
        type: 'module',
        dependencies: { hptune: `file:${join(dir, packed!.filename)}` },
        devDependencies: { vite: version('vite'), typescript: version('typescript') },
      }),
    );
    sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], project);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) s.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs 20 BO trials in Node with the file store, and the types check', () => {
    writeFileSync(
      join(project, 'node-bo.mjs'),
      `import { createGroup } from 'hptune';
import { FileStore } from 'hptune/file';
const store = await FileStore.open(process.argv[2]);
const g = createGroup(${JSON.stringify(BO)}, { store });
const best = await g.optimize(async ({ x, y }) => (x - 1) ** 2 + (y + 2) ** 2);
${RESULT}
console.log(JSON.stringify(result));`,
    );
    const out = JSON.parse(sh('node', ['node-bo.mjs', join(project, 'store.jsonl')], project)) as Record<string, unknown>;
    expect(out).toMatchObject({ trials: 20, succeeded: 20, status: 'done' });
    expect(out['best']).toBeLessThan(1);
    expect(readFileSync(join(project, 'store.jsonl'), 'utf8')).toContain('"op":"reports"');

    writeFileSync(
      join(project, 'consumer.ts'),
      `import { createGroup, AskTellError, type AskedTrial, type TrialRecord } from 'hptune';
import { IdbStore } from 'hptune/idb';
import { FileStore } from 'hptune/file';
const g = createGroup('version: 1\\nkind: group\\nhptuning:\\n  random_search: {n_experiments: 2}\\n  matrix: {x: {uniform: [0, 1]}}\\n');
const t: AskedTrial | undefined = await g.ask();
if (t) { const r: TrialRecord = await g.tell(t, [{ step: 1, values: { loss: 1 } }]); console.log(r.status); }
export const code: AskTellError['code'] = 'told-twice';
export type Stores = typeof IdbStore | typeof FileStore;
// @ts-expect-error: tell takes a number or reports
await g.tell(0, 'a string');
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, noEmit: true, skipLibCheck: false, lib: ['ES2022', 'DOM'], types: [] }, files: ['consumer.ts'] }),
    );
    sh('npx', ['tsc', '-p', '.'], project);
  }, 120_000);

  it('runs the hptune command from the installed package', () => {
    const out = sh('npx', ['hptune', 'run', 'node_modules/hptune/public/examples/bo.yaml'], project);
    expect(out).toMatch(/Best trial \d+: loss = /);
  }, 120_000);

  it("runs 20 BO trials in Chromium with the IndexedDB store, built by the project's own Vite", async () => {
    writeFileSync(join(project, 'index.html'), '<!doctype html><html><body><script type="module" src="/main.js"></script></body></html>');
    writeFileSync(
      join(project, 'main.js'),
      `import { createGroup } from 'hptune';
import { IdbStore } from 'hptune/idb';
const store = await IdbStore.open('pack-test');
const g = createGroup(${JSON.stringify(BO)}, { store });
const best = await g.optimize(async ({ x, y }) => (x - 1) ** 2 + (y + 2) ** 2);
${RESULT}
const stored = (await store.listTrials((await g.ready).id)).length;
document.body.dataset.result = JSON.stringify({ ...result, stored });`,
    );
    sh('npx', ['vite', 'build', '--logLevel', 'warn'], project);
    const { server, url } = await serve(join(project, 'dist'));
    servers.push(server);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset['result'] !== undefined || null, null, { timeout: 60_000 });
    const out = JSON.parse((await page.evaluate(() => document.body.dataset['result']))!) as Record<string, unknown>;
    expect(errors).toEqual([]);
    expect(out).toMatchObject({ trials: 20, succeeded: 20, status: 'done', stored: 20 });
    expect(out['best']).toBeLessThan(1);
    await page.close();
  }, 120_000);
});
