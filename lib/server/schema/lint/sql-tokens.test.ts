import { describe, expect, it } from 'vitest';
import { splitStatements, tokenize } from './sql-tokens';

const words = (sql: string) => tokenize(sql).filter((t) => t.kind === 'word').map((t) => t.value);

describe('tokenize', () => {
  it('lower-cases unquoted words and keeps quoted identifiers exact', () => {
    expect(tokenize(`SELECT "My ""Col""", Other FROM "Schema".t`).map((t) => [t.kind, t.value])).toEqual([
      ['word', 'select'], ['ident', 'My "Col"'], ['punct', ','], ['word', 'other'], ['word', 'from'], ['ident', 'Schema'], ['punct', '.'], ['word', 't'],
    ]);
  });

  it('treats every kind of string constant as one token', () => {
    const sql = `SELECT 'a '' create function', E'it\\'s create trigger', $$create policy$$, $fn$ body $$ nested $$ create role $fn$, U&'d\\0061t', B'101', X'ff', N'n'`;
    expect(words(sql)).toEqual(['select']);
    expect(tokenize(sql).filter((t) => t.kind === 'string')).toHaveLength(8);
  });

  it('drops line comments and nested block comments', () => {
    expect(words(`create -- function\n /* a /* trigger */ still comment */ table t`)).toEqual(['create', 'table', 't']);
  });

  it('tells parameters, casts and operators apart from dollar quotes', () => {
    expect(tokenize(`SELECT $1::uuid, a->>'k', 1.5e3`).map((t) => t.kind)).toEqual(['word', 'param', 'punct', 'word', 'punct', 'word', 'punct', 'string', 'punct', 'number']);
  });

  it('never throws on unterminated input', () => {
    expect(() => tokenize(`SELECT 'open`)).not.toThrow();
    expect(() => tokenize(`SELECT $x$ open`)).not.toThrow();
    expect(() => tokenize(`/* open`)).not.toThrow();
  });
});

describe('splitStatements', () => {
  it('splits at top-level semicolons only and keeps each statement’s text', () => {
    const sql = `CREATE TABLE a (x text DEFAULT ';');\n-- c;\nDO $$ BEGIN PERFORM 1; END $$;  ;\nSELECT 1`;
    expect(splitStatements(sql).map((s) => s.text)).toEqual([`CREATE TABLE a (x text DEFAULT ';')`, `DO $$ BEGIN PERFORM 1; END $$`, 'SELECT 1']);
  });
});
