/**
 * The group view with 1,000 trials (issue 7, targets: "the group view stays smooth with
 * 1,000 trials, render under 100 ms after an update"), and the app's pure helpers
 * (routes, summaries, the bad-input checks) in Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ContextProvider } from '@lit/context';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { TrialRunner } from '../../src/engine/runner.ts';
import type { TrialRecord } from '../../src/engine/types.ts';
import { servicesContext } from '../../src/ui/app/context.ts';
import { LiveFeed } from '../../src/ui/app/feed.ts';
import { GroupDrivers } from '../../src/ui/app/drivers.ts';
import { parseRoute, routeHash } from '../../src/ui/app/route.ts';
import { refuseSpecText } from '../../src/ui/app/files.ts';
import { estimateWork, summarize } from '../../src/ui/app/summary.ts';
import { parseSpec } from '../../src/engine/spec/parse.ts';
import { planGroup } from '../../src/engine/plan.ts';
import type { HpGroupView } from '../../src/ui/views/group-view.ts';
import '../../src/ui/views/group-view.ts';
import { synthetic } from './synthetic.ts';

const SPEC = `version: 1
kind: group
name: big
hptuning:
  concurrency: 2
  bo:
    n_initial_trials: 10
    n_iterations: 990
    metric: {name: val_loss, optimization: minimize}
    utility_function: {acquisition_function: ei, eps: 0, gaussian_process: {kernel: matern, nu: 2.5}}
  matrix:
    lr: {uniform: [0.0001, 0.1]}
    batch_size: {values: [16, 32, 64]}
    units: {range: [32, 256, 1]}
run:
  objective: branin
`;

const idle: TrialRunner = { run: async () => ({ kind: 'failed', name: 'Unused', message: 'no trial runs in this test' }) };

afterEach(() => document.body.replaceChildren());

async function mountGroupView(n: number, steps: number) {
  const store = new MemoryStore();
  const engine = new Engine({ store, runner: idle });
  const created = await engine.create(SPEC, { id: 'g' });
  if (!created.ok) throw new Error(created.issues[0]!.message);
  const data = synthetic(n, steps, 3);
  for (const t of data.trials) await store.putTrial(t);
  for (let i = 0; i < n; i++) {
    await store.addReports('g', i, data.reports.filter((r) => r.trial === i).map(({ step, values, time }) => ({ step, values, time })));
  }
  const feed = new LiveFeed(engine, `test-${Math.random()}`);
  const drivers = new GroupDrivers(engine, feed, () => undefined, undefined);
  const host = document.createElement('div');
  new ContextProvider(host, { context: servicesContext, initialValue: { engine, feed, drivers } });
  document.body.append(host);
  const view = document.createElement('hp-group-view') as HpGroupView;
  view.groupId = 'g';
  host.append(view);
  return { view, feed, data };
}

/** The view and every component in it have finished rendering. */
async function settled(view: HpGroupView): Promise<void> {
  await view.updateComplete;
  for (const el of view.shadowRoot!.querySelectorAll('*')) if ('updateComplete' in el) await (el as HpGroupView).updateComplete;
}

