import { describe, expect, it } from "vitest";

import { parseDeadline } from "~/utils/deadline";

describe("action-plan deadlines", () => {
  it.each([
    ["25 th November 2019", "2019-11-25", false],
    ["25th Nov 2019", "2019-11-25", false],
    ["By 1 March 2021", "2021-03-01", false],
    ["31/03/2021", "2021-03-31", false],
    ["2021-03-31", "2021-03-31", false],
    ["November 2019", "2019-11-30", false],
    ["Spring 2020", "2020-05-31", false],
    ["Q3 2020", "2020-09-30", false],
    ["2020/21", "2021-03-31", false],
    ["by 2021", "2021-12-31", false],
    ["Quarterly updates", null, true],
    ["Ongoing- quarterly updates", null, true],
    ["TBC when bill is published", null, false],
    ["", null, false],
    ["31/02/2021", null, false],
  ])("reads %j as %s (ongoing: %s)", (text, date, ongoing) => {
    expect(parseDeadline(text)).toEqual({ date, ongoing });
  });
});
