/**
 * The rules between folders (docs/architecture.md, "Layers and ports"), read from the
 * import graph of src/ with a real parser (oxc, through Vite's `parseSync`; TypeScript 7
 * has no JS API): static imports, `import type`, `export ... from` and dynamic `import()`.
 *
 * - One door: outside src/engine, nothing imports an engine module but src/engine/index.ts.
 * - Engine folders form no cycle (a root file of src/engine counts as its own node).
 * - The engine is pure: no DOM, tfjs, lit, idb or comlink, no Node built-ins, no
 *   window/document/indexedDB, no Math.random (randomness comes from rng.ts).
 * - No file in src/engine is over 300 lines.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseSync } from 'vite';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');
const ENGINE = join(SRC, 'engine');
const DOOR = join(ENGINE, 'index.ts');
const MAX_LINES = 300;

/** Packages the engine may not import: the DOM, tfjs, lit, IndexedDB, workers, charts. */
const FORBIDDEN_PACKAGES = [/^@tensorflow\//, /^lit($|\/)/, /^@lit\//, /^idb($|\/)/, /^comlink($|\/)/, /^d3-/, /^node:/];
/** Globals the engine may not touch (as bare identifiers, not as property names). */
const FORBIDDEN_GLOBALS = new Set(['window', 'document', 'indexedDB', 'localStorage', 'sessionStorage', 'navigator', 'Worker']);

const rel = (f: string) => relative(ROOT, f).split(sep).join('/');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The file a relative specifier names, or undefined for a package. */
function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? base;
}

type Node = { readonly type: string; readonly start: number; readonly [key: string]: unknown };

interface Parsed {
  readonly file: string;
  readonly text: string;
  readonly lines: number;
  /** Specifiers as written, from every import form. */
  readonly specifiers: readonly string[];
  readonly program: Node;
}

