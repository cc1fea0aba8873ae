import { describe, expect, it } from 'vitest'
import { pendingStepOf } from './store'

describe('pendingStepOf', () => {
  it('sends a user who must change the password there first, even before 2FA enrolment', () => {
    expect(pendingStepOf({ mustChangePassword: true, mustEnrollTwoFactor: true })).toBe('change-password')
  })

  it('then sends a user whose role requires 2FA to enrolment', () => {
    expect(pendingStepOf({ mustChangePassword: false, mustEnrollTwoFactor: true })).toBe('enroll-two-factor')
  })

  it('lets everyone else through', () => {
    expect(pendingStepOf({ mustChangePassword: false, mustEnrollTwoFactor: false })).toBeNull()
    expect(pendingStepOf(null)).toBeNull()
  })
})
