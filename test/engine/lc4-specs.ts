// Small LC4 groups for the engine's state-machine and snapshot tests.
const MATRIX = { x1: { uniform: [0, 1] }, x2: { uniform: [0, 1] }, x3: { values: [0.2, 0.5, 0.8] }, x4: { uniform: [0, 1] } };
const metric = { name: 'loss', optimization: 'minimize' };
const resource = { name: 'epochs', type: 'int' };
const SPECS: Record<string, object> = {
  random: { params: { epochs: 5 }, hptuning: { seed: 5, concurrency: 3, random_search: { n_experiments: 10 }, matrix: MATRIX } },
  hyperband: { hptuning: { seed: 5, concurrency: 2, hyperband: { max_iter: 9, eta: 3, resource, metric, resume: true }, matrix: MATRIX } },
  asha: { hptuning: { seed: 5, concurrency: 2, asha: { max_iter: 9, eta: 3, n_experiments: 12, resource, metric, resume: true }, matrix: MATRIX } },
};
export const LC4_GROUPS = Object.keys(SPECS);
export const lc4Source = (name: string) => JSON.stringify({ version: 1, kind: 'group', ...SPECS[name], run: { objective: 'lc4' } });
