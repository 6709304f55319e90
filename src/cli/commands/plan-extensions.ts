/** `hptune plan` for hptune's extensions TPE and BOHB (docs/extensions.md). */
import type { Plan } from '../../engine/index.ts';
import { formatTable, short } from '../table.ts';

export function describeExtensionPlan(p: Extract<Plan, { algorithm: 'tpe' | 'bohb' }>): string[] {
  if (p.algorithm === 'tpe') {
    return [
      `Random start: ${p.startup} trials`,
      `TPE-guided: ${p.guided} trials`,
      ...(p.space !== null ? [`Distinct configurations in the space: ${p.space}`] : []),
    ];
  }
  const pass = p.brackets.slice(0, p.s_max + 1);
  const depth = Math.max(...pass.map((b) => b.rungs.length));
  const rows = [['rung', ...pass.map((b) => `s=${b.s}`)]];
  for (let j = 0; j < depth; j++) rows.push([String(j), ...pass.map((b) => (b.rungs[j] ? `${b.rungs[j]!.configs} × ${short(b.rungs[j]!.resource)}` : ''))]);
  const needs = Number.isFinite(p.model_points) ? `once a budget has ${p.model_points} finished trials` : 'never (the matrix cannot be modelled)';
  return [
    `s_max: ${p.s_max}, B: ${short(p.B)}; ${p.n_iterations} brackets in ${p.passes} pass${p.passes === 1 ? '' : 'es'} of Hyperband's brackets:`,
    formatTable(rows, { header: true }),
    `Total resource: ${short(p.resource_total)} from scratch, ${short(p.resource_total_resume)} with resume`,
    `New configurations: random at first; ${needs}, ${short(1 - p.random_fraction, 4)} of them are proposed by ${p.model === 'gp' ? 'the GP of its largest such budget (with the smaller budgets as a further input)' : 'the density model of its largest such budget'}`,
  ];
}
