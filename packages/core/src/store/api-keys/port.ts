import type { ApiKeyScope } from './scopes';

/** A hashed API key. The plain key is shown once at creation and never stored. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** hex SHA-256 of the key */
  hash: string;
  createdAt: string;
  revokedAt?: string;
  /** What the key may do; absent on keys stored before scopes existed, which count as `admin`. */
  scopes?: ApiKeyScope[];
  /** After this time the key is refused. */
  expiresAt?: string;
  /** Last time the key authenticated, to the minute (see `touch`). */
  lastUsedAt?: string;
}

/** API key records, found by the hash of the key. */
export interface ApiKeyRepo {
  put(key: ApiKeyRecord): Promise<void>;
  byHash(hash: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  /** Mark a key revoked at `at` (kept if already revoked); false for an unknown id. */
  revoke(id: string, at: Date): Promise<boolean>;
  /** Record that the key was used at `at` (never moves `lastUsedAt` back); false for an unknown id. */
  touch(id: string, at: Date): Promise<boolean>;
}