describe('issue 7 targets: group view with 1,000 trials', () => {
  it('renders, then re-renders after a trial event and a report in under 100 ms (printed)', async () => {
    const { view, feed, data } = await mountGroupView(1000, 10);
    const t0 = performance.now();
    await expect.poll(() => view.shadowRoot!.querySelector('hp-trials-table')?.trials.length, { timeout: 10_000 }).toBe(1000);
    const flushing = () => (view as unknown as { _flushing: boolean })._flushing;
    await expect.poll(() => flushing() || view.shadowRoot!.querySelector('hp-parallel-coordinates')!.trials.length !== 1000).toBe(false);
    await settled(view);
    const first = performance.now() - t0;

    const firsts: number[] = [];
    const alls: number[] = [];
    const reportOnly: number[] = [];
    const longest: number[] = [];
    const observer = new PerformanceObserver((list) => longest.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask' });
    /** Resolves after the next frame has been rendered (rAF runs before style, layout and paint). */
    const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    /** Times one flush: the script work until every component has updated, then until the frame is painted. */
    const flush = async (): Promise<[number, number]> => {
      await painted();
      // The view batches events for FLUSH_MS; its flush is called here so only rendering is timed.
      const t1 = performance.now();
      await (view as unknown as { _flush(): Promise<void> })._flush();
      await settled(view);
      const script = performance.now() - t1;
      await painted();
      return [script, performance.now() - t1];
    };
    for (let k = 0; k < 5; k++) {
      const t = data.trials[3 + 7 * k]!;
      const next: TrialRecord = { ...t, status: 'succeeded', metrics: { ...t.metrics, val_loss: { last: 0.1 + k / 100, min: 0.1, max: 3, count: 11 } } };
      feed.publish({ type: 'report', groupId: 'g', trial: next.number, report: { step: 11, values: { val_loss: 0.1 + k / 100, accuracy: 0.9 }, time: 20_000 } });
      feed.publish({ type: 'trial', trial: next });
      const [script, frame] = await flush();
      firsts.push(script);
      alls.push(frame);
      // A report of a running trial: the learning curves and the table change.
      const r = data.trials[10 + 7 * k]!;
      feed.publish({ type: 'report', groupId: 'g', trial: r.number, report: { step: 6, values: { val_loss: 0.4, accuracy: 0.8 }, time: 21_000 } });
      reportOnly.push((await flush())[1]);
    }
    observer.disconnect();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const runs = (xs: number[]) => xs.map((a) => a.toFixed(0)).join(', ');
    console.log(
      `[hp-group-view] 1000 trials × 10 reports: first render ${first.toFixed(0)} ms (store read included); after a trial ends: ` +
        `every component updated in ${median(firsts).toFixed(1)} ms median (runs ${runs(firsts)}), painted in ${median(alls).toFixed(1)} ms median (runs ${runs(alls)}); ` +
        `after a report: painted in ${median(reportOnly).toFixed(1)} ms median (runs ${runs(reportOnly)}); ` +
        `tasks over 50 ms: ${longest.length} (${runs(longest) || 'none'})`,
    );
    // The < 100 ms target is printed above, not gated (shared machine); every update completed.
    expect(firsts.every((t) => Number.isFinite(t))).toBe(true);
    const table = view.shadowRoot!.querySelector('hp-trials-table')!;
    expect(table.trials.find((t) => t.number === 3)!.status).toBe('succeeded');
  });
});

describe('issue 7: routes, summaries and bad input', () => {
  it('routes round-trip through the hash', () => {
    for (const r of [{ view: 'groups' }, { view: 'group', id: 'a b/c' }, { view: 'new', example: 'bo' }, { view: 'new', from: 'x' }] as const) {
      expect(parseRoute(routeHash(r))).toEqual(r);
    }
    expect(parseRoute('#/nonsense')).toEqual({ view: 'groups' });
  });

  it('summaries count done trials, planned trials and the best metric; the epochs estimate follows the plan', async () => {
    const parsed = parseSpec(SPEC);
    if (!parsed.ok) throw new Error('spec');
    const { trials } = synthetic(30, 5, 2);
    const s = summarize({ id: 'g', name: 'big', source: SPEC, seed: 1, concurrency: 2, algorithm: 'bo', status: 'running', createdAt: 0 }, trials);
    expect(s.planned).toBe(1000);
    expect(s.done).toBe(trials.filter((t) => t.status !== 'running').length);
    const best = Math.min(...trials.filter((t) => t.status !== 'failed').map((t) => t.metrics.val_loss!.last));
    expect(s.best?.value).toBe(best);
    expect(estimateWork(parsed.spec, planGroup(parsed.spec)).total).toBe(1000);
    const res = await fetch('/public/examples/mnist-hyperband.yaml').then((r) => r.text());
    const hb = parseSpec(res);
    if (!hb.ok) throw new Error(hb.issues[0]!.message);
    // Brackets 9×1, 3×3, 1×9 | 5×3, 1×9 | 3×9, promoted trials resuming: 69 epochs (hptune plan).
    expect(estimateWork(hb.spec, planGroup(hb.spec))).toMatchObject({ unit: 'epochs', total: 69 });
  });

  it('refuses text over 1 MB, binary text, non-YAML and YAML that is not a mapping', () => {
    expect(refuseSpecText('a: 1', 1_500_000, 'The paste')).toMatch(/^The paste is 1.5 MB; a spec must be at most 1.0 MB/);
    expect(refuseSpecText('a\u0000b', 3, 'f')).toMatch(/not a text file/);
    expect(refuseSpecText('a: [1, 2', 8, 'f')).toMatch(/^f is not YAML: /);
    expect(refuseSpecText('- 1\n- 2', 7, 'f')).toMatch(/YAML but not a spec: .* got a list/);
    expect(refuseSpecText('version: 1', 10, 'f')).toBeUndefined();
  });
});
