import { invalid } from './args';

/** A place in a sorted index: a score (time in ms, or 0 for lexical indexes) and the member id. */
export interface IndexPosition {
  score: number;
  id: string;
}

/** Encode a position as an opaque cursor. */
export function encodeCursor(p: IndexPosition): string {
  return Buffer.from(`${p.score}|${p.id}`, 'utf8').toString('base64url');
}

/** Decode a cursor made by {@link encodeCursor}, or throw a validation error naming `cursor`. */
export function decodeCursor(cursor: string | undefined): IndexPosition | undefined {
  if (cursor === undefined) return undefined;
  const bad = () => invalid('cursor', 'is not a cursor from a previous page');
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 2000 || !/^[A-Za-z0-9_-]+$/.test(cursor))
    throw bad();
  const m = /^(-?\d{1,16})\|(.+)$/s.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw bad();
  return { score: Number(m[1]), id: m[2]! };
}
