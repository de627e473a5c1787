/**
 * T.C. kimlik numarası: 11 digits, the first not 0; the 10th digit is ((d1+d3+d5+d7+d9)·7 −
 * (d2+d4+d6+d8)) mod 10 and the 11th is the sum of the first ten mod 10 (the published check-digit rule
 * of the Nüfus ve Vatandaşlık İşleri Genel Müdürlüğü). A number that passes may still not exist; that
 * is for the unit that answers the 4982 application to check. Pure.
 */
export function isValidNationalId(value: string): boolean {
  if (!/^[1-9]\d{10}$/.test(value)) return false
  const d = [...value].map(Number)
  const odd = (d[0] ?? 0) + (d[2] ?? 0) + (d[4] ?? 0) + (d[6] ?? 0) + (d[8] ?? 0)
  const even = (d[1] ?? 0) + (d[3] ?? 0) + (d[5] ?? 0) + (d[7] ?? 0)
  const tenth = (((odd * 7 - even) % 10) + 10) % 10
  if (tenth !== d[9]) return false
  const sum = d.slice(0, 10).reduce((a, b) => a + b, 0)
  return sum % 10 === d[10]
}

/** `12345678950` → `123******50`: enough for staff to compare, not to copy. */
export function maskNationalId(value: string): string {
  return value.length === 11 ? `${value.slice(0, 3)}******${value.slice(9)}` : '***********'
}
