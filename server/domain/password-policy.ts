/**
 * What a password must be (docs/operations.md "Kullanıcılar"): at least 10 characters, not the username
 * (nor containing it), and not one of the passwords attackers try first. Pure; the messages are shown
 * to the user at the password field.
 */
export const MIN_PASSWORD_LENGTH = 10
export const MAX_PASSWORD_LENGTH = 200

/**
 * The first guesses of password-spraying lists (the most common passwords of public breach corpora),
 * with the Turkish and municipal ones a guesser would add. Lower-cased; compared after lower-casing.
 */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  '1111111111',
  '0000000000',
  '123456789a',
  'a123456789',
  '123456789q',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'qwertyuiop',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  'asdfghjkl1',
  'asdasdasd1',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'iloveyou12',
  'welcome123',
  'abcdefghij',
  'abc1234567',
  'abcd123456',
  'admin12345',
  'admin123456',
  'administrator',
  'letmein123',
  'superman123',
  'football12',
  'baseball12',
  'sunshine12',
  'princess12',
  'dragon1234',
  'monkey1234',
  'changeme123',
  'parola1234',
  'parola12345',
  'parola123456',
  'sifre12345',
  'şifre12345',
  'sifre123456',
  'şifre123456',
  'sifresifre',
  'parolaparola',
  'galatasaray',
  'fenerbahce',
  'fenerbahçe',
  'besiktas1903',
  'beşiktaş1903',
  'fenerbahce1907',
  'galatasaray1905',
  'trabzonspor',
  'karsiyaka1912',
  'karşıyaka1912',
  'karsiyaka35',
  'karşıyaka35',
  'karsiyaka123',
  'karşıyaka123',
  'belediye123',
  'belediye1234',
  'izmir35izmir',
  'izmir12345',
  'ataturk1881',
  'atatürk1881',
  'mustafakemal',
  'türkiye1923',
  'turkiye1923',
  'istanbul34',
  'pano123456',
  'demodemo12',
])

/** Problems with a password, in Turkish; empty when it may be used. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = []
  if ([...password].length < MIN_PASSWORD_LENGTH)
    problems.push(`Parola en az ${MIN_PASSWORD_LENGTH} karakter olmalı.`)
  if ([...password].length > MAX_PASSWORD_LENGTH)
    problems.push(`Parola en çok ${MAX_PASSWORD_LENGTH} karakter olabilir.`)
  const lower = password.toLocaleLowerCase('tr-TR')
  const name = username.trim().toLocaleLowerCase('tr-TR')
  if (name.length > 0 && lower.includes(name)) problems.push('Parola kullanıcı adını içeremez.')
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(password.toLowerCase()) || isOneRepeated(lower))
    problems.push('Bu parola çok yaygın; tahmin edilmesi zor bir parola seçin.')
  return problems
}

/** `aaaaaaaaaa`, `abababab…`: one short pattern repeated. */
function isOneRepeated(text: string): boolean {
  for (let size = 1; size <= 3; size++) {
    const unit = text.slice(0, size)
    if (unit.length === size && unit.repeat(Math.ceil(text.length / size)).slice(0, text.length) === text)
      return true
  }
  return false
}

/** Usernames: lower-case letters, digits, `.`, `-`, `_`; 2–64 characters; matched exactly. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{2,64}$/

export function usernameProblem(username: string): string | null {
  return USERNAME_PATTERN.test(username)
    ? null
    : 'Kullanıcı adı 2–64 karakter olmalı ve yalnızca küçük harf (a–z), rakam, nokta, tire ve alt çizgi içermeli.'
}
