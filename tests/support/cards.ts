/** Test cards of the simulator host (README, "Test cards"); all Luhn-valid. */
export const CARDS = {
  approve: '4400430000001237', // KZ Visa, 3-D Secure authenticated
  bypass: '4400430100001236', // KZ Visa, enrolled, approved without 3-D Secure (S18)
  decline: '4400430200001235', // KZ Visa, declined
  timeout: '4400430300001234', // KZ Visa, charged but the first reply is lost
  notEnrolled: '4400430400001233', // KZ Visa, not enrolled in 3-D Secure
  mastercard: '5169300000004564', // KZ Mastercard
  foreign: '4111111111111111', // US Visa
  foreignMc: '5200000000000007', // DE Mastercard
  unknownBin: '4377000000000007', // in no range
} as const

export const CVV = '739'
export const EXPIRY = '12/29'

export function luhnComplete(prefix: string): string {
  const digits = prefix.split('').reverse().map(Number)
  let sum = 0
  digits.forEach((d, i) => {
    let x = d
    if (i % 2 === 0) {
      x *= 2
      if (x > 9) x -= 9
    }
    sum += x
  })
  return prefix + String((10 - (sum % 10)) % 10)
}
