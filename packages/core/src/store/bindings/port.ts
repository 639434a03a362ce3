/**
 * Small first-writer-wins claims for front-ends (a Slack thread per contact, event-id dedupe across app
 * instances). Namespaces and keys are 1-200 chars of `[A-Za-z0-9._:+-]`, values 1-2000 chars
 * (`SMSFLEET_ERR_VALIDATION` naming `namespace`, `key` or `value` otherwise).
 */
export interface BindingRepo {
  /**
   * Bind `key` to `value` unless it is bound already (atomic across hubs). Returns the bound value and whether this
   * call bound it. With `ttlMs` the binding expires.
   */
  claim(namespace: string, key: string, value: string, ttlMs?: number): Promise<{ value: string; created: boolean }>;
  get(namespace: string, key: string): Promise<string | undefined>;
}
