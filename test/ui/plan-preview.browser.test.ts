// <hp-plan-preview> of the BOHB examples: one pass of brackets, and the note says which model
// proposes the configurations (the density model, or the Gaussian process of `model: gp`).
import { afterEach, describe, expect, it } from 'vitest';
import { parseSpec, planGroup } from '../../src/engine/index.ts';
import '../../src/ui/views/plan-preview.ts';

const spec = (model: string) => `version: 1
kind: group
hptuning:
  seed: 13
  bohb:${model}
    max_iter: 27
    eta: 3
    n_iterations: 8
    resource: {name: epochs, type: int}
    metric: {name: loss, optimization: minimize}
  matrix:
    x1: {uniform: [0, 1]}
    x2: {uniform: [0, 1]}
run:
  objective: lc4
`;

async function preview(text: string): Promise<string> {
  const parsed = parseSpec(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const el = document.createElement('hp-plan-preview');
  el.spec = parsed.spec;
  el.plan = planGroup(parsed.spec);
  document.body.append(el);
  await el.updateComplete;
  return el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
}

describe('plan preview of BOHB', () => {
  afterEach(() => document.body.replaceChildren());

  it('names the density model by default and the Gaussian process with model: gp', async () => {
    const kde = await preview(spec(''));
    expect(kde).toContain('Brackets of one pass');
    expect(kde).toContain('come from the density model of that budget.');
    const gp = await preview(spec('\n    model: gp'));
    expect(gp).toContain('come from a Gaussian process fitted on that budget and the smaller ones.');
    expect(gp).not.toContain('density model');
  });
});
