import {
  isName, parseColumn, parseCreateTable, parseTableConstraint, readDotted, toQualified,
  type AlterAction, type CreateTable, type QualifiedName,
} from './ddl-parse';
import { isPunct, isSequence, isWord, splitTopLevel, type Token } from './sql-tokens';

/** Object kinds Nile does not support at all, whatever table they touch. */
export type ForbiddenObject = 'function' | 'procedure' | 'aggregate' | 'trigger' | 'event trigger' | 'policy' | 'role' | 'user' | 'group';

export type SequenceOwner = { table: QualifiedName; column: string };

/** What one statement does, as far as the Nile rules care. */
export type DdlStatement =
  | { kind: 'create_table'; table: CreateTable }
  | { kind: 'alter_table'; table: QualifiedName; actions: AlterAction[] }
  | { kind: 'drop_table'; tables: QualifiedName[] }
  | { kind: 'create_sequence'; name: QualifiedName; ownedBy: SequenceOwner | null }
  | { kind: 'alter_sequence'; name: QualifiedName; ownedBy: SequenceOwner | null }
  | { kind: 'forbidden_object'; object: ForbiddenObject }
  | { kind: 'do_block' }
  | { kind: 'other' };

/** Words that may sit between CREATE and the object kind. */
const CREATE_MODIFIERS = new Set(['or', 'replace', 'global', 'local', 'temp', 'temporary', 'unlogged', 'constraint', 'trusted', 'procedural', 'recursive', 'materialized']);

const FORBIDDEN_KINDS: Record<string, ForbiddenObject> = {
  function: 'function', procedure: 'procedure', aggregate: 'aggregate', trigger: 'trigger', policy: 'policy', role: 'role', group: 'group',
};

/** `OWNED BY table.column` anywhere in a CREATE/ALTER SEQUENCE; null for `OWNED BY NONE` or none. */
function readOwnedBy(tokens: Token[]): SequenceOwner | null {
  for (let i = 0; i < tokens.length; i += 1) {
    if (isSequence(tokens, i, ['owned', 'by']) && !isWord(tokens[i + 2], 'none')) {
      const { parts } = readDotted(tokens, i + 2);
      if (parts.length < 2) return null;
      return { table: toQualified(parts.slice(0, -1)), column: parts.at(-1) as string };
    }
  }
  return null;
}

function parseCreate(tokens: Token[]): DdlStatement {
  let i = 1;
  while (tokens[i]?.kind === 'word' && CREATE_MODIFIERS.has((tokens[i] as Token).value)) i += 1;
  const kind = tokens[i]?.kind === 'word' ? (tokens[i] as Token).value : '';
  if (kind === 'table') return { kind: 'create_table', table: parseCreateTable(tokens, i) };
  if (kind === 'event' && isWord(tokens[i + 1], 'trigger')) return { kind: 'forbidden_object', object: 'event trigger' };
  if (kind === 'user') return isWord(tokens[i + 1], 'mapping') ? { kind: 'other' } : { kind: 'forbidden_object', object: 'user' };
  const forbidden = FORBIDDEN_KINDS[kind];
  if (forbidden) return { kind: 'forbidden_object', object: forbidden };
  if (kind === 'sequence') {
    let at = i + 1;
    if (isSequence(tokens, at, ['if', 'not', 'exists'])) at += 3;
    return { kind: 'create_sequence', name: toQualified(readDotted(tokens, at).parts), ownedBy: readOwnedBy(tokens) };
  }
  return { kind: 'other' };
}

/** One ALTER TABLE action (the text between top-level commas). */
function parseAlterAction(tokens: Token[]): AlterAction {
  const [first, second] = tokens;
  if (isWord(first, 'add')) {
    let at = 1;
    const head = tokens[at];
    if (head?.kind === 'word' && ['constraint', 'primary', 'foreign', 'unique', 'check', 'exclude'].includes(head.value)) {
      return { kind: 'add_constraint', constraint: parseTableConstraint(tokens.slice(at)) };
    }
    if (isWord(head, 'column')) at += 1;
    if (isSequence(tokens, at, ['if', 'not', 'exists'])) at += 3;
    return isName(tokens[at]) ? { kind: 'add_column', column: parseColumn(tokens.slice(at)) } : { kind: 'other' };
  }
  if (isWord(first, 'alter')) {
    const at = isWord(second, 'column') ? 2 : 1;
    const column = tokens[at]?.value ?? '';
    const action = tokens.slice(at + 1);
    if (isSequence(action, 0, ['set', 'default'])) {
      return { kind: 'set_default', column, usesNextval: action.some((t, k) => t.value === 'nextval' && isPunct(action[k + 1], '(')) };
    }
    if (isWord(action[0], 'add') && isWord(action[1], 'generated') && action.some((t) => isWord(t, 'identity'))) {
      return { kind: 'add_identity', column };
    }
    return { kind: 'other' };
  }
  if (isWord(first, 'drop') && !isWord(second, 'constraint')) {
    let at = isWord(second, 'column') ? 2 : 1;
    if (isSequence(tokens, at, ['if', 'exists'])) at += 2;
    return isName(tokens[at]) ? { kind: 'drop_column', column: (tokens[at] as Token).value } : { kind: 'other' };
  }
  if (isWord(first, 'rename')) {
    if (isWord(second, 'to')) return { kind: 'rename_table', to: tokens[2]?.value ?? '' };
    if (isWord(second, 'constraint')) return { kind: 'other' };
    const at = isWord(second, 'column') ? 2 : 1;
    if (isWord(tokens[at + 1], 'to')) return { kind: 'rename_column', from: tokens[at]?.value ?? '', to: tokens[at + 2]?.value ?? '' };
  }
  return { kind: 'other' };
}

function parseAlter(tokens: Token[]): DdlStatement {
  if (isWord(tokens[1], 'sequence')) {
    const at = isSequence(tokens, 2, ['if', 'exists']) ? 4 : 2;
    return { kind: 'alter_sequence', name: toQualified(readDotted(tokens, at).parts), ownedBy: readOwnedBy(tokens) };
  }
  if (!isWord(tokens[1], 'table')) return { kind: 'other' };
  let at = 2;
  if (isSequence(tokens, at, ['if', 'exists'])) at += 2;
  if (isWord(tokens[at], 'only')) at += 1;
  if (isWord(tokens[at], 'all')) return { kind: 'other' }; // ALTER TABLE ALL IN TABLESPACE
  const dotted = readDotted(tokens, at);
  let next = dotted.next;
  if (isPunct(tokens[next], '*')) next += 1;
  const actions = splitTopLevel(tokens.slice(next)).map(parseAlterAction);
  return { kind: 'alter_table', table: toQualified(dotted.parts), actions };
}

function parseDropTable(tokens: Token[]): DdlStatement {
  let at = 2;
  if (isSequence(tokens, at, ['if', 'exists'])) at += 2;
  const names = splitTopLevel(tokens.slice(at))
    .map((part) => readDotted(part, 0).parts)
    .filter((parts) => parts.length > 0)
    .map(toQualified);
  return { kind: 'drop_table', tables: names };
}

/** Classifies one statement (tokens from `splitStatements`). Unknown statements are `other`; never throws. */
export function parseStatement(tokens: Token[]): DdlStatement {
  const head = tokens[0];
  if (isWord(head, 'create')) return parseCreate(tokens);
  if (isWord(head, 'alter')) return parseAlter(tokens);
  if (isWord(head, 'drop') && isWord(tokens[1], 'table')) return parseDropTable(tokens);
  if (isWord(head, 'do')) return { kind: 'do_block' };
  return { kind: 'other' };
}