function parseText(file: string, text: string): Parsed {
  const { program, module, errors } = parseSync(file, text);
  if (errors.length > 0) throw new Error(`${rel(file)} does not parse: ${errors[0]!.message}`);
  const specifiers = [
    ...module.staticImports.map((i) => i.moduleRequest.value),
    ...module.staticExports.flatMap((e) => e.entries.flatMap((x) => (x.moduleRequest ? [x.moduleRequest.value] : []))),
    // A dynamic import's argument: a string literal is followed; a computed one cannot be.
    ...module.dynamicImports.map((d) => text.slice(d.moduleRequest.start, d.moduleRequest.end)).flatMap((a) => /^(['"`])[^'"`$]*\1$/.test(a) ? [a.slice(1, -1)] : []),
  ];
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return { file, text, lines, specifiers: [...new Set(specifiers)], program: program as unknown as Node };
}

const parse = (file: string): Parsed => parseText(file, readFileSync(file, 'utf8'));

const files = sourceFiles(SRC).map(parse);

/** An engine module's node in the folder graph: its folder under src/engine, or the file itself at the root. */
function engineNode(file: string): string {
  const r = relative(ENGINE, file).split(sep);
  return r.length === 1 ? r[0]! : r.slice(0, -1).join('/');
}

/** Strongly connected components with more than one node (Tarjan), each as a cycle to print. */
function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** Edges between engine nodes, each with one import that makes it (for the message). */
function engineGraph(parsed: readonly Parsed[]): { graph: Map<string, Set<string>>; why: Map<string, string> } {
  const graph = new Map<string, Set<string>>();
  const why = new Map<string, string>();
  for (const p of parsed) {
    if (!p.file.startsWith(ENGINE + sep)) continue;
    const from = engineNode(p.file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const spec of p.specifiers) {
      const target = resolveSpecifier(p.file, spec);
      if (!target?.startsWith(ENGINE + sep)) continue;
      const to = engineNode(target);
      if (to === from) continue;
      graph.get(from)!.add(to);
      if (!why.has(`${from} -> ${to}`)) why.set(`${from} -> ${to}`, `${rel(p.file)} imports '${spec}'`);
    }
  }
  return { graph, why };
}

/** Where an identifier is a name (a property, a declaration, a specifier), not a reference to a global. */
function isName(parent: Node, key: string): boolean {
  switch (parent.type) {
    case 'MemberExpression':
      return key === 'property' && !parent.computed;
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
    case 'TSPropertySignature':
    case 'TSMethodSignature':
      return key === 'key' && !parent.computed;
    case 'ImportSpecifier':
    case 'ExportSpecifier':
    case 'TSQualifiedName':
    case 'LabeledStatement':
      return true;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return key === 'params' || key === 'id';
    case 'VariableDeclarator':
      return key === 'id';
    default:
      return false;
  }
}

/** Bare uses of forbidden globals and uses of Math.random in a source file. */
function forbiddenGlobals(p: Parsed): string[] {
  const found: string[] = [];
  const where = (n: Node) => {
    const before = p.text.slice(0, n.start);
    return `${rel(p.file)}:${before.split('\n').length}:${n.start - before.lastIndexOf('\n')}`;
  };
  const visit = (n: Node, parent: Node | undefined, key: string): void => {
    if (n.type === 'Identifier' && FORBIDDEN_GLOBALS.has(n.name as string) && !(parent && isName(parent, key))) {
      found.push(`${where(n)} uses ${n.name as string}`);
    }
    if (n.type === 'MemberExpression' && !n.computed) {
      const object = n.object as Node;
      const property = n.property as Node;
      if (object.type === 'Identifier' && object.name === 'Math' && property.name === 'random') found.push(`${where(n)} uses Math.random`);
      if (object.type === 'Identifier' && (object.name === 'globalThis' || object.name === 'self') && FORBIDDEN_GLOBALS.has(property.name as string)) {
        found.push(`${where(n)} uses ${object.name}.${property.name as string}`);
      }
    }
    for (const [k, v] of Object.entries(n)) {
      if (k === 'parent' || v === null || typeof v !== 'object') continue;
      for (const child of Array.isArray(v) ? v : [v]) {
        if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node, n, k);
      }
    }
  };
  visit(p.program, undefined, '');
  return found;
}

describe('the import graph of src/', () => {
  it('finds the engine, its door and the layers around it', () => {
    // Guards the checks below against reading nothing (a moved folder, a wrong root).
    const engineFiles = files.filter((p) => p.file.startsWith(ENGINE + sep));
    expect(engineFiles.length).toBeGreaterThan(30);
    expect(files.some((p) => p.file === DOOR)).toBe(true);
    for (const layer of ['ui', 'cli', 'workers', 'store']) {
      expect(files.some((p) => p.file.startsWith(join(SRC, layer) + sep)), layer).toBe(true);
    }
  });

  it('outside src/engine, nothing imports an engine module but src/engine/index.ts (type-only and dynamic imports included)', () => {
    const violations: string[] = [];
    for (const p of files) {
      if (p.file.startsWith(ENGINE + sep)) continue;
      for (const spec of p.specifiers) {
        const target = resolveSpecifier(p.file, spec);
        if (target?.startsWith(ENGINE + sep) && target !== DOOR) violations.push(`${rel(p.file)} imports '${spec}'`);
      }
    }
    expect(violations, 'import these through src/engine/index.ts (export what is needed there)').toEqual([]);
  });

  it("src/engine's folders form no cycle", () => {
    const { graph, why } = engineGraph(files);
    const found = cycles(graph).map((scc) => {
      const members = new Set(scc);
      const edges = [...why].filter(([edge]) => {
        const [a, b] = edge.split(' -> ');
        return members.has(a!) && members.has(b!);
      });
      return `${scc.join(', ')}: ${edges.map(([edge, w]) => `${edge} (${w})`).join('; ')}`;
    });
    expect(found).toEqual([]);
  });

  it('src/engine imports no DOM, tfjs, lit, idb, comlink or Node library, and touches no window, document, indexedDB or Math.random', () => {
    const violations: string[] = [];
    for (const p of files) {
      if (!p.file.startsWith(ENGINE + sep)) continue;
      for (const spec of p.specifiers) {
        if (FORBIDDEN_PACKAGES.some((re) => re.test(spec))) violations.push(`${rel(p.file)} imports '${spec}'`);
        const target = resolveSpecifier(p.file, spec);
        if (target !== undefined && !target.startsWith(ENGINE + sep)) violations.push(`${rel(p.file)} imports '${spec}', outside src/engine`);
      }
      violations.push(...forbiddenGlobals(p));
    }
    expect(violations).toEqual([]);
  });

  it(`no file in src/engine is over ${MAX_LINES} lines`, () => {
    const long = files.filter((p) => p.file.startsWith(ENGINE + sep) && p.lines > MAX_LINES).map((p) => `${rel(p.file)}: ${p.lines} lines`);
    expect(long).toEqual([]);
  });
});

describe('the checks themselves (on small made-up sources)', () => {
  it('see every import form: static, type-only, export-from, side-effect and dynamic, not comments or strings', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from './b.ts';",
      "export { c } from './c.ts';",
      "export * from './d.ts';",
      "import './e.ts';",
      "const f = await import('./f.ts');",
      "// import { g } from './g.ts';",
      "const s = \"import { h } from './h.ts'\";",
      'export type { I } from "./i.ts";',
    ].join('\n');
    expect([...parseText(join(ENGINE, 'x.ts'), text).specifiers].sort()).toEqual(['./a.ts', './b.ts', './c.ts', './d.ts', './e.ts', './f.ts', './i.ts']);
  });

  it('find a cycle of three folders and none in a chain', () => {
    const g = (edges: [string, string][]) => {
      const m = new Map<string, Set<string>>();
      for (const [a, b] of edges) {
        if (!m.has(a)) m.set(a, new Set());
        if (!m.has(b)) m.set(b, new Set());
        m.get(a)!.add(b);
      }
      return m;
    };
    expect(cycles(g([['schedulers', 'samplers'], ['samplers', 'space'], ['space', 'samplers'], ['space', 'types.ts']]))).toEqual([['samplers', 'space']]);
    expect(cycles(g([['schedulers', 'samplers'], ['samplers', 'space'], ['space', 'types.ts']]))).toEqual([]);
  });

  it('flag window, document.title, globalThis.indexedDB and Math.random, but not properties or parameters of the same name', () => {
    const check = (text: string) => forbiddenGlobals(parseText(join(ENGINE, 'x.ts'), text)).map((b) => b.replace(/^.*uses /, ''));
    expect(check('const w = window; document.title; globalThis.indexedDB; const r = Math.random();')).toEqual(['window', 'document', 'globalThis.indexedDB', 'Math.random']);
    expect(check('const o = { document: 1 }; o.document; interface I { window: number } function f(navigator: number) {} const rng = { random: () => 0 }; rng.random();')).toEqual([]);
  });
});
