// The spec rules of command trials: run.cmd's forms, template names checked at check time,
// Polyaxon 0.6's inputs/outputs, run.grace_period.
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../src/engine/index.ts';

const head = `version: 1
kind: group
`;
const matrix = `hptuning:
  matrix:
    lr: {values: [0.1, 0.01]}
`;

function issues(text: string): string[] {
  const r = parseSpec(text);
  return r.ok ? [] : r.issues.map((i) => `${i.line}:${i.col} ${i.path}: ${i.message}`);
}

describe('run.cmd at check time', () => {
  it('accepts the resource of a budgeted search as a template name', () => {
    expect(issues(`${head}hptuning:
  hyperband: {max_iter: 9, eta: 3, resource: {name: epochs, type: int}, metric: {name: loss, optimization: minimize}}
  matrix:
    lr: {values: [0.1]}
run:
  cmd: python t.py --lr={{ lr }} --epochs={{ epochs }}
`)).toEqual([]);
  });

  it('refuses filters and tags it would not render, with their place', () => {
    expect(issues(`${head}${matrix}run:\n  cmd: "python t.py --lr={{ lr | default(1) }} {% if x %}"\n`)).toEqual([
      expect.stringMatching(/^7:26 run\.cmd: \{\{ lr \| default\(1\) \}\} is not a supported template expression/),
      expect.stringMatching(/^7:48 run\.cmd: template tags like \{% if x %\} are not supported/),
    ]);
  });

  it('checks the if operator and every string inside it', () => {
    expect(issues(`${head}${matrix}run:\n  cmd:\n    if: {cond: "{{ lr }} > 0.05", else_do: "echo {{ nope }}", then: x}\n`)).toEqual([
      expect.stringMatching(/^8:5 run\.cmd\.if\.do: is required/),
      expect.stringMatching(/^8:50 run\.cmd\.if\.else_do: \{\{ nope \}\} names 'nope'/),
      expect.stringMatching(/^8:63 run\.cmd\.if\.then: unknown key 'then'; the keys of the if operator are cond, do, else_do/),
    ]);
    expect(issues(`${head}${matrix}run:\n  cmd: []\n`)).toEqual([expect.stringContaining('received an empty list')]);
    expect(issues(`${head}${matrix}run:\n  cmd: {python: t.py}\n`)).toEqual([expect.stringContaining('must be a command string, a list of commands, or {if: {cond, do, else_do}}')]);
  });

  it('warns about a matrix key the command never uses', () => {
    const r = parseSpec(`${head}hptuning:\n  matrix:\n    lr: {values: [0.1]}\n    seed_offset: {values: [1, 2]}\nrun:\n  cmd: python t.py --lr={{ lr }}\n`);
    expect(r.warnings.map((w) => `${w.line}:${w.col} ${w.path}: ${w.message}`)).toEqual([
      "6:5 hptuning.matrix.seed_offset: run.cmd does not use {{ seed_offset }}, so every value runs the same command (the script still sees seed_offset in HPTUNE_PARAMS)",
    ]);
  });

  it('takes grace_period with cmd only', () => {
    expect(issues(`${head}${matrix}run:\n  cmd: echo {{ lr }}\n  grace_period: 2.5\n`)).toEqual([]);
    expect(issues(`${head}${matrix}run:\n  objective: noop\n  grace_period: 2\n`)).toEqual([expect.stringContaining('run.grace_period: applies only to run.cmd')]);
    expect(issues(`${head}${matrix}run:\n  cmd: echo\n  grace_period: -1\n`)).toEqual([expect.stringContaining('must be a number of seconds ≥ 0, received -1')]);
  });
});

describe("Polyaxon 0.6's inputs and outputs", () => {
  const run = 'run:\n  cmd: python t.py --lr={{ lr }}\n';

  it('accepts declared names with defaults, and outputs as names', () => {
    const spec = parseSpec(`${head}inputs:\n  - {name: lr, type: float}\n  - {name: opt, type: str, is_optional: true, default: adam, options: [adam, sgd]}\noutputs:\n  - {name: loss, type: metric}\n${matrix}${run}`);
    expect(spec.ok && spec.spec.run).toMatchObject({ kind: 'cmd', inputs: [{ name: 'lr', isOptional: false }, { name: 'opt', default: 'adam', isOptional: true }], outputs: [{ name: 'loss' }] });
  });

  it.each([
    ['inputs:\n  - {name: other, type: float}\n', "'lr' is not declared in inputs or outputs"],
    ['inputs:\n  - {name: lr, type: float}\n  - {name: bs, type: int}\n', 'input bs is required (not is_optional), but neither hptuning.matrix nor params supplies it'],
    ['inputs:\n  - {name: lr, type: float, default: 0.1}\n', 'lr is not optional and has a default value 0.1'],
    ['inputs:\n  - {name: lr, type: float}\n  - {name: gpu, type: int, is_flag: true, is_optional: true}\n', 'a flag must have type bool, received type \'int\''],
    ['inputs:\n  - {name: lr, type: int}\n', 'must be of type int, received 0.1 (declared in inputs)'],
    ['inputs:\n  - {name: lr, type: float, is_optional: true, default: x}\n', "must be of type float, received 'x'"],
    ['inputs:\n  - {name: lr, type: decimal}\n', 'must be one of int, float, bool, str'],
    ['inputs:\n  - {name: lr}\noutputs:\n  - {name: lr}\n', "'lr' is declared twice in inputs/outputs"],
  ])('refuses %j', (section, message) => {
    expect(issues(`${head}${section}${matrix}${run}`).join('\n')).toContain(message);
  });
});
