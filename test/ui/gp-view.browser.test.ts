/**
 * `<hp-gp-view>` in Chromium on real BO groups run by a real engine (MemoryStore): the
 * Branin example (in-process objective) and the MNIST example's search space (its real
 * encoding: log-spaced learning rate, four unit counts) with a fast seeded stand-in for the
 * training. Asserted against the snapshot's own GP functions: the curve and the heatmaps
 * show exactly its mean, sd and acquisition along the drawn axes; knobs, the step scrubber,
 * the held values and the refusals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { GroupSnapshot, TrialRunner } from '../../src/engine/index.ts';
import type { BoGpView } from '../../src/engine/samplers/bo-view.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { axisSamples, gpParams, slicePoints } from '../../src/ui/components/gp-view-axes.ts';
import type { HpGpView } from '../../src/ui/components/gp-view.ts';
import type { HpGpCurve } from '../../src/ui/components/gp-view-curve.ts';
import type { HpGpHeatmap } from '../../src/ui/components/gp-view-heatmap.ts';
import '../../src/ui/components/gp-view.ts';
import { finishedSnapshot } from './glass-harness.ts';

const example = (name: string) => fetch(`/public/examples/${name}.yaml`).then((r) => r.text());
const branin = await example('bo');
const mnist = await example('mnist-bo');

/** A seeded stand-in for MNIST training: val_loss smallest near learning_rate 0.003 and 64 units. */
const fakeTraining: TrialRunner = {
  async run(job, report) {
    const lr = job.params['learning_rate'] as number;
    const units = job.params['units'] as number;
    const l2 = job.params['l2'] as number;
    const loss = 0.2 + 0.3 * Math.log10(lr / 0.003) ** 2 + 0.05 * Math.abs(Math.log2(units / 64)) + 100 * l2;
    await report({ step: 1, values: { val_loss: loss } });
    return { kind: 'completed' };
  },
};


