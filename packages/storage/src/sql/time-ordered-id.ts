// Time-ordered UUIDs (version 7, RFC 9562) for rows inserted in bulk. A random (v4) primary
// key puts each new row on a different page of the key's index, so a batch of 200 logs dirtied
// about 200 index pages per commit; ids that start with the time land on the last page or two.
// They are still UUIDs, which is all a Prefect client relies on.
import { randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const bytes = new Uint8Array(16);

export function timeOrderedUuid(now: number = Date.now()): string {
  randomFillSync(bytes, 6, 10);
  // 48 bits of Unix milliseconds, big-endian.
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[bytes[i]!];
  }
  return out;
}
