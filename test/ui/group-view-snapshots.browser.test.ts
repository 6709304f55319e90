/**
 * The app renders the engine's group snapshots (engine.watch) in Chromium, with a real
 * engine, MemoryStore, feed and drivers, and the real root element turning clicks into
 * engine calls: what the status bar says after a pause and a resume, a group that met its
 * early-stopping threshold (why it ended, "Continue anyway"), the groups list, and a
 * second tab that follows a group over BroadcastChannel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { TrialRunner } from '../../src/engine/runner.ts';
import type { HptuneApp } from '../../src/ui/app.ts';
import { appTab, closeTabs, mountApp } from './app-tabs.ts';

/** Three reports per trial, `loss = x · (4 − step)`, a few ms apart; obeys every decision. */
const paced = (ms: number): TrialRunner => ({
  async run(job, report, signal) {
    const x = job.params['x'] as number;
    for (let step = 1; step <= 3; step++) {
      await new Promise((r) => setTimeout(r, ms));
      if (signal.aborted) return { kind: 'halted', decision: 'stop' };
      const d = await report({ step, values: { loss: x * (4 - step) } });
      if (d !== 'continue') return { kind: 'halted', decision: d };
    }
    return { kind: 'completed' };
  },
});

const GRID = (extra = '') => `version: 1
kind: group
name: six
hptuning:
  concurrency: 1
  matrix:
    x: {values: [5, 4, 3, 2, 1, 0.5]}
${extra}run:
  objective: branin
`;
/** Trial 4 (x = 1) reaches loss 1 at its last step: the group stops there. */
const THRESHOLD = GRID('  early_stopping:\n    - {metric: loss, value: 1.5, optimization: minimize}\n');

const tab = (store: MemoryStore, channel: string, ms = 5) => appTab(store, channel, paced(ms));

afterEach(closeTabs);

