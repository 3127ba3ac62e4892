/**
 * @module
 * Parser for the SOQL subset the relay issues: `SELECT fields|COUNT() FROM object [WHERE …]
 * [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n]`, where conditions combine
 * `= != <> < <= > >= LIKE IN NOT IN` with `AND`, `OR`, `NOT` and parentheses, and fields may be
 * one relationship hop away (`Account.Name`, `ns__Invoice__r.Name`).
 */

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string };

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'compare'; field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like'; value: Literal }
  | { kind: 'in'; field: string; negated: boolean; values: Literal[] };

export interface SoqlQuery {
  readonly fields: readonly string[];
  readonly count: boolean;
  readonly from: string;
  readonly where?: Condition;
  readonly orderBy: readonly { field: string; desc: boolean; nullsLast: boolean }[];
  readonly limit?: number;
  readonly offset?: number;
}

/** A parse failure, reported by the org as `MALFORMED_QUERY`. */
export class SoqlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SoqlSyntaxError';
  }
}

type Token = { t: 'word' | 'string' | 'number' | 'op' | 'punct' | 'date'; v: string };

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let s = '';
      i++;
      while (i < q.length && q[i] !== "'") {
        if (q[i] === '\\' && i + 1 < q.length) {
          const n = q[i + 1]!;
          s += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          i += 2;
        } else s += q[i++];
      }
      if (q[i] !== "'") throw new SoqlSyntaxError('unterminated string literal');
      i++;
      out.push({ t: 'string', v: s });
    } else if (/\d/.test(c) || (c === '-' && /\d/.test(q[i + 1] ?? ''))) {
      const m = /^-?\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2}))?/.exec(q.slice(i));
      if (m && !/^-/.test(m[0])) {
        out.push({ t: 'date', v: m[0] });
        i += m[0].length;
      } else {
        const n = /^-?\d+(\.\d+)?/.exec(q.slice(i))!;
        out.push({ t: 'number', v: n[0] });
        i += n[0].length;
      }
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(q.slice(i))!;
      out.push({ t: 'word', v: m[0] });
      i += m[0].length;
    } else if (/[<>!=]/.test(c)) {
      const m = /^(<=|>=|!=|<>|=|<|>)/.exec(q.slice(i));
      if (!m) throw new SoqlSyntaxError(`unexpected token: '${c}'`);
      out.push({ t: 'op', v: m[0] === '<>' ? '!=' : m[0] });
      i += m[0].length;
    } else if ('(),'.includes(c)) {
      out.push({ t: 'punct', v: c });
      i++;
    } else {
      throw new SoqlSyntaxError(`unexpected token: '${c}'`);
    }
  }
  return out;
}

/**
 * @example parseSoql("SELECT Id, Name FROM Account WHERE Name LIKE 'Ac%' ORDER BY Name LIMIT 10")
 */
export function parseSoql(q: string): SoqlQuery {
  const toks = tokenize(q);
  let p = 0;
  const peek = () => toks[p];
  const isWord = (w: string, tok = peek()) => tok?.t === 'word' && tok.v.toUpperCase() === w;
  const expectWord = (w: string) => {
    if (!isWord(w)) throw new SoqlSyntaxError(`expecting '${w}', found '${peek()?.v ?? 'EOF'}'`);
    p++;
  };
  const expectPunct = (v: string) => {
    if (peek()?.t !== 'punct' || peek()?.v !== v)
      throw new SoqlSyntaxError(`expecting '${v}', found '${peek()?.v ?? 'EOF'}'`);
    p++;
  };
  const ident = () => {
    const tok = peek();
    if (tok?.t !== 'word') throw new SoqlSyntaxError(`unexpected token: '${tok?.v ?? 'EOF'}'`);
    p++;
    return tok.v;
  };
  const literal = (): Literal => {
    const tok = toks[p++];
    if (!tok) throw new SoqlSyntaxError('unexpected end of query');
    if (tok.t === 'string') return { kind: 'string', value: tok.v };
    if (tok.t === 'number') return { kind: 'number', value: Number(tok.v) };
    if (tok.t === 'date') return { kind: 'date', value: tok.v };
    if (isWord('TRUE', tok) || isWord('FALSE', tok)) return { kind: 'boolean', value: tok.v.toUpperCase() === 'TRUE' };
    if (isWord('NULL', tok)) return { kind: 'null' };
    throw new SoqlSyntaxError(`unexpected token: '${tok.v}'`);
  };

  expectWord('SELECT');
  const fields: string[] = [];
  let count = false;
  do {
    if (fields.length || count) p++;
    if (isWord('COUNT') && toks[p + 1]?.v === '(') {
      p += 2;
      expectPunct(')');
      count = true;
    } else fields.push(ident());
  } while (peek()?.v === ',');
  expectWord('FROM');
  const from = ident();

  const condition = (): Condition => {
    let left = conjunction();
    while (isWord('OR')) {
      p++;
      left = { kind: 'or', left, right: conjunction() };
    }
    return left;
  };
  const conjunction = (): Condition => {
    let left = factor();
    while (isWord('AND')) {
      p++;
      left = { kind: 'and', left, right: factor() };
    }
    return left;
  };
  const factor = (): Condition => {
    if (isWord('NOT')) {
      p++;
      return { kind: 'not', inner: factor() };
    }
    if (peek()?.v === '(') {
      p++;
      const inner = condition();
      expectPunct(')');
      return inner;
    }
    const field = ident();
    let negated = false;
    if (isWord('NOT') && isWord('IN', toks[p + 1])) {
      negated = true;
      p++;
    }
    if (isWord('IN')) {
      p++;
      expectPunct('(');
      const values: Literal[] = [literal()];
      while (peek()?.v === ',') {
        p++;
        values.push(literal());
      }
      expectPunct(')');
      return { kind: 'in', field, negated, values };
    }
    if (isWord('LIKE')) {
      p++;
      return { kind: 'compare', field, op: 'like', value: literal() };
    }
    const op = peek();
    if (op?.t !== 'op') throw new SoqlSyntaxError(`unexpected token: '${op?.v ?? 'EOF'}'`);
    p++;
    return { kind: 'compare', field, op: op.v as '=', value: literal() };
  };

  let where: Condition | undefined;
  if (isWord('WHERE')) {
    p++;
    where = condition();
  }
  const orderBy: { field: string; desc: boolean; nullsLast: boolean }[] = [];
  if (isWord('ORDER')) {
    p++;
    expectWord('BY');
    do {
      if (orderBy.length) p++;
      const field = ident();
      let desc = false;
      if (isWord('ASC') || isWord('DESC')) desc = toks[p++]!.v.toUpperCase() === 'DESC';
      let nullsLast = desc;
      if (isWord('NULLS')) {
        p++;
        nullsLast = ident().toUpperCase() === 'LAST';
      }
      orderBy.push({ field, desc, nullsLast });
    } while (peek()?.v === ',');
  }
  let limit: number | undefined;
  let offset: number | undefined;
  if (isWord('LIMIT')) {
    p++;
    limit = Number(toks[p++]?.v);
  }
  if (isWord('OFFSET')) {
    p++;
    offset = Number(toks[p++]?.v);
  }
  if (p < toks.length) throw new SoqlSyntaxError(`unexpected token: '${toks[p]!.v}'`);
  return { fields, count, from, where, orderBy, limit, offset };
}
