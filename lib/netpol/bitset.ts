// Sets of pod classes as bitsets (32 classes per word): rule matches, selector answers and candidate sources are
// combined word by word, never by a loop over class pairs.

export function newBits(words: number): Uint32Array {
  return new Uint32Array(words);
}

export function setBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
}

export function hasBit(bits: Uint32Array, i: number): boolean {
  return (((bits[i >>> 5] as number) >>> (i & 31)) & 1) === 1;
}

/** acc |= a & b, word by word. */
export function orAnd(acc: Uint32Array, a: Uint32Array, b: Uint32Array): void {
  for (let w = 0; w < acc.length; w++) acc[w] = (acc[w] as number) | ((a[w] as number) & (b[w] as number));
}

/** acc |= a, word by word. */
export function orInto(acc: Uint32Array, a: Uint32Array): void {
  for (let w = 0; w < acc.length; w++) acc[w] = (acc[w] as number) | (a[w] as number);
}

/** The set bits of a bitset, in order. */
export function bitsToList(bits: Uint32Array): number[] {
  const out: number[] = [];
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w] as number;
    while (x !== 0) {
      out.push(w * 32 + (31 - Math.clz32(x & -x)));
      x &= x - 1;
    }
  }
  return out;
}