const view = (app: HptuneApp) => app.shadowRoot!.querySelector('hp-group-view');
const statusBar = (app: HptuneApp) => view(app)?.shadowRoot?.querySelector('hp-group-status');
const statusText = (app: HptuneApp) => (statusBar(app)?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
const button = (app: HptuneApp, label: string) =>
  [...(statusBar(app)?.shadowRoot?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === label);

describe('the group view renders snapshots', () => {
  it('"Paused by user" is shown while paused, and gone after Resume and once the group is done', async () => {
    const store = new MemoryStore();
    const a = tab(store, `snap-${Math.random()}`, 20);
    const created = await a.engine.create(GRID(), { id: 'g' });
    if (!created.ok) throw new Error(created.issues[0]!.message);
    const app = await mountApp(a.services, '#/group/g');
    await expect.poll(() => button(app, 'Start')?.disabled).toBe(false);
    button(app, 'Start')!.click();
    await expect.poll(() => statusText(app)).toMatch(/Group status: running/);
    button(app, 'Pause')!.click();
    await expect.poll(() => statusText(app), { timeout: 10_000 }).toMatch(/Group status: paused/);
    expect(statusText(app)).toContain('Paused by user');

    button(app, 'Resume')!.click();
    await expect.poll(() => statusText(app)).toMatch(/Group status: running/);
    expect(statusText(app)).not.toContain('Paused by user');
    await expect.poll(() => statusText(app), { timeout: 20_000 }).toMatch(/Group status: done/);
    expect(statusText(app)).toContain('6 of 6 trials');
    expect(statusText(app)).not.toContain('Paused by user');
    expect(statusText(app)).toContain('Every planned trial has run.');
  });

  it('a group that met its threshold says why it ended, offers no Resume, and continues past it only when asked', async () => {
    const store = new MemoryStore();
    const a = tab(store, `snap-${Math.random()}`);
    const created = await a.engine.create(THRESHOLD, { id: 'g' });
    if (!created.ok) throw new Error(created.issues[0]!.message);
    await a.engine.run('g');
    expect((await store.listTrials('g')).length).toBe(5);

    const app = await mountApp(a.services, '#/group/g');
    await expect.poll(() => statusText(app)).toMatch(/Group status: stopped/);
    expect(statusText(app)).toContain('Early stopping: trial 4 reached loss');
    // Resume would end at once (the engine keeps the threshold): it is not offered.
    expect(button(app, 'Resume')?.disabled ?? true).toBe(true);
    const more = button(app, 'Continue anyway');
    expect(more?.disabled).toBe(false);
    more!.click();
    await expect.poll(() => statusText(app), { timeout: 20_000 }).toMatch(/Group status: done/);
    const trials = await store.listTrials('g');
    expect(trials.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'stopped', 'succeeded']);
    expect(statusText(app)).not.toContain('Early stopping');
  });
});

describe('the groups list renders snapshots', () => {
  it('shows trials done, planned and the best value, live, and offers no Resume on a group stopped by its threshold', async () => {
    const store = new MemoryStore();
    const a = tab(store, `snap-${Math.random()}`);
    const stopped = await a.engine.create(THRESHOLD, { id: 'th' });
    const fresh = await a.engine.create(GRID(), { id: 'fresh' });
    if (!stopped.ok || !fresh.ok) throw new Error('spec');
    await a.engine.run('th');
    const app = await mountApp(a.services, '#/');
    const list = () => app.shadowRoot!.querySelector('hp-groups-view')!.shadowRoot!;
    const row = (id: string) => list().querySelector(`tr[data-group="${id}"]`);
    await expect.poll(() => row('th')?.textContent?.replace(/\s+/g, ' ')).toMatch(/stopped .*5 \/ 6 .*loss 1\b/);
    expect(row('th')!.querySelector('.ended')!.getAttribute('title')).toMatch(/^Early stopping: trial 4 reached loss/);
    expect([...row('th')!.querySelectorAll('button')].map((b) => b.textContent!.trim())).not.toContain('Resume');

    // The other group runs in this tab: its row follows its snapshots to the end.
    expect(row('fresh')!.textContent).toContain('Start');
    expect(await a.drivers.start('fresh')).toBe(true);
    await expect.poll(() => row('fresh')?.textContent?.replace(/\s+/g, ' '), { timeout: 20_000 }).toMatch(/done .*6 \/ 6 .*loss 0\.5\b/);
  });
});

describe('a second tab', () => {
  it('follows a group another tab drives with the same snapshots, to its end', async () => {
    const store = new MemoryStore();
    const channel = `snap-${Math.random()}`;
    const a = tab(store, channel, 15);
    const b = tab(store, channel, 15);
    const created = await a.engine.create(GRID(), { id: 'g' });
    if (!created.ok) throw new Error(created.issues[0]!.message);
    const app = await mountApp(b.services, '#/group/g');
    expect(await a.drivers.start('g')).toBe(true);
    await expect.poll(() => statusText(app)).toMatch(/Group status: running/);
    expect(view(app)!.shadowRoot!.textContent).toContain('Another tab drives this group');
    // A running trial's curve grows in the follower, before the trial ends.
    await expect.poll(() => (view(app)!.shadowRoot!.querySelector('hp-learning-curves')!.reports as ReadonlyMap<number, unknown[]>).get(2)?.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => statusText(app), { timeout: 20_000 }).toMatch(/Group status: done/);
    const final = (await a.engine.snapshot('g'))!;
    expect(statusText(app)).toContain('6 of 6 trials');
    const table = view(app)!.shadowRoot!.querySelector('hp-trials-table')!;
    await expect.poll(() => table.trials.map((t) => [t.status, t.metrics['loss']?.last])).toEqual(final.trials.map((t) => [t.status, t.metrics['loss']?.last]));
    expect(view(app)!.shadowRoot!.textContent).toMatch(/Best loss: 0\.5 \(trial #5, minimize\)/);
  });
});
