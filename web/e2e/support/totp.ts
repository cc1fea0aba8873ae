import { createHmac } from 'node:crypto'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 (as authenticator apps take it): case-insensitive, spaces and '=' padding ignored. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const ch of clean) {
    const index = BASE32.indexOf(ch)
    if (index < 0) {
      throw new Error(`not a base32 character: ${ch}`)
    }
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** RFC 4226 HOTP with HMAC-SHA1 and dynamic truncation. */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const hash = createHmac('sha1', key).update(message).digest()
  const offset = hash[hash.length - 1] & 0x0f
  const binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3]
  return String(binary % 10 ** digits).padStart(digits, '0')
}

/** RFC 6238 TOTP: the HOTP of the 30-second step that `unixSeconds` falls in. */
export function totp(key: Buffer, unixSeconds: number = Date.now() / 1000, digits = 6, stepSeconds = 30): string {
  return hotp(key, Math.floor(unixSeconds / stepSeconds), digits)
}

/** The code an authenticator app would show now for a base32 enrolment secret. */
export function totpFromBase32(secret: string, unixSeconds: number = Date.now() / 1000): string {
  return totp(base32Decode(secret), unixSeconds)
}
