/**
 * Polyaxon's `{{ name }}` templates in `run.cmd` (docs/commands.md, "Templating").
 * Polyaxon v0 rendered the whole run section with Jinja2 (polyaxon_schemas Parser:
 * `jinja2.Environment().from_string(text).render(**params)`); hptune supports the part
 * of Jinja2 that polyaxonfiles use: `{{ name }}`, `{{ name.key }}`, `{{ name[0] }}` and
 * `{{ name['key'] }}`, whitespace-tolerant. Anything else between the braces (filters,
 * arithmetic, `{% ... %}` tags) is refused by `hptune check` rather than rendered wrongly.
 *
 * Pure: used by the spec parser (unknown names are `check` errors) and by the command
 * runners (src/cmd) to render a trial's command.
 */

/** One piece of a template: literal text, or a reference to a param. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'ref';
      /** The param name, then keys or indexes into its value. */
      readonly name: string;
      readonly keys: readonly (string | number)[];
      /** The reference as written, braces included: `{{ lr }}`. */
      readonly source: string;
    };

export interface TemplateError {
  /** The offending piece as written (for the message and to place it in the file). */
  readonly source: string;
  readonly message: string;
}

export interface ParsedTemplate {
  readonly parts: readonly TemplatePart[];
  readonly errors: readonly TemplateError[];
}

const SUPPORTED = 'hptune supports {{ name }}, {{ name.key }}, {{ name[0] }} and {{ name[\'key\'] }}';
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits `text` into literal text and `{{ ... }}` references; never throws. */
export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const errors: TemplateError[] = [];
  let at = 0;
  const literal = (s: string) => {
    if (s === '') return;
    const last = parts.at(-1);
    if (last?.kind === 'text') parts[parts.length - 1] = { kind: 'text', text: last.text + s };
    else parts.push({ kind: 'text', text: s });
  };
  while (at < text.length) {
    const open = text.indexOf('{', at);
    if (open < 0 || open + 1 >= text.length) break;
    const next = text[open + 1];
    if (next === '%') {
      const close = text.indexOf('%}', open + 2);
      const source = close < 0 ? text.slice(open) : text.slice(open, close + 2);
      errors.push({ source, message: `template tags like ${clip(source)} are not supported: ${SUPPORTED}` });
      literal(text.slice(at, open + 2));
      at = open + 2;
      continue;
    }
    if (next !== '{') {
      literal(text.slice(at, open + 1));
      at = open + 1;
      continue;
    }
    literal(text.slice(at, open));
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      const source = text.slice(open);
      errors.push({ source, message: `${clip(source)} opens a template with {{ but never closes it with }}` });
      literal(source);
      at = text.length;
      break;
    }
    const source = text.slice(open, close + 2);
    const ref = parseRef(text.slice(open + 2, close).trim());
    if (ref) parts.push({ kind: 'ref', ...ref, source });
    else {
      errors.push({ source, message: `${clip(source)} is not a supported template expression: ${SUPPORTED}` });
      literal(source);
    }
    at = close + 2;
  }
  literal(text.slice(at));
  return { parts, errors };
}

/** `name`, then any of `.key`, `[0]`, `['key']`, `["key"]`; undefined for anything else. */
function parseRef(expr: string): { name: string; keys: (string | number)[] } | undefined {
  const head = IDENT.exec(expr);
  if (!head) return undefined;
  const keys: (string | number)[] = [];
  let rest = expr.slice(head[0].length);
  while (rest !== '') {
    const m = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest) ?? /^\[\s*(\d+)\s*\]/.exec(rest) ?? /^\[\s*(?:'([^']*)'|"([^"]*)")\s*\]/.exec(rest);
    if (!m) return undefined;
    const key = m[1] ?? m[2] ?? m[3] ?? '';
    keys.push(rest.startsWith('[') && /^\d+$/.test(key) && !/^\[\s*['"]/.test(rest) ? Number(key) : key);
    rest = rest.slice(m[0].length);
  }
  return { name: head[0], keys };
}

/** The param names a template refers to, each with the reference as written. */
export function templateRefs(text: string): readonly { readonly name: string; readonly source: string }[] {
  return parseTemplate(text).parts.flatMap((p) => (p.kind === 'ref' ? [{ name: p.name, source: p.source }] : []));
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
