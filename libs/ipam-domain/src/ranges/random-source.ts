/**
 * Randomness is injected so tests are deterministic: a function returning a uniformly random
 * integer in [0, limit). The default reads the platform's CSPRNG, which is not I/O.
 */
export type RandomBelow = (limit: bigint) => bigint;

export const cryptoRandomBelow: RandomBelow = (limit) => {
  if (limit <= 0n) throw new RangeError('limit must be positive');
  const bits = limit.toString(2).length;
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  const excess = BigInt(bytes.length * 8 - bits);
  // Rejection sampling keeps the distribution uniform; each try succeeds with probability > 1/2.
  for (;;) {
    globalThis.crypto.getRandomValues(bytes);
    let value = 0n;
    for (const b of bytes) value = (value << 8n) | BigInt(b);
    value >>= excess;
    if (value < limit) return value;
  }
};

/** A seeded generator (xorshift) for tests and reproducible simulations. */
export function seededRandomBelow(seed: number): RandomBelow {
  let state = BigInt(seed >>> 0) | 1n;
  const next64 = (): bigint => {
    state ^= (state << 13n) & 0xffffffffffffffffn;
    state ^= state >> 7n;
    state ^= (state << 17n) & 0xffffffffffffffffn;
    return state;
  };
  return (limit) => {
    if (limit <= 0n) throw new RangeError('limit must be positive');
    let value = 0n;
    let span = 1n;
    while (span < limit << 32n) {
      value = (value << 64n) | next64();
      span <<= 64n;
    }
    return value % limit;
  };
}
