// Command templating as Polyaxon v0 rendered it (Jinja2, Python str()), the cmd forms, the
// if operator's condition, and the metrics protocol's line decoder.
import { describe, expect, it } from 'vitest';
import { parseSpec, type RunSpec } from '../../src/engine/index.ts';
import { pyNumber, pyStr, renderTrialCommand, type CmdRun } from '../../src/cmd/render.ts';
import { evaluateCondition } from '../../src/cmd/cond.ts';
import { MetricsDecoder, LineSplitter } from '../../src/cmd/protocol.ts';

function cmdRun(body: string, extra = ''): CmdRun {
  const parsed = parseSpec(`version: 1
kind: group
${extra}hptuning:
  matrix:
    lr: {values: [0.1]}
    model: {values: [DNA, RNA]}
run:
${body}`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const run: RunSpec = parsed.spec.run!;
  if (run.kind !== 'cmd') throw new Error('not a cmd run');
  return run;
}

describe('rendering values as Python str() (what Jinja2 printed)', () => {
  it('renders every value type', () => {
    expect(pyStr('adam')).toBe('adam');
    expect(pyStr(true)).toBe('True');
    expect(pyStr(false)).toBe('False');
    expect(pyStr(null)).toBe('None');
    expect(pyStr(64)).toBe('64');
    expect(pyStr([1, 'a', "it's", 0.5])).toBe(`[1, 'a', "it's", 0.5]`);
    expect(pyStr({ units: [32, 64], act: 'relu', drop: null })).toBe(`{'units': [32, 64], 'act': 'relu', 'drop': None}`);
  });

  it('writes floats with Python repr digits and exponents', () => {
    expect([1e-5, 0.0001, 0.1, 123.456, -2.5e-7, 1.5e16 + 0.5, 2.5e-10].map(pyNumber)).toEqual(['1e-05', '0.0001', '0.1', '123.456', '-2.5e-07', '15000000000000000', '2.5e-10']);
  });
});

describe('run.cmd forms', () => {
  it('renders a string with whitespace-tolerant names, indexes and keys', () => {
    const run = cmdRun(`  cmd: python train.py --lr={{lr}} --m={{ model }} --u={{ units[1] }} --a={{ cfg.act }} --b={{ cfg['b'] }}`, 'params: {units: [16, 32], cfg: {act: relu, b: 2}}\n');
    const r = renderTrialCommand(run, { lr: 0.1, model: 'DNA', units: [16, 32], cfg: { act: 'relu', b: 2 } });
    expect(r).toMatchObject({ ok: true, line: 'python train.py --lr=0.1 --m=DNA --u=32 --a=relu --b=2' });
  });

  it('joins a list with && and folds continuation lines, as Polyaxon did', () => {
    const run = cmdRun(`  cmd:\n    - pip install -q foo\n    - |\n      python train.py \\\n        --lr={{ lr }}`);
    const r = renderTrialCommand(run, { lr: 0.01, model: 'DNA' });
    expect(r).toMatchObject({ ok: true, commands: ['pip install -q foo', 'python train.py \\\n  --lr=0.01\n'], line: 'pip install -q foo && python train.py --lr=0.01' });
  });

  it("picks do or else_do by the rendered condition (Polyaxon's polyaxonfile fixture)", () => {
    const run = cmdRun(`  cmd:\n    if:\n      cond: "'DNA' == '{{ model }}'"\n      do: python dna.py --lr={{ lr }}\n      else_do: [echo other, python rna.py]`);
    expect(renderTrialCommand(run, { lr: 0.1, model: 'DNA' })).toMatchObject({ ok: true, line: 'python dna.py --lr=0.1' });
    expect(renderTrialCommand(run, { lr: 0.1, model: 'RNA' })).toMatchObject({ ok: true, line: 'echo other && python rna.py' });
  });

  it('fails the trial when the condition is false and there is no else_do', () => {
    const run = cmdRun(`  cmd:\n    if: {cond: "{{ lr }} > 1", do: python big.py}`);
    const r = renderTrialCommand(run, { lr: 0.1, model: 'DNA' });
    expect(r).toEqual({ ok: false, message: expect.stringContaining('no else_do') });
  });

  it('takes inputs defaults and renders flags as --name or nothing', () => {
    const run = cmdRun(
      `  cmd: python t.py {{ gpu }} --opt={{ opt }} --lr={{ lr }} --m={{ model }}`,
      'inputs:\n  - {name: gpu, type: bool, is_flag: true, is_optional: true, default: false}\n  - {name: opt, type: str, is_optional: true, default: sgd}\n  - {name: lr, type: float}\n  - {name: model, type: str}\n',
    );
    expect(renderTrialCommand(run, { lr: 0.1, model: 'DNA' })).toMatchObject({ line: 'python t.py  --opt=sgd --lr=0.1 --m=DNA' });
    expect(renderTrialCommand(run, { lr: 0.1, model: 'DNA', gpu: true, opt: 'adam' })).toMatchObject({ line: 'python t.py --gpu --opt=adam --lr=0.1 --m=DNA' });
  });
});

describe('the if condition (Jinja2 expressions over literals)', () => {
  it.each([
    ["'DNA' == 'DNA'", true],
    ["'DNA' == 'RNA'", false],
    ['0.01 < 0.1 and not False', true],
    ['True', true],
    ['None', false],
    ['relu', false], // an unquoted string is an undefined name for Jinja2
    ["'a' in ['a', 'b']", true],
    ['3 not in [1, 2]', true],
    ['2 * 3 == 6 or False', true],
    ['(1 + 1) // 2 == 1', true],
    ['0 != 0 and 1 / 0 > 2', false], // short-circuit: the right side is not computed
    ["True or 'a' < 1", true],
    ['1 < 2 < 3', true],
    ['3 > 2 > 2', false],
  ])('%s is %s', (cond, expected) => {
    expect(evaluateCondition(cond)).toBe(expected);
  });

  it('refuses what it cannot read', () => {
    expect(() => evaluateCondition("'a' < 1")).toThrow(/cannot compare/);
    expect(() => evaluateCondition('1 ==')).toThrow(/ends too early/);
  });
});

describe('the metrics protocol', () => {
  it('numbers omitted steps after the last one and keeps explicit steps', () => {
    const d = new MetricsDecoder();
    expect(d.decode('{"metrics": {"loss": 0.5}}')).toEqual({ ok: true, report: { step: 1, values: { loss: 0.5 } } });
    expect(d.decode('{"step": 10, "metrics": {"loss": 0.4}, "time": 3}')).toEqual({ ok: true, report: { step: 10, values: { loss: 0.4 } } });
    expect(d.decode('{"metrics": {"loss": 0.3}}')).toMatchObject({ report: { step: 11 } });
  });

  it("reads Python's NaN and Infinity so the engine can say which metric was not finite", () => {
    expect(new MetricsDecoder().decode('{"metrics": {"loss": NaN, "x": -Infinity}}')).toMatchObject({ ok: true, report: { values: { loss: Number.NaN, x: -Infinity } } });
  });

  it.each([
    ['loss=0.3', 'not JSON'],
    ['[1, 2]', 'expected an object'],
    ['{"metrics": {"loss": "low"}}', 'must be a number'],
    ['{"metrics": {}}', 'is empty'],
    ['{"step": -1, "metrics": {"loss": 1}}', '"step" must be a number'],
    ['{"loss": 0.3}', 'unknown key "loss"'],
  ])('warns about %s', (line, why) => {
    const r = new MetricsDecoder().decode(line);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.warning).toContain(why);
  });

  it('splits chunks into lines and keeps an unterminated piece for later', () => {
    const s = new LineSplitter();
    expect(s.push('a\r\nb')).toEqual(['a']);
    expect(s.push('c\nd')).toEqual(['bc']);
    expect(s.flush()).toEqual(['d']);
  });
});
