/**
 * The booking reference people quote on the phone (issue 15): the booking's number and a check digit (Luhn's),
 * "48213-3", so one wrong or swapped digit finds nothing rather than somebody else's booking. It is not a
 * secret and opens nothing: staff still confirm who is calling.
 */
function luhnDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function bookingReference(bookingId: number): string {
  const digits = String(bookingId);
  return `${digits}-${luhnDigit(digits)}`;
}

/** The booking id in a reference as someone typed it ("48213-3", "48213 3", "482133"), or null. */
export function readBookingReference(typed: string): number | null {
  const match = /^\s*(\d{1,12})[\s-]?(\d)\s*$/.exec(typed);
  if (!match || luhnDigit(match[1]!) !== Number(match[2])) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
