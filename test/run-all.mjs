// `npm test`: every test — vitest's unit (Node) and browser (Chromium) projects, then the
// Playwright end-to-end suite against a fresh build — and one closing line
// `N passed, N failed, N skipped, N flaky` (CI reads its `N passed, N failed` prefix).
// A test that passed only on a retry is *flaky*: it is counted apart, not as passed, and
// named on its own line, so it is seen and fixed at its cause. Exit 1 if anything failed; a
// flaky test alone does not fail the run (it is reported, never counted as passed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFirstLoad } from './bundle-size.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
rmSync('reports', { recursive: true, force: true });
mkdirSync('reports', { recursive: true });

const run = (cmd, args, env = {}) => {
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`[test] ${cmd} ${args.join(' ')}: exit ${r.status ?? r.signal} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return r.status === 0;
};

if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  console.error('[test] Chromium is missing: browser and end-to-end tests need Debian\'s chromium (apt-get install -y chromium).');
}
const vitestOk = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json']);
const buildOk = run('npx', ['vite', 'build', '--logLevel', 'warn']);
// The app's first load (the main chunk and what it imports statically) must stay under 150 kB
// gzipped (test/bundle-size.mjs); counted as one test.
const sizeOk = buildOk && checkFirstLoad('dist');
// Playwright resolves a relative JSON report path against its config's folder: give it an absolute one.
const e2eOk =
  buildOk &&
  run('npx', ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${root}/reports/e2e.json` });

let passed = 0;
let failed = 0;
let skipped = 0;
const flaky = [];

// vitest: its JSON report has no retry count, but a test that failed and then passed on a
// retry keeps the errors of the failed attempt: status "passed" with failure messages.
try {
  const v = JSON.parse(readFileSync('reports/vitest.json', 'utf8'));
  let retried = 0;
  for (const file of v.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'passed' && (t.failureMessages?.length ?? 0) > 0) {
        retried += 1;
        flaky.push(`${relative(root, file.name)}: ${t.fullName}`);
      }
    }
  }
  passed += v.numPassedTests - retried;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + v.numTodoTests;
  if (!vitestOk && v.numFailedTests === 0) failed += 1; // e.g. a file that failed to load
} catch {
  failed += 1;
}

// Playwright: every test has a status; `flaky` means it failed, then passed on a retry.
try {
  const report = JSON.parse(readFileSync(`${root}/reports/e2e.json`, 'utf8'));
  const e = report.stats;
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      if (spec.tests?.some((t) => t.status === 'flaky')) flaky.push(`${spec.file}: ${spec.title}`);
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  passed += e.expected;
  failed += e.unexpected;
  skipped += e.skipped;
  if (flaky.length === 0 && e.flaky > 0) flaky.push(`${e.flaky} end-to-end spec(s)`);
  if (!e2eOk && e.unexpected === 0) failed += 1;
} catch {
  failed += 1;
}

if (sizeOk) passed += 1;
else failed += 1;

for (const name of flaky) console.log(`[test] flaky (passed only on a retry): ${name}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped, ${flaky.length} flaky`);
process.exit(vitestOk && buildOk && sizeOk && e2eOk ? 0 : 1);
