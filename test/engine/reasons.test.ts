// Every trial's reason in plain words (snapshot.reason): eliminated and promoted trials name
// their rung, rank and cut-off; numbers have at most 4 significant digits; a promoted
// configuration's lineage and stitched curve follow its parent chain.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { RungsView } from '../../src/engine/algorithm-view.ts';
import { lineage, stitchedCurve, childrenOf } from '../../src/engine/group/lineage.ts';
import { formatSig } from '../../src/engine/format.ts';
import { decisionSentence } from '../../src/engine/group/reasons.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { lc4Source } from './lc4-specs.ts';

async function ran(name: string) {
  const engine = new Engine({ store: new MemoryStore(), runner: new InProcessRunner() });
  await engine.create(lc4Source(name), { id: 'g' });
  await engine.run('g');
  return (await engine.snapshot('g'))!;
}

/** Every number written with more than 4 significant digits in a sentence. */
function longNumbers(text: string): string[] {
  return (text.match(/-?\d+\.\d+(e-?\d+)?/g) ?? []).filter((n) => n.replace(/^-?0*\.?0*/, '').replace(/[.]|e.*$/g, '').length > 4);
}

describe('formatSig', () => {
  it('writes 4 significant digits, integers as they are', () => {
    expect([0.8615000247955322, 0.31, 27, 3.3333333, 1234567.8, 1.23456e-7, -2.5e-9, Infinity].map(formatSig)).toEqual([
      '0.8615', '0.31', '27', '3.333', '1235000', '1.235e-7', '-2.5e-9', 'Infinity',
    ]);
  });
});

describe('trial reasons', () => {
  it('hyperband: every trial has a reason; eliminated and promoted ones give rung, rank and cut-off in 4 digits', async () => {
    const s = await ran('hyperband');
    const view = s.algorithm as RungsView;
    const reasons = s.trials.map((t) => s.reason(t.number));
    expect(reasons.filter((r) => r === '')).toEqual([]);
    for (const r of reasons) expect(longNumbers(r)).toEqual([]);
    const eliminated = view.decisions.filter((d) => d.kind === 'eliminated');
    expect(eliminated.length).toBeGreaterThan(5);
    for (const d of eliminated) {
      expect(s.reason(d.trial)).toBe(
        `eliminated at rung ${d.rung} of bracket ${d.bracket}: rank ${d.rank} of ${d.ranked}, cut-off ${formatSig(d.cutoff)} (loss, minimize); ` +
          `it scored ${formatSig(d.value)}, ${d.kept} of ${d.ranked} went on`,
      );
    }
    for (const d of view.decisions.filter((d) => d.kind === 'promoted')) expect(s.reason(d.trial)).toMatch(new RegExp(`^promoted at rung ${d.rung} of bracket ${d.bracket}: rank ${d.rank} of .*, continued as trial ${d.child}$`));
    // The seeded group's first elimination, word for word.
    expect(s.reason(eliminated[0]!.trial)).toBe(
      'eliminated at rung 0 of bracket 2: rank 4 of 9, cut-off 0.9304 (loss, minimize); it scored 0.9608, 3 of 9 went on',
    );
    // A trial of a top rung that no ranking decided keeps its creation note (a promotion, rounded).
    const top = s.trials.find((t) => t.tags?.rung === 2)!;
    expect(s.reason(top.number)).toMatch(/^rung 1 of bracket 2: kept 1 of 3 by loss \(minimize\), cut-off [\d.]+; trial \d+ scored [\d.]+ there, rank 1 of 3; promoted trial \d+ to epochs=9, resumes trial \d+'s checkpoint$/);
  });

  it('asha: once the group is done, trials below the cut-off read as eliminated', async () => {
    const s = await ran('asha');
    const view = s.algorithm as RungsView;
    const below = view.decisions.filter((d) => d.kind === 'eliminated');
    expect(below.length).toBeGreaterThan(0);
    for (const d of below) expect(s.reason(d.trial)).toMatch(new RegExp(`^eliminated at rung ${d.rung}: rank ${d.rank} of ${d.ranked}, cut-off `));
  });

  it('asha while its rung can still grow: a trial below the cut-off is not called eliminated', async () => {
    const s = await ran('asha');
    const d = (s.algorithm as RungsView).decisions.find((x) => x.kind === 'eliminated')!;
    expect(decisionSentence(d, { name: 'loss', optimization: 'minimize' }, false)).toBe(
      `below the cut-off at rung ${d.rung} so far: rank ${d.rank} of ${d.ranked}, cut-off ${formatSig(d.cutoff)} (loss, minimize); ` +
        `it scored ${formatSig(d.value)}, ${d.kept} of ${d.ranked} go on; it may still be promoted as the rung grows`,
    );
  });

  it('bo: the random start says which of how many, then each model trial says what the GP predicted, in 4 digits', async () => {
    const engine = new Engine({ store: new MemoryStore(), runner: new InProcessRunner() });
    const bo = { n_initial_trials: 3, n_iterations: 2, metric: { name: 'loss', optimization: 'minimize' }, utility_function: { acquisition_function: 'ei', eps: 0 } };
    const spec = { version: 1, kind: 'group', hptuning: { seed: 5, bo, matrix: { x1: { uniform: [-5, 10] }, x2: { uniform: [0, 15] } } }, run: { objective: 'branin' } };
    await engine.create(JSON.stringify(spec), { id: 'g' });
    await engine.run('g');
    const s = (await engine.snapshot('g'))!;
    const reasons = s.trials.map((t) => s.reason(t.number));
    expect(reasons.slice(0, 3)).toEqual(['random start 1 of 3', 'random start 2 of 3', 'random start 3 of 3']);
    for (const r of reasons.slice(3)) {
      expect(r).toMatch(/^ei on a GP fit to \d+ observation\(s\); .*predicts loss /);
      expect(longNumbers(r)).toEqual([]);
    }
  });

  it('a resumed configuration: lineage to its first rung, children, and one curve whose steps continue', async () => {
    const s = await ran('hyperband');
    const top = s.trials.find((t) => t.tags?.bracket === 2 && t.tags.rung === 2)!;
    const chain = lineage(s, top.number);
    expect(chain).toHaveLength(3);
    expect(chain.at(-1)).toBe(top.number);
    expect(s.trial(chain[0]!)!.parent).toBeUndefined();
    expect(childrenOf(s.trials, chain[0]!)).toEqual([chain[1]]);
    const curve = stitchedCurve(s, top.number, 'loss');
    expect(curve.map((c) => [c.trial, c.resource, c.resumed])).toEqual([
      [chain[0], 1, false],
      [chain[1], 3, true],
      [chain[2], 9, true],
    ]);
    expect(curve.flatMap((c) => c.points.map((p) => p.step))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(lineage(s, 10_000)).toEqual([]);
  });
});
