/**
 * The unified social credit code (统一社会信用代码) under GB 32100-2015: 18 characters.
 *
 *   1      registration authority (9: market regulation)
 *   2      entity category (1: enterprise, 2: individual business, 3: farmers' co-operative)
 *   3–8    the registering authority's administrative division code (440106: Tianhe, Guangzhou)
 *   9–17   the organisation code under GB 11714: eight body characters and its own check character
 *   18     the check character over the first 17
 *
 * Both check characters are computed here; a code is valid only when both hold.
 */

/** GB 32100's 31 characters: digits and capitals without I, O, S, V, Z. */
export const CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Position weights 3^i mod 31 for i = 0 … 16. */
const WEIGHTS_32100 = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 11714 weights over the organisation code's eight body characters. */
const WEIGHTS_11714 = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714's character values: digits as themselves, A = 10 … Z = 35. */
const value11714 = (c: string): number => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55);

/** The organisation code's check character over its eight body characters ('X' for 10). */
export function orgCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += value11714(body[i]!) * WEIGHTS_11714[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** The code's check character over its first 17 characters; undefined if one is outside the charset. */
export function creditCheck(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CODE_CHARSET.indexOf(first17[i]!);
    if (v < 0) return undefined;
    sum += v * WEIGHTS_32100[i]!;
  }
  return CODE_CHARSET[(31 - (sum % 31)) % 31];
}

const SHAPE = /^[1-9A-HJ-NP-RTUWXY][1-9A-HJ-NP-RTUWXY]\d{6}[0-9A-HJ-NP-RTUWXY]{10}$/;

export type CreditCodeProblem = 'length' | 'characters' | 'orgCheck' | 'check';

/** Why a code is not a valid unified social credit code, or null when it is. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'length';
  if (!SHAPE.test(code)) return 'characters';
  if (orgCheck(code.slice(8, 16)) !== code[16]) return 'orgCheck';
  if (creditCheck(code.slice(0, 17)) !== code[17]) return 'check';
  return null;
}

/** A valid code from its parts: category, six-digit division code and the organisation code's body. */
export function makeCreditCode(authority: string, category: string, division: string, orgBody: string): string {
  const first17 = `${authority}${category}${division}${orgBody}${orgCheck(orgBody)}`;
  const check = creditCheck(first17);
  if (!check) throw new Error(`credit code ${first17}: character outside GB 32100's set`);
  return first17 + check;
}
