/**
 * Test setup (vitest.config.ts): new password hashes at scrypt N=2^12 instead of the production 2^17, so
 * the fixtures' users and every sign-in cost milliseconds, not a second of a shared 2-core machine.
 * Verification still follows each stored hash's own parameters; the tests of the production cost and of
 * the rehash set the cost back themselves (test/integration/server/sign-in-attacks.test.ts).
 */
import { configurePasswordHashing } from '../../server/db/password.ts'

export const TEST_SCRYPT_COST = { N: 2 ** 12, r: 8, p: 1 }

configurePasswordHashing({ cost: TEST_SCRYPT_COST })
