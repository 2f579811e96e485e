// An estimate of the V8 heap a plain value holds, for caches bounded by bytes (lib/gating/ttl-cache.ts). It
// walks the value once, iteratively (a deep value cannot overflow the stack), and counts an object reached
// twice once. Costs follow V8 on 64-bit: a slot per property or element, strings at one byte a character
// plus a header (Latin-1 strings are stored one byte a character; others take two, so a text mostly outside
// Latin-1 is under-counted by at most half), and per object and array a header that includes what V8 adds
// around it (the in-object slack of a literal, an array's backing store), set so that a generated snapshot's
// estimate comes near its measured heap (docs/benchmarks.md "Cache weighing"). An estimate for a budget, not
// an accounting.

const OBJECT_HEADER = 64;
const ARRAY_HEADER = 48;
const SLOT = 8;
const STRING_HEADER = 16;
const HEAP_NUMBER = 16;
const MAP_ENTRY = 3 * SLOT;

export function estimateBytes(value: unknown): number {
  let bytes = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    switch (typeof v) {
      case "string":
        bytes += STRING_HEADER + v.length;
        continue;
      case "number":
      case "bigint":
        bytes += HEAP_NUMBER;
        continue;
      case "object":
        break;
      default:
        // booleans, undefined, symbols and functions: the slot that holds them is counted by its holder.
        continue;
    }
    if (v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      bytes += ARRAY_HEADER + SLOT * v.length;
      for (const item of v as unknown[]) stack.push(item);
    } else if (v instanceof Map) {
      bytes += ARRAY_HEADER + MAP_ENTRY * v.size;
      for (const [key, item] of v as Map<unknown, unknown>) stack.push(key, item);
    } else if (v instanceof Set) {
      bytes += ARRAY_HEADER + MAP_ENTRY * v.size;
      for (const item of v as Set<unknown>) stack.push(item);
    } else if (ArrayBuffer.isView(v)) {
      bytes += ARRAY_HEADER + v.byteLength;
    } else if (v instanceof Date) {
      bytes += OBJECT_HEADER + HEAP_NUMBER;
    } else {
      // Keys are interned and shared by every object of one shape: only the slot is counted.
      const keys = Object.keys(v);
      bytes += OBJECT_HEADER + SLOT * keys.length;
      for (const key of keys) stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return bytes;
}
