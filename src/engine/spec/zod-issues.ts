/**
 * zod issues → RawIssue. The schemas word their own messages (schema.ts); this maps
 * the few structural codes whose default text is vague, and splits an
 * `unrecognized_keys` issue into one issue per key, placed on the key itself.
 */
import type { z } from 'zod';
import type { Path, RawIssue } from './issues.ts';
import { show } from './issues.ts';

type ZodIssue = z.core.$ZodIssue & { readonly input?: unknown };

export function fromZod(issues: readonly ZodIssue[]): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol') as Path;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: [...path, key], message: `unknown key ${show(key)}; ${issue.message}`, atKey: true });
      }
      continue;
    }
    out.push({ path, message: reword(issue) });
  }
  return out;
}

/** zod's defaults ("Invalid input: expected number, received string") in our style. */
function reword(issue: ZodIssue): string {
  if (!issue.message.startsWith('Invalid') && !issue.message.startsWith('Too ')) return issue.message;
  const received = issue.input === undefined ? 'is required' : `received ${show(issue.input)}`;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `is required: must be ${issue.expected}` : `must be ${issue.expected}, ${received}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}, ${received}`;
    case 'too_small':
    case 'too_big':
      return `${issue.message.replace(/^Too (small|big): /, '')}, ${received}`;
    default:
      return `${issue.message}, ${received}`;
  }
}
