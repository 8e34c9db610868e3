/**
 * The opening that Canton Twin's binary files share (grid, buildings, footprints, panorama cells,
 * crowd model): 8 ASCII bytes of magic, the JSON header's length as a little-endian uint32, then
 * the header. The body starts at the first multiple of `bodyAlign` after it, so that the typed
 * arrays over it are aligned.
 */
const OPENING = 12;

const roundUp = (n: number, to: number): number => Math.ceil(n / to) * to;

/** The opening's bytes for `header`, and where the body starts. */
export function encodeOpening(magic: string, header: unknown, bodyAlign: number): { opening: Uint8Array; start: number } {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const opening = new Uint8Array(OPENING + json.length);
  opening.set(new TextEncoder().encode(magic));
  new DataView(opening.buffer).setUint32(8, json.length, true);
  opening.set(json, OPENING);
  return { opening, start: roundUp(opening.length, bodyAlign) };
}

/**
 * The header (as JSON; its fields are the caller's to check) and where the body starts. `what`
 * names the file in the errors, which `fail` makes of the caller's own kind.
 */
export function decodeOpening<T>(bytes: Uint8Array, magic: string, bodyAlign: number, what: string, fail: (message: string) => Error): { header: T; start: number } {
  if (bytes.byteLength < OPENING || new TextDecoder().decode(bytes.subarray(0, 8)) !== magic) throw fail(`not a Canton Twin ${what} (bad magic)`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (OPENING + length > bytes.byteLength) throw fail(`${what} header runs past the end (${length} bytes)`);
  try {
    return { header: JSON.parse(new TextDecoder().decode(bytes.subarray(OPENING, OPENING + length))) as T, start: roundUp(OPENING + length, bodyAlign) };
  } catch {
    throw fail(`${what} header is not JSON`);
  }
}
