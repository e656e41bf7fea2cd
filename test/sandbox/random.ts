// A small seeded PRNG (mulberry32) so the same seed always gives the same sample data.

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** A version-4 UUID (valid for z.uuid()). */
  uuid(): string;
}

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex = (byte: number): string => HEX[byte & 0xff] as string;
const hex4 = (x: number): string => hex(x >>> 24) + hex(x >>> 16) + hex(x >>> 8) + hex(x);

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const uint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => uint32() / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    chance: (probability) => next() < probability,
    uuid: () => {
      const a = uint32();
      const b = uint32();
      const c = uint32();
      const d = uint32();
      // xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx
      return [
        hex4(a), '-', hex(b >>> 24), hex(b >>> 16), '-', hex(0x40 | ((b >>> 8) & 0x0f)), hex(b), '-',
        hex(0x80 | ((c >>> 24) & 0x3f)), hex(c >>> 16), '-', hex(c >>> 8), hex(c), hex4(d),
      ].join('');
    },
  };
}
