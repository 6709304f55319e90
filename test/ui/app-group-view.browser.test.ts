/**
 * The group view with 1,000 trials (it lists them all and follows the changes another tab
 * makes), and the app's pure helpers (routes, the work estimate, the bad-input checks) in
 * Chromium. How fast it renders is a measurement, not a test: the machine is shared.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ContextProvider } from '@lit/context';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { TrialRunner } from '../../src/engine/runner.ts';
import type { MetricReport, StoredReport, TrialRecord } from '../../src/engine/index.ts';
import { servicesContext } from '../../src/ui/app/context.ts';
import { LiveFeed } from '../../src/ui/app/feed.ts';
import { GroupDrivers } from '../../src/ui/app/drivers.ts';
import { parseRoute, routeHash } from '../../src/ui/app/route.ts';
import { refuseSpecText } from '../../src/ui/app/files.ts';
import { estimateWork } from '../../src/ui/app/work-estimate.ts';
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

let feeds: LiveFeed[] = [];
afterEach(() => {
  document.body.replaceChildren();
  for (const f of feeds) f.close();
  feeds = [];
});

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
  const channel = `test-${Math.random()}`;
  const feed = new LiveFeed(engine, channel);
  // The tab that drives the group: it writes the store, then tells the other tabs.
  const other = new LiveFeed(new Engine({ store, runner: idle }), channel);
  feeds.push(feed, other);
  const drivers = new GroupDrivers(engine, feed, () => undefined, undefined);
  const host = document.createElement('div');
  new ContextProvider(host, { context: servicesContext, initialValue: { engine, feed, drivers } });
  document.body.append(host);
  const view = document.createElement('hp-group-view') as HpGroupView;
  view.groupId = 'g';
  host.append(view);
  return { view, store, other, data };
}

/** The view and every component in it have finished rendering. */
async function settled(view: HpGroupView): Promise<void> {
  await view.updateComplete;
  for (const el of view.shadowRoot!.querySelectorAll('*')) if ('updateComplete' in el) await (el as HpGroupView).updateComplete;
}

describe('group view with 1,000 trials', () => {
  it('lists every trial, then shows a trial that ends and a report of a running trial', async () => {
    const { view, store, other, data } = await mountGroupView(1000, 10);
    const table = () => view.shadowRoot!.querySelector('hp-trials-table')!;
    await expect.poll(() => table()?.trials.length, { timeout: 10_000 }).toBe(1000);
    await expect.poll(() => view.shadowRoot!.querySelector('hp-parallel-coordinates')?.trials.length, { timeout: 10_000 }).toBe(1000);
    await settled(view);

    // Another tab ends a trial with a new best value: the table shows it succeeded with that value.
    const t = data.trials[3]!;
    const report = { step: 11, values: { val_loss: 0.01, accuracy: 0.9 }, time: 20_000 };
    const ended: TrialRecord = { ...t, status: 'succeeded', finishedAt: 20_000 };
    await store.addReports('g', 3, [report]);
    other.publish({ type: 'report', groupId: 'g', trial: 3, report });
    await store.putTrial(ended);
    other.publish({ type: 'trial', trial: ended });
    await expect.poll(() => table().trials.find((x) => x.number === 3)?.status, { timeout: 10_000 }).toBe('succeeded');
    expect(table().trials.find((x) => x.number === 3)!.metrics.val_loss!.last).toBe(0.01);
    expect(table().trials).toHaveLength(1000);
    expect(view.shadowRoot!.textContent).toMatch(/Best val_loss: 0\.01 \(trial #3, minimize\)/);

    // A running trial (synthetic trial 10 stopped at step 5) reports step 6: its curve gets the point.
    expect(data.trials[10]!.status).toBe('running');
    const more = { step: 6, values: { val_loss: 0.4, accuracy: 0.8 }, time: 21_000 };
    await store.addReports('g', 10, [more]);
    other.publish({ type: 'report', groupId: 'g', trial: 10, report: more });
    const curve = (): readonly MetricReport[] => {
      const reports = view.shadowRoot!.querySelector('hp-learning-curves')!.reports;
      return reports instanceof Map ? ((reports as ReadonlyMap<number, readonly MetricReport[]>).get(10) ?? []) : (reports as readonly StoredReport[]).filter((r) => r.trial === 10);
    };
    await expect.poll(() => curve().some((r) => r.step === 6 && r.values.val_loss === 0.4), { timeout: 10_000 }).toBe(true);
  });
});

describe('routes, the work estimate and bad input', () => {
  it('routes round-trip through the hash', () => {
    for (const r of [{ view: 'groups' }, { view: 'group', id: 'a b/c' }, { view: 'new', example: 'bo' }, { view: 'new', from: 'x' }] as const) {
      expect(parseRoute(routeHash(r))).toEqual(r);
    }
    expect(parseRoute('#/nonsense')).toEqual({ view: 'groups' });
  });

  it('the epochs estimate follows the plan', async () => {
    const parsed = parseSpec(SPEC);
    if (!parsed.ok) throw new Error('spec');
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
