/**
 * The case loop's photos, kept by the service in a folder of their own (owner only), never in a
 * database row: each under the SHA-256 of its bytes, so the same photo sent twice is kept once
 * and an id cannot be guessed. A photo is refused, with its reason, when it is larger than 5 MB,
 * of another type than JPEG, PNG or WebP by its own bytes (whatever the request says), or cut
 * short (a JPEG without its end marker, a PNG without IEND, a WebP shorter than its RIFF size).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
type PhotoType = (typeof PHOTO_TYPES)[number];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_END = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** The photo's type by its bytes, or why it is refused. */
export function photoProblem(bytes: Buffer, declared: string): string | PhotoType {
  if (bytes.length === 0) return 'the photo is empty';
  if (bytes.length > MAX_PHOTO_BYTES) return `the photo is over ${MAX_PHOTO_BYTES / 1024 / 1024} MB`;
  let type: PhotoType | null = null;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) type = 'image/jpeg';
  else if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) type = 'image/png';
  else if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') type = 'image/webp';
  if (!type) return 'the photo is not a JPEG, PNG or WebP image';
  if (type !== declared) return `the photo is a ${type}, not the ${declared} it was sent as`;
  if (type === 'image/jpeg' && !(bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9)) return 'the JPEG is cut short (no end marker)';
  if (type === 'image/png' && !bytes.subarray(bytes.length - 8).equals(PNG_END)) return 'the PNG is cut short (no IEND chunk)';
  if (type === 'image/webp' && bytes.readUInt32LE(4) + 8 > bytes.length) return 'the WebP is cut short (shorter than its RIFF size)';
  return type;
}

const EXTENSION: Record<PhotoType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

export class PhotoStore {
  constructor(private readonly dir: string) {}

  /** Keeps a checked photo; its id. */
  keep(bytes: Buffer, type: PhotoType): string {
    const id = createHash('sha256').update(bytes).digest('hex');
    const path = join(this.dir, `${id}.${EXTENSION[type]}`);
    if (!existsSync(path)) writeFileSync(path, bytes, { mode: 0o600 });
    return id;
  }

  /** A kept photo and its type, or null. */
  read(id: string): { bytes: Buffer; type: PhotoType } | null {
    if (!/^[0-9a-f]{64}$/.test(id)) return null;
    for (const type of PHOTO_TYPES) {
      const path = join(this.dir, `${id}.${EXTENSION[type]}`);
      if (existsSync(path)) return { bytes: readFileSync(path), type };
    }
    return null;
  }

  has(id: string): boolean {
    return this.read(id) !== null;
  }
}
