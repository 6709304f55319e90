/**
 * The condition of Polyaxon's `if` operator. Polyaxon rendered `cond` with the trial's
 * params, then rendered `{% if <rendered cond> %}1{% else %}0{% endif %}` with no params
 * at all (polyaxon_schemas `IfConfig._check_cond`): the rendered text is a Jinja2
 * expression over literals. This evaluates the part of that language conditions use:
 * literals (numbers, quoted strings, True/False/None in either case, lists), `==`, `!=`,
 * `<`, `<=`, `>`, `>=`, `in`, `not in`, `and`, `or`, `not`, `+ - * / // %` and parentheses.
 * A bare word (an unquoted string value rendered into the condition) is an undefined
 * name for Jinja2: false, and equal to nothing (docs/commands.md, "The if operator").
 */

type Value = number | string | boolean | null | undefined | readonly Value[];
const UNDEFINED = undefined;

export class ConditionError extends Error {
  override readonly name = 'ConditionError';
}

const TOKEN = /\s*(?:(\d+\.\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\d+(?:[eE][-+]?\d+)?)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|\/\/|[-+*/%<>()[\],]))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new ConditionError(`cannot read the condition at ${JSON.stringify(text.slice(at).trim().slice(0, 20))}`);
    tokens.push(m[0].trim());
    at = TOKEN.lastIndex;
  }
  return tokens;
}

export function evaluateCondition(text: string): boolean {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const eat = (t: string) => (tokens[i] === t ? (i++, true) : false);
  const expect = (t: string) => {
    if (!eat(t)) throw new ConditionError(`expected ${t} in the condition ${JSON.stringify(text)}`);
  };

  // The operand `and`/`or` does not need is parsed but not computed (Python short-circuits):
  // `{{ x }} != 0 and 1 / {{ x }} > 2` is false for x = 0, not a division error.
  let skipping = 0;
  const calc = (f: () => Value): Value => {
    try {
      return f();
    } catch (e) {
      if (skipping > 0 && e instanceof ConditionError) return UNDEFINED;
      throw e;
    }
  };
  // `a or b` is a when a is truthy, else b; `a and b` is a when a is falsy, else b.
  const chain = (word: string, next: () => Value, keepWhen: boolean) => (): Value => {
    let v = next();
    while (eat(word)) {
      if (truthy(v) !== keepWhen) {
        v = next();
        continue;
      }
      skipping++;
      try {
        next();
      } finally {
        skipping--;
      }
    }
    return v;
  };
  const and: () => Value = chain('and', () => not(), false);
  const or: () => Value = chain('or', and, true);
  const not = (): Value => (eat('not') ? !truthy(not()) : compare());
  // Comparisons chain as in Python: a < b < c is a < b and b < c.
  const compare = (): Value => {
    let left = sum();
    let result: Value = UNDEFINED;
    for (;;) {
      const op = peek();
      if (op === 'not' && tokens[i + 1] === 'in') i += 2;
      else if (op && ['==', '!=', '<', '<=', '>', '>=', 'in'].includes(op)) i++;
      else return result === UNDEFINED ? left : result;
      const right = sum();
      const holds = calc(() => (op === 'not' ? !contains(right, left) : relate(op!, left, right)));
      result = result === UNDEFINED || result === true ? Boolean(holds) : false;
      left = right;
    }
  };
  const sum = (): Value => {
    let v = term();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      i++;
      const [a, b] = [v, term()];
      v = calc(() => arith(op, a, b));
    }
    return v;
  };
  const term = (): Value => {
    let v = unary();
    for (let op = peek(); op === '*' || op === '/' || op === '//' || op === '%'; op = peek()) {
      i++;
      const [a, b] = [v, unary()];
      v = calc(() => arith(op, a, b));
    }
    return v;
  };
  const unary = (): Value => {
    if (eat('-')) {
      const v = unary();
      return calc(() => arith('-', 0, v));
    }
    if (eat('+')) return unary();
    return primary();
  };
  const primary = (): Value => {
    const t = tokens[i++];
    if (t === undefined) throw new ConditionError(`the condition ${JSON.stringify(text)} ends too early`);
    if (t === '(') {
      const v = or();
      expect(')');
      return v;
    }
    if (t === '[') {
      const items: Value[] = [];
      while (!eat(']')) {
        items.push(or());
        if (!eat(',') && peek() !== ']') throw new ConditionError(`expected , or ] in the condition ${JSON.stringify(text)}`);
      }
      return items;
    }
    if (/^[\d.]/.test(t)) return Number(t);
    if (t[0] === "'" || t[0] === '"') return unquote(t);
    if (t === 'True' || t === 'true') return true;
    if (t === 'False' || t === 'false') return false;
    if (t === 'None' || t === 'none') return null;
    if (/^[A-Za-z_]/.test(t)) return UNDEFINED;
    throw new ConditionError(`unexpected ${t} in the condition ${JSON.stringify(text)}`);
  };
  const value = or();
  if (i < tokens.length) throw new ConditionError(`unexpected ${tokens[i]} in the condition ${JSON.stringify(text)}`);
  return truthy(value);
}

function unquote(t: string): string {
  return t.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

/** Python truthiness; Jinja2's Undefined is false. */
function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v);
}

/** Python equality: True == 1, 1 == 1.0, lists element-wise; Undefined equals nothing. */
function equal(a: Value, b: Value): boolean {
  if (a === UNDEFINED || b === UNDEFINED) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, k) => equal(x, (b as readonly Value[])[k]!));
  }
  const num = (v: Value) => (typeof v === 'boolean' ? Number(v) : v);
  return num(a) === num(b);
}

function contains(container: Value, item: Value): boolean {
  if (typeof container === 'string' && typeof item === 'string') return container.includes(item);
  if (Array.isArray(container)) return container.some((x) => equal(x, item));
  throw new ConditionError(`'in' needs a string or a list on its right, received ${describe(container)}`);
}

function relate(op: string, a: Value, b: Value): boolean {
  if (op === '==') return equal(a, b);
  if (op === '!=') return !equal(a, b);
  if (op === 'in') return contains(b, a);
  const bothNumbers = (typeof a === 'number' || typeof a === 'boolean') && (typeof b === 'number' || typeof b === 'boolean');
  if (!bothNumbers && !(typeof a === 'string' && typeof b === 'string')) {
    throw new ConditionError(`cannot compare ${describe(a)} ${op} ${describe(b)}`);
  }
  const [x, y] = bothNumbers ? [Number(a), Number(b)] : [a as string, b as string];
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

function arith(op: string, a: Value, b: Value): Value {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (typeof a !== 'number' || typeof b !== 'number') throw new ConditionError(`cannot compute ${describe(a)} ${op} ${describe(b)}`);
  if ((op === '/' || op === '//' || op === '%') && b === 0) throw new ConditionError('division by zero in the condition');
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '//': return Math.floor(a / b);
    default: return a - Math.floor(a / b) * b;
  }
}

function describe(v: Value): string {
  return v === UNDEFINED ? 'an undefined name' : JSON.stringify(v);
}
