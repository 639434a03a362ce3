import { z } from 'zod';
import { doc } from '@smsfleet/core';

/** The page fields of the list tools, as the hub's list routes take them. */
export const PageInput = {
  limit: doc(z.number().int().min(1).max(500).optional(), 'Page size, 1-500 (default 50)', 20),
  cursor: doc(
    z.string().min(1).max(512).optional(),
    'The nextCursor of the previous page, to read the next one',
    'eyJvIjo1MH0',
  ),
};

/** One line on where the next page is. */
export function pageNote(page: { items: unknown[]; nextCursor?: string }): string {
  return page.nextCursor ? `More with cursor ${page.nextCursor}.` : 'That is all.';
}
