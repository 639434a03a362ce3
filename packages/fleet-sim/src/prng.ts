/**
 * Seeded randomness. Every random choice of the simulator comes from a {@link Prng}; streams are forked
 * by name so that one message's draws never depend on how other messages interleave.
 */

/** 32-bit string hash (cyrb53 folded to 32 bits). */
export function hash32(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** A small deterministic PRNG (mulberry32). */
export class Prng {
  private state: number;

  /** @param seed any integer */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A new independent stream named `name`, derived from `seed`. */
  static fork(seed: number, name: string): Prng {
    return new Prng(hash32(`${seed}:${name}`));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability `p`. Always draws, so the stream stays aligned whatever `p` is. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Integer uniform in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform in [range[0], range[1]]. */
  between(range: readonly [number, number]): number {
    return range[0] + this.next() * (range[1] - range[0]);
  }

  /** `n` random bytes as lower-case hex. */
  hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i++) out += this.int(0, 255).toString(16).padStart(2, '0');
    return out;
  }

  /** A random RFC 4122 version 4 UUID. */
  uuid(): string {
    const h = this.hex(16).split('');
    h[12] = '4';
    h[16] = '89ab'[parseInt(h[16]!, 16) & 3]!;
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }

  /** `n` chars of [A-Za-z0-9]. */
  token(n: number): string {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < n; i++) out += abc[this.int(0, abc.length - 1)];
    return out;
  }
}
