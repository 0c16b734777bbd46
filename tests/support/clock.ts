/**
 * The run's "now", frozen (see global-setup.ts). Tests build their fixtures relative to it and pass it to
 * model functions; servers started by tests are given the same instant.
 */
export function testNow(): Date {
  const value = process.env.TEST_NOW;
  if (!value) throw new Error("TEST_NOW is not set: run the tests through vitest, whose global setup sets it.");
  return new Date(value);
}

/** `testNow()` moved by a number of hours (negative: in the past). */
export function hoursFromNow(hours: number): Date {
  return new Date(testNow().getTime() + hours * 3600_000);
}
