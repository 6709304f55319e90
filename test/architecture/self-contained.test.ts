/**
 * The repository stands on its own: no tracked file under src/, public/, test/, docs/ or README.md
 * points into a sibling folder that a fresh clone does not have, or cites internal codes that
 * mean nothing inside this repository (the team's decision numbers, spec section numbers, the
 * reference-implementation shorthand, issue numbers, the team's reference files). Comments
 * and messages cite docs/ by file and section title instead (docs/README.md), and every such
 * citation names a page and a heading that exist. `.ci/run` checks the sibling-folder rule for
 * every tracked file. The patterns are built from parts, so this file holds none of them.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SELF = 'test/architecture/self-contained.test.ts';
const SCOPE = ['src', 'public', 'test', 'docs', 'README.md'];

/** Built from parts, so that this file holds none of them literally. */
const SIBLING = ['..', 'shared'].join('/');
const CODES: readonly [string, RegExp][] = [
  ['a decision number (a capital D and one or two digits)', new RegExp(['\\b', 'D[0-9]{1,2}', '\\b'].join(''))],
  ['the reference-implementation shorthand', new RegExp(['\\b', 'R', 'EF', '\\b'].join(''))],
  ['a section sign', /\u00a7/],
  ['an issue number', /\bissues? [0-9]+/i],
  ['a reference file of the team', new RegExp(['DESIGN', 'TOOL' + 'CHAIN', 'PROBLEMS', 'STYLE', 'SKETCH'].map((n) => `\\b${n}\\.md\\b|\\b${n} \\u00a7?\\d`).join('|'))],
];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [relative(ROOT, p).split(sep).join('/')];
  });
}

/** Tracked files in scope (every file in scope when this is not a git checkout, e.g. an exported tarball). */
function filesInScope(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z', '--', ...SCOPE], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  } catch {
    return SCOPE.flatMap((s) => (statSync(join(ROOT, s)).isDirectory() ? walk(join(ROOT, s)) : [s]));
  }
}

/** `file:line: text` for every line that matches; binary files (a NUL byte) are skipped. */
function hits(pattern: RegExp | string): string[] {
  const out: string[] = [];
  for (const file of filesInScope()) {
    if (file === SELF) continue;
    let text: string;
    try {
      text = readFileSync(join(ROOT, file), 'utf8');
    } catch {
      continue; // listed by git but deleted in the work tree
    }
    if (text.includes('\0')) continue;
    text.split('\n').forEach((line, i) => {
      if (typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line)) out.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  return out;
}

/** The headings of every page in docs/. */
function docHeadings(): Map<string, Set<string>> {
  const pages = new Map<string, Set<string>>();
  for (const name of readdirSync(join(ROOT, 'docs'))) {
    if (!name.endsWith('.md')) continue;
    const lines = readFileSync(join(ROOT, 'docs', name), 'utf8').split('\n');
    pages.set(name, new Set(lines.filter((l) => /^#{1,6} /.test(l)).map((l) => l.replace(/^#+\s*/, '').trim())));
  }
  return pages;
}

describe('a repository that stands on its own', () => {
  it('every docs/ citation (docs/FILE.md, "Heading") names a page and a heading that exist', () => {
    const pages = docHeadings();
    const cite = /docs\/([a-z-]+\.md),? "((?:[^"\\]|\\.)+)"/g;
    const broken = hits(/docs\/[a-z-]+\.md,? "/).flatMap((hit) =>
      [...hit.matchAll(cite)]
        .map(([, page, heading]) => [page!, heading!.replace(/\\'/g, "'")] as const)
        .filter(([page, heading]) => !pages.get(page)?.has(heading))
        .map(([page, heading]) => `${hit.split(': ')[0]}: docs/${page}, "${heading}"`),
    );
    expect(broken).toEqual([]);
  });

  it(`no tracked file reads or mentions ${SIBLING}`, () => {
    expect(hits(SIBLING)).toEqual([]);
  });

  for (const [what, pattern] of CODES) {
    it(`no comment or message cites ${what}`, () => {
      expect(hits(pattern)).toEqual([]);
    });
  }
});
