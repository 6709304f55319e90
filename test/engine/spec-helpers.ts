import { expect } from 'vitest';
import { parseSpec } from '../../src/engine/spec/parse.ts';
import type { MatrixOption, ParseResult, Spec, SpecIssue } from '../../src/engine/spec/types.ts';

/** Wrap an `hptuning:` fragment (docs/hptuning.md, "Error rules" style) into a whole group file. */
export function group(fragment: string): string {
  return `version: 1\nkind: group\n${fragment}`;
}

export function ok(result: ParseResult): { spec: Spec; warnings: readonly SpecIssue[] } {
  if (!result.ok) throw new Error(`expected a valid spec, got:\n${result.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`);
  return result;
}

export function issues(result: ParseResult): readonly SpecIssue[] {
  expect(result.ok, 'expected the spec to be rejected').toBe(false);
  return result.ok ? [] : result.issues;
}

/** The single issue of a rejected spec whose message contains `text`. */
export function issueWith(result: ParseResult, text: string): SpecIssue {
  const all = issues(result);
  const found = all.find((i) => i.message.includes(text));
  if (!found) throw new Error(`no issue contains ${JSON.stringify(text)}; issues:\n${all.map((i) => `${i.path}: ${i.message}`).join('\n')}`);
  return found;
}

/** Parse one matrix option under random search (where every option is allowed, docs/hptuning.md, "Which matrix options each algorithm takes"). */
export function option(yamlOption: string): MatrixOption {
  return ok(parseSpec(group(`hptuning:\n  random_search: {n_experiments: 1}\n  matrix:\n    p: {${yamlOption}}\n`))).spec.hptuning.matrix[0]!.option;
}

export function optionResult(yamlOption: string): ParseResult {
  return parseSpec(group(`hptuning:\n  random_search: {n_experiments: 1}\n  matrix:\n    p: {${yamlOption}}\n`));
}
