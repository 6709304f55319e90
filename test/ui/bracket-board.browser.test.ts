/**
 * The bracket board, the trial detail and the one selection of the group view, in Chromium
 * with a real engine on small seeded Hyperband and ASHA groups (LC4, resume: true): chips per
 * rung with eliminated ones greyed and ranked, keyboard selection, a configuration's curve
 * stitched across its resumed trials, the detail's parent and children links, and the
 * group view where picking a chip, a table row or a history dot opens the same trial
 * everywhere. Screenshots of the group view, light and dark, go to test-results/glass/.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page, cdp, userEvent } from 'vitest/browser';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { GroupSnapshot, RungsView, TrialRunner } from '../../src/engine/index.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { openGroupView } from './glass-harness.ts';
import type { HpBracketBoard } from '../../src/ui/components/bracket-board.ts';
import type { HpTrialDetail } from '../../src/ui/components/trial-detail.ts';
import '../../src/ui/components/bracket-board.ts';
import '../../src/ui/components/trial-detail.ts';
import '../../src/ui/app.ts';
import { lc4Source } from '../engine/lc4-specs.ts';

async function ranGroup(name: string) {
  const store = new MemoryStore();
  const engine = new Engine({ store, runner: new InProcessRunner() });
  await engine.create(lc4Source(name), { id: 'g' });
  await engine.run('g');
  return { store, engine, snap: (await engine.snapshot('g'))! };
}

async function mount<T extends HTMLElement & { updateComplete: Promise<boolean> }>(tag: string, props: object): Promise<T> {
  const el = Object.assign(document.createElement(tag), props) as unknown as T;
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const chips = (b: HpBracketBoard) => [...b.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.chip')];
const chip = (b: HpBracketBoard, n: number) => b.shadowRoot!.querySelector<HTMLButtonElement>(`button.chip[data-trial="${n}"]`)!;
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

afterEach(() => {
  document.body.replaceChildren();
  history.replaceState(null, '', location.pathname + location.search);
});

describe('<hp-bracket-board>', () => {
  it('hyperband: brackets top rung first, one chip per trial, eliminated chips greyed with rank and cut-off', async () => {
    const { snap } = await ranGroup('hyperband');
    const view = snap.algorithm as RungsView;
    const board = await mount<HpBracketBoard>('hp-bracket-board', { snapshot: snap });
    const root = board.shadowRoot!;
    expect([...root.querySelectorAll('section.bracket h4')].map(text)).toEqual(['Bracket 2', 'Bracket 1', 'Bracket 0']);
    // Top rung first within a bracket, so a promoted configuration appears above.
    expect([...root.querySelectorAll('section.bracket')][0]!.querySelectorAll('.rung').length).toBe(3);
    expect([...root.querySelectorAll('section.bracket')][0]!.querySelector('.rung')!.getAttribute('data-rung')).toBe('2');
    expect(chips(board).map((c) => Number(c.dataset['trial'])).sort((a, b) => a - b)).toEqual(snap.trials.map((t) => t.number));
    const eliminated = view.decisions.filter((d) => d.kind === 'eliminated');
    expect(root.querySelectorAll('button.chip.eliminated').length).toBe(eliminated.length);
    const d = eliminated[0]!;
    const c = chip(board, d.trial);
    expect(c.classList.contains('eliminated')).toBe(true);
    expect(text(c.querySelector('.cut'))).toBe('rank 4/9 · cut-off 0.9304');
    expect(c.title).toBe(snap.reason(d.trial));
    expect(c.getAttribute('aria-label')).toContain('eliminated at rung 0 of bracket 2: rank 4 of 9');
    expect(getComputedStyle(c).opacity).toBe('0.55');
    for (const p of view.decisions.filter((x) => x.kind === 'promoted')) expect(chip(board, p.trial).classList.contains('promoted')).toBe(true);
    expect(text(root.querySelector('.visually-hidden'))).toMatch(/^Hyperband, 3 brackets by loss \(minimize\), resource epochs: 22 trials, \d+ promoted, \d+ eliminated, 0 running\.$/);
  });

  it('a chip is a button: Enter on it selects its trial; the selected configuration is marked and its curve is stitched across rungs', async () => {
    const { snap } = await ranGroup('hyperband');
    const top = snap.trials.find((t) => t.tags?.bracket === 2 && t.tags.rung === 2)!;
    const board = await mount<HpBracketBoard>('hp-bracket-board', { snapshot: snap });
    const picked: number[] = [];
    board.addEventListener('hp-trial-select', (e) => picked.push(e.detail.number));
    chip(board, top.number).focus();
    await userEvent.keyboard('{Enter}');
    expect(picked).toEqual([top.number]);
    board.selected = top.number;
    await board.updateComplete;
    const chain = [top.parent!, snap.trial(top.parent!)!.parent!, top.number];
    expect(chips(board).filter((c) => c.classList.contains('lineage')).map((c) => Number(c.dataset['trial'])).sort((a, b) => a - b)).toEqual([...chain].sort((a, b) => a - b));
    expect(chip(board, top.number).getAttribute('aria-pressed')).toBe('true');
    const curve = board.shadowRoot!.querySelector('hp-stitched-curve')!;
    await (curve as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    const paths = [...curve.shadowRoot!.querySelectorAll('path.seg')];
    expect(paths).toHaveLength(3);
    expect(curve.shadowRoot!.querySelector('svg')!.getAttribute('aria-label')).toMatch(
      /^Learning curve of loss across 3 trials: trial \d+ to 1 \(from scratch\): 1 reports, last [\d.]+ at step 1; trial \d+ to 3 \(resumed\): 2 reports, last [\d.]+ at step 3; trial \d+ to 9 \(resumed\): 6 reports, last [\d.]+ at step 9\.$/,
    );
    // Resumed segments start at the parent's last point: the line is unbroken.
    const start = (p: Element) => p.getAttribute('d')!.split('L')[0]!.slice(1);
    const end = (p: Element) => p.getAttribute('d')!.split('L').at(-1)!.replace(/^M/, '');
    expect(start(paths[1]!)).toBe(end(paths[0]!));
    expect(start(paths[2]!)).toBe(end(paths[1]!));
  });

  it('live: while the group runs, running chips are marked and decided ones already ranked', async () => {
    const inner = new InProcessRunner();
    // Each report a few ms later, so the engine publishes snapshots with trials running.
    const slow: TrialRunner = {
      unsupported: (run) => inner.unsupported(run),
      run: (job, report, signal) => inner.run(job, async (r) => (await new Promise((ok) => setTimeout(ok, 5)), report(r)), signal),
    };
    const engine = new Engine({ store: new MemoryStore(), runner: slow });
    await engine.create(lc4Source('hyperband'), { id: 'g' });
    let caught: GroupSnapshot | undefined;
    const stop = engine.watch('g', (x) => {
      const v = x.algorithm as RungsView | undefined;
      if (!caught && x.counts.running > 0 && v && v.decisions.length > 0) caught = x;
    });
    const done = engine.run('g');
    await expect.poll(() => caught, { timeout: 20_000 }).toBeTruthy();
    const board = await mount<HpBracketBoard>('hp-bracket-board', { snapshot: caught });
    const running = [...board.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.chip.running')].map((c) => Number(c.dataset['trial']));
    expect(running.sort((a, b) => a - b)).toEqual(caught!.trials.filter((t) => t.status === 'running').map((t) => t.number));
    expect(board.shadowRoot!.querySelectorAll('button.chip.eliminated, button.chip.promoted').length).toBe((caught!.algorithm as RungsView).decisions.length);
    await done;
    stop();
  });

  it('asha: one ladder; once the group is done its below-cut-off trials read as eliminated', async () => {
    const { snap } = await ranGroup('asha');
    const board = await mount<HpBracketBoard>('hp-bracket-board', { snapshot: snap });
    expect([...board.shadowRoot!.querySelectorAll('section.bracket h4')].map(text)).toEqual(['Rungs']);
    const out = board.shadowRoot!.querySelector<HTMLButtonElement>('button.chip.eliminated')!;
    expect(out.title).toMatch(/^eliminated at rung \d: rank \d+ of \d+, cut-off /);
  });

  it('a group without rungs says so', async () => {
    const { snap } = await ranGroup('random');
    const board = await mount<HpBracketBoard>('hp-bracket-board', { snapshot: snap });
    expect(text(board.shadowRoot!.querySelector('.empty'))).toBe('No brackets to show: this group does not run successive halving.');
  });
});

describe('<hp-trial-detail>', () => {
  it('shows params, reason, events, parent and children as links, duration, the curve and every report', async () => {
    const { snap } = await ranGroup('hyperband');
    const mid = snap.trials.find((t) => t.tags?.bracket === 2 && t.tags.rung === 1 && snap.trials.some((c) => c.parent === t.number))!;
    const child = snap.trials.find((c) => c.parent === mid.number)!;
    const detail = await mount<HpTrialDetail>('hp-trial-detail', { snapshot: snap, trial: mid.number });
    const root = detail.shadowRoot!;
    expect(text(root.querySelector('h4'))).toBe(`Trial #${mid.number} · succeeded · loss ${text(root.querySelector('h4')).split('loss ')[1]}`);
    expect(text(root.querySelector('.reason'))).toBe(`Reason: ${snap.reason(mid.number)}`);
    expect(snap.reason(mid.number)).toMatch(new RegExp(`^promoted at rung 1 of bracket 2: rank 1 of 3, .*continued as trial ${child.number}$`));
    const dl = text(root.querySelector('dl'));
    for (const k of ['x1', 'x2', 'x3', 'x4', 'epochs', 'parent', 'promoted to', 'duration', 'seed']) expect(dl).toContain(k);
    expect(dl).toContain(`#${mid.parent} (resumed from trial ${mid.parent}'s checkpoint)`);
    expect(root.querySelectorAll('ol.events li').length).toBe(mid.events!.length);
    expect(root.querySelectorAll('tbody tr').length).toBe(snap.reports(mid.number).length);
    expect([...root.querySelectorAll('tbody tr td:first-child')].map(text)).toEqual(['2', '3']);
    const picked: number[] = [];
    detail.addEventListener('hp-trial-select', (e) => picked.push(e.detail.number));
    root.querySelector<HTMLButtonElement>(`dd.links button[data-trial="${mid.parent}"]`)!.click();
    root.querySelector<HTMLButtonElement>(`dd.links button[data-trial="${child.number}"]`)!.click();
    expect(picked).toEqual([mid.parent, child.number]);
  });
});

describe('the group view: one selection', () => {
  it('a chip, a table row or a history dot opens the trial detail and highlights the trial everywhere', async () => {
    const { engine } = await ranGroup('hyperband');
    const { gv, close } = await openGroupView(engine);
    try {
      await expect.poll(() => gv()?.querySelector('hp-bracket-board')?.shadowRoot?.querySelector('button.chip')).toBeTruthy();
      const board = gv().querySelector('hp-bracket-board')!;
      const s = (await engine.snapshot('g')) as GroupSnapshot;
      const eliminated = (s.algorithm as RungsView).decisions.find((d) => d.kind === 'eliminated')!.trial;
      chip(board, eliminated).click();
      await expect.poll(() => text(gv().querySelector('hp-trial-detail')?.shadowRoot?.querySelector('h4'))).toMatch(new RegExp(`^Trial #${eliminated} `));
      const table = gv().querySelector('hp-trials-table')!;
      await expect.poll(() => table.shadowRoot!.querySelector('tr[aria-selected="true"], tr.selected')?.textContent ?? '').toContain('eliminated at rung 0 of bracket 2');
      const historyChart = gv().querySelector('hp-history-chart')!;
      expect(historyChart.shadowRoot!.querySelector('circle.selected title')!.textContent).toBe(`selected: trial ${eliminated}, ${text(chip(board, eliminated).querySelector('.v'))}`);
      expect(gv().querySelector('hp-learning-curves')!.highlight).toBe(eliminated);
      expect(chip(board, eliminated).classList.contains('selected')).toBe(true);
      // A history dot selects its trial; the detail follows.
      const other = eliminated === 0 ? 1 : 0;
      historyChart.shadowRoot!.querySelector<SVGCircleElement>(`g.dots circle[data-trial="${other}"]`)!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      await expect.poll(() => text(gv().querySelector('hp-trial-detail')?.shadowRoot?.querySelector('h4'))).toMatch(new RegExp(`^Trial #${other} `));
      // The top rung's trial: its curve is stitched across its three rungs, on the board and in the detail.
      const top = s.trials.find((t) => t.tags?.bracket === 2 && t.tags.rung === 2)!.number;
      chip(board, top).click();
      await expect.poll(() => text(gv().querySelector('hp-trial-detail')?.shadowRoot?.querySelector('h4'))).toMatch(new RegExp(`^Trial #${top} `));
      for (const scheme of ['light', 'dark']) {
        await (cdp() as unknown as { send(m: string, p: object): Promise<unknown> }).send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
        await page.viewport(1200, 1600);
        document.body.style.background = scheme === 'dark' ? '#0d1117' : '#fff';
        await new Promise((r) => setTimeout(r, 300));
        await page.screenshot({ path: `../../test-results/glass/group-view-hyperband-${scheme}.png` });
      }
      // Close clears the selection: the detail is gone.
      gv().querySelector('hp-trial-detail')!.shadowRoot!.querySelector<HTMLButtonElement>('button.close')!.click();
      await expect.poll(() => gv().querySelector('hp-trial-detail')).toBeNull();
    } finally {
      close();
    }
  });
});
