/**
 * The ask/tell API's errors (docs/library.md, "Errors"): a class per kind of problem, each
 * with a `code` a program can switch on and a message that names the trial, the rule and
 * the value received.
 */
import type { SpecIssue } from '../spec/types.ts';
import { formatIssue } from '../spec/issues.ts';

export type AskTellErrorCode =
  /** `tell`, `report` or `fail` for a trial `ask` did not hand out in this group. */
  | 'unknown-trial'
  /** `tell` or `fail` for a trial already told, or `report` after it. */
  | 'told-twice'
  /** A value or a step that is not a finite number. */
  | 'non-finite'
  /** A result that is neither a number nor a list of `{step, values}` reports. */
  | 'bad-report'
  /** `tell(t, number)` in a group with no metric to file the number under. */
  | 'no-metric'
  /** The loop asked for the next trial before telling the last one. */
  | 'not-told';

export class AskTellError extends Error {
  override readonly name = 'AskTellError';
  constructor(
    readonly code: AskTellErrorCode,
    message: string,
    /** The trial the call named, when it named one. */
    readonly trial?: number,
  ) {
    super(message);
  }
}

/** `createGroup` with a spec that does not validate: every issue, with line and column for YAML. */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  readonly code = 'invalid-spec';
  constructor(readonly issues: readonly SpecIssue[]) {
    super(`invalid spec:\n${issues.map((i) => '  ' + formatIssue('spec', i)).join('\n')}`);
  }
}