async function mount(snapshot: GroupSnapshot, props: Partial<Pick<HpGpView, 'mode' | 'param' | 'pairX' | 'pairY'>> = {}): Promise<HpGpView> {
  const el = document.createElement('hp-gp-view');
  Object.assign(el, { snapshot, ...props });
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const root = (el: Element) => el.shadowRoot!;
const curve = (el: HpGpView) => root(el).querySelector('hp-gp-curve') as HpGpCurve | null;
const maps = (el: HpGpView) => [...root(el).querySelectorAll('hp-gp-heatmap')] as HpGpHeatmap[];
const text = (el: Element) => (root(el).textContent ?? '').replace(/\s+/g, ' ');
const gpOf = (s: GroupSnapshot) => (s.algorithm as unknown as { gp: BoGpView }).gp;
/** Waits until the curve shows values for `param`, then returns them. */
async function evaluated(el: HpGpView) {
  await expect.poll(() => curve(el)?.mean?.length ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
  return curve(el)!;
}

afterEach(() => document.body.replaceChildren());

describe('<hp-gp-view> on the Branin example', () => {
  let snap: GroupSnapshot;
  it('1-D: the mean, sd and acquisition of the snapshot GP along x1, the observations, the next point and the held value of x2', async () => {
    snap = await finishedSnapshot(branin, new InProcessRunner());
    const gp = gpOf(snap);
    const el = await mount(snap);
    const c = await evaluated(el);
    const params = gpParams(gp.dimensions);
    const xs = axisSamples(params[0]!, 200);
    const points = slicePoints(gp.incumbent!.x, params[0]!, xs);
    expect(c.param?.name).toBe('x1');
    expect(Array.from(c.mean!)).toEqual(gp.mean(points));
    // The band is mean ± 2 sd of the GP mapped through its output warp: around the mean, unbounded where the warp ends.
    const band = gp.evaluate(points, { z: 2, kind: 'ei' });
    expect(Array.from(c.lo!)).toEqual(band.lo);
    expect(Array.from(c.hi!)).toEqual(band.hi);
    expect(band.lo.every((l, i) => l <= c.mean![i]! && c.mean![i]! <= band.hi[i]!)).toBe(true);
    expect(band.lo.some((l, i) => l < c.mean![i]!)).toBe(true);
    expect(Array.from(c.acq!)).toEqual(gp.acquisition(points, { kind: 'ei', kappa: 2.576, xi: 0 }));
    await c.updateComplete;
    expect(root(c).querySelectorAll('circle.obs')).toHaveLength(gp.observations.length);
    expect(root(c).querySelector('circle.obs.best')?.getAttribute('data-trial')).toBe(String(gp.incumbent!.trial));
    expect(text(c)).toContain(`next ${Number(gp.next!.params['x1']).toPrecision(4).replace(/\.?0+$/, '')}`);
    const x2 = Number((gp.incumbent!.params['x2'] as number).toPrecision(4));
    expect(text(el)).toContain(`Other parameters held at the best trial's values (trial #${gp.incumbent!.trial}): x2 = ${x2}.`);
    expect(root(c).querySelector('svg')!.getAttribute('aria-label')).toMatch(/^GP posterior of loss along x1: mean from .* next suggestion at x1 = /);
  });

  it('what-if knobs recompute only the acquisition, refuse κ < 0 and ξ < 0 in place, and leave the group alone', async () => {
    const gp = gpOf(snap);
    const el = await mount(snap);
    const c = await evaluated(el);
    const before = { mean: c.mean, acq: c.acq };
    const knobs = root(el).querySelector('hp-gp-knobs')!;
    const input = (name: string) => root(knobs).querySelector(`input[name=${name}]`) as HTMLInputElement;
    const type = (name: string, value: string) => {
      input(name).value = value;
      input(name).dispatchEvent(new Event('input'));
    };
    type('kappa', '-1');
    await knobs.updateComplete;
    expect(text(knobs)).toContain('κ must be a number ≥ 0 (allowed: 0 to any finite value); got "-1"');
    expect(input('kappa').getAttribute('aria-invalid')).toBe('true');
    type('xi', '-0.5');
    await knobs.updateComplete;
    expect(text(knobs)).toContain('ξ must be a number ≥ 0');

    const select = root(knobs).querySelector('select')!;
    select.value = 'ucb';
    select.dispatchEvent(new Event('change'));
    type('kappa', '1');
    await expect.poll(() => c.acqLabel).toBe('UCB, κ = 1');
    await expect.poll(() => c.acq !== before.acq).toBe(true);
    const points = slicePoints(gp.incumbent!.x, c.param!, c.xs);
    expect(Array.from(c.acq!)).toEqual(gp.acquisition(points, { kind: 'ucb', kappa: 1, xi: 0 }));
    // The mean was not recomputed; the group's own settings are unchanged.
    expect(c.mean).toBe(before.mean);
    expect(text(knobs)).toContain('the group keeps EI, ξ = 0');
    expect(snap.group.source).toBe(branin);

    // Back to the group's settings: EI with ξ = 0, the acquisition as first shown.
    [...root(knobs).querySelectorAll('button')].find((b) => b.textContent === "Use the group's settings")!.click();
    await expect.poll(() => c.acqLabel).toBe('EI, ξ = 0');
    await expect.poll(() => Array.from(c.acq ?? [])).toEqual(Array.from(before.acq!));
    expect(select.value).toBe('ei');
    expect(input('kappa').value).toBe('2.576');
  });

  it('the step scrubber replays the GP before an earlier trial', async () => {
    const gp = gpOf(snap);
    const el = await mount(snap);
    await evaluated(el);
    const range = root(el).querySelector('input[type=range]') as HTMLInputElement;
    expect(Number(range.max)).toBe(gp.steps.length - 1);
    range.value = '0';
    range.dispatchEvent(new Event('input'));
    const first = gp.steps[0]!;
    await expect.poll(() => text(el)).toContain(`GP before trial #${first.trial} (model step 1 of ${gp.steps.length}): ${first.observed} observations.`);
    const old = gp.before(first.trial)!;
    await expect.poll(() => curve(el)!.observations.length).toBe(first.observed);
    await expect.poll(() => Array.from(curve(el)!.mean ?? [])).toEqual(old.mean(slicePoints(old.incumbent!.x, gpParams(old.dimensions)[0]!, axisSamples(gpParams(old.dimensions)[0]!, 200))));
  });

  it('2-D: heatmaps of the mean, sd and acquisition on a 60 × 60 grid, with the observations and the next point', async () => {
    const gp = gpOf(snap);
    const el = await mount(snap, { mode: '2d' });
    await expect.poll(() => maps(el).map((m) => m.values?.length ?? 0), { timeout: 20_000 }).toEqual([3600, 3600, 3600]);
    const [mean, sd, acq] = maps(el);
    const [px, py] = gpParams(gp.dimensions);
    const points = slicePoints(gp.incumbent!.x, px!, axisSamples(px!, 60, true), py!, axisSamples(py!, 60, true));
    expect(Array.from(mean!.values!)).toEqual(gp.mean(points));
    expect(Array.from(sd!.values!)).toEqual(gp.sd(points));
    expect(Array.from(acq!.values!)).toEqual(gp.acquisition(points, { kind: 'ei', kappa: 2.576, xi: 0 }));
    await mean!.updateComplete;
    expect(root(mean!).querySelector('image')?.getAttribute('href')).toMatch(/^data:image\/png/);
    expect(root(mean!).querySelectorAll('circle.obs')).toHaveLength(gp.observations.length);
    expect(root(mean!).querySelector('.next path')).not.toBeNull();
    expect(root(mean!).querySelector('svg')!.getAttribute('aria-label')).toMatch(/^Posterior mean of loss over x1 and x2: lowest /);
    expect(text(el)).toContain('No other parameters: the chart shows the whole search space.');
  });

  it('a parameter with a single value: says why there is nothing to draw', async () => {
    const one = await finishedSnapshot(branin.replace('x2: {uniform: [0, 15]}', 'x2: {values: [3]}').replace('n_iterations: 20', 'n_iterations: 2'), new InProcessRunner());
    const el = await mount(one, { param: 'x2' });
    expect(text(el)).toContain('`x2` has a single value (3), so the GP has nothing to vary along it: there is nothing to draw.');
    expect(curve(el)).toBeNull();
    el.mode = '2d';
    await el.updateComplete;
    expect(text(el)).toContain('A pair needs two different parameters that vary; this search space has only one parameter that varies (x1).');
  });
});

describe('<hp-gp-view> on the MNIST example (its real encoding, a fast stand-in for training)', () => {
  it('learning_rate on a log axis, units one column per category, and their heatmap', async () => {
    const snap = await finishedSnapshot(mnist, fakeTraining);
    const gp = gpOf(snap);
    const el = await mount(snap, { param: 'learning_rate' });
    const c = await evaluated(el);
    expect(c.param?.axis).toBe('log');
    const xs = c.xs;
    expect(xs[0]).toBeCloseTo(0.0005, 12);
    expect(xs[199]).toBeCloseTo(0.01, 12);
    expect(xs[100]! / xs[99]!).toBeCloseTo(xs[1]! / xs[0]!, 10);
    await c.updateComplete;
    expect(text(c)).toContain('learning_rate (log)');
    const held = text(el);
    expect(held).toMatch(/held at the best trial's values \(trial #\d+\): l2 = [\d.e-]+, units = (16|32|64|128)\./);

    el.param = 'units';
    await expect.poll(() => curve(el)?.xs.length).toBe(4);
    const u = curve(el)!;
    await expect.poll(() => u.mean?.length).toBe(4);
    await u.updateComplete;
    expect(u.param?.axis).toBe('categorical');
    expect([...root(u).querySelectorAll('.axis.x text')].map((t) => t.textContent).slice(0, 4)).toEqual(['16', '32', '64', '128']);
    expect(root(u).querySelectorAll('line.interval')).toHaveLength(4);
    const points = slicePoints(gp.incumbent!.x, u.param!, [0, 1, 2, 3]);
    expect(Array.from(u.mean!)).toEqual(gp.mean(points));

    el.mode = '2d';
    el.pairX = 'learning_rate';
    el.pairY = 'units';
    await expect.poll(() => maps(el).map((m) => m.values?.length ?? 0), { timeout: 20_000 }).toEqual([240, 240, 240]);
    expect(maps(el)[0]!.ys).toEqual([0, 1, 2, 3]);
  });

  it('during the random start: says how far it is and that the GP comes after', async () => {
    const engine = new Engine({ store: new MemoryStore(), runner: fakeTraining });
    const created = await engine.create(mnist, { id: 'g' });
    if (!created.ok) throw new Error(created.issues[0]!.message);
    let snap: GroupSnapshot | undefined;
    const stop = engine.watch('g', (s) => (snap = s));
    await expect.poll(() => snap).toBeDefined();
    stop();
    const el = await mount(snap!);
    expect(text(el)).toContain('Random start: 0 of 5 trials drawn at random. The GP is fitted once');
  });
});
