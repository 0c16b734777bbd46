/**
 * The service's one reading of the clock. Model functions take `now` as an argument and default to this, so a
 * test can pass the instant it needs; under the test suite `TEST_NOW` freezes it for a whole server, so a run
 * can be repeated at any hour it names.
 */
import { getEnv } from "~/utils/env.server";

export function clock(): Date {
  const fixed = getEnv().TEST_NOW;
  return fixed ? new Date(fixed.getTime()) : new Date();
}
