import { describe, expect, it } from 'vitest'
import { base32Decode, hotp, totp, totpFromBase32 } from './totp'

// RFC 6238 appendix B: the SHA-1 key is the ASCII string "12345678901234567890".
const RFC_KEY = Buffer.from('12345678901234567890', 'ascii')

describe('TOTP helper used by the browser tests', () => {
  it('gives the RFC 6238 test vector at 59 s: 94287082 (8 digits), 287082 (6 digits)', () => {
    expect(totp(RFC_KEY, 59, 8)).toBe('94287082')
    expect(totp(RFC_KEY, 59, 6)).toBe('287082')
  })

  it('matches the other RFC 6238 SHA-1 vectors', () => {
    expect(totp(RFC_KEY, 1111111109, 8)).toBe('07081804')
    expect(totp(RFC_KEY, 1111111111, 8)).toBe('14050471')
    expect(totp(RFC_KEY, 1234567890, 8)).toBe('89005924')
    expect(totp(RFC_KEY, 2000000000, 8)).toBe('69279037')
    expect(totp(RFC_KEY, 20000000000, 8)).toBe('65353130')
  })

  it('matches the RFC 4226 HOTP vectors', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']
    expected.forEach((code, counter) => expect(hotp(RFC_KEY, counter)).toBe(code))
  })

  it('decodes base32 as authenticator apps do (RFC 4648 vectors, lower case, spaces, padding)', () => {
    expect(base32Decode('MZXW6YTBOI======').toString('ascii')).toBe('foobar')
    expect(base32Decode('mzxw 6ytb oi').toString('ascii')).toBe('foobar')
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString('ascii')).toBe('12345678901234567890')
    expect(() => base32Decode('M1')).toThrow()
  })

  it('computes a code from a base32 secret', () => {
    expect(totpFromBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59)).toBe('287082')
  })
})
