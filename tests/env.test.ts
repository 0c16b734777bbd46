import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { ConfigError, ENV_VARIABLES, parseEnv } from "~/utils/env.server";

function problems(source: Record<string, string>) {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe("configuration", () => {
  it("has working defaults for the embedded demo", () => {
    const env = parseEnv({});
    expect(env.APP_MODE).toBe("demo");
    expect(env.DATABASE_PATH).toBe("data/app.db");
    expect(env.PORT).toBe(3000);
    expect(env.PUBLIC_URL).toBe("http://localhost:3000");
    expect(env.BOOKING_RATE_LIMIT).toBe(10);
    expect(env.SMTP_URL).toBeUndefined();
  });

  it("treats an empty variable as not set", () => {
    expect(parseEnv({ PORT: "", SMTP_URL: " " }).PORT).toBe(3000);
  });

  it("names each variable that is wrong", () => {
    expect(problems({ PORT: "eighty" })).toEqual(["PORT"]);
    expect(problems({ PORT: "70000" })).toEqual(["PORT"]);
    expect(problems({ BOOKING_RATE_LIMIT: "-1" })).toEqual(["BOOKING_RATE_LIMIT"]);
    expect(problems({ SMTP_URL: "http://mail.example" })).toEqual(["SMTP_URL"]);
    expect(problems({ MAIL_FROM: "not an email" })).toEqual(["MAIL_FROM"]);
    expect(problems({ APP_MODE: "production" })).toEqual(["APP_MODE"]);
    expect(problems({ JOBS_ENABLED: "maybe" })).toEqual(["JOBS_ENABLED"]);
    expect(problems({ SESSION_SECRET: "short" })).toEqual(["SESSION_SECRET"]);
    expect(problems({ PORT: "x", MAIL_FROM: "y" }).sort()).toEqual(["MAIL_FROM", "PORT"]);
    expect(problems({ CERTIFICATE_CJK_FONT: "/no/such/font.ttc" })).toEqual(["CERTIFICATE_CJK_FONT"]);
    expect(parseEnv({}).CERTIFICATE_CJK_FONT).toBe("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
  });

  it("freezes the clock only under the test suite", () => {
    expect(problems({ NODE_ENV: "production", TEST_NOW: "2027-03-28T00:30:00Z" })).toEqual(["TEST_NOW"]);
    expect(problems({ NODE_ENV: "test", TEST_NOW: "yesterday" })).toEqual(["TEST_NOW"]);
    expect(parseEnv({ NODE_ENV: "test", TEST_NOW: "2027-03-28T01:30:00+01:00" }).TEST_NOW?.toISOString()).toBe("2027-03-28T00:30:00.000Z");
    expect(parseEnv({}).TEST_NOW).toBeUndefined();
  });

  it("hashes passwords at cost 12 unless told otherwise, and never below 4", () => {
    expect(parseEnv({}).BCRYPT_COST).toBe(12);
    expect(problems({ BCRYPT_COST: "3" })).toEqual(["BCRYPT_COST"]);
    expect(problems({ BCRYPT_COST: "16" })).toEqual(["BCRYPT_COST"]);
  });

  it("requires a session secret and public address in live mode", () => {
    expect(problems({ APP_MODE: "live" }).sort()).toEqual(["PUBLIC_URL", "SESSION_SECRET"]);
    const env = parseEnv({ APP_MODE: "live", SESSION_SECRET: "x".repeat(32), PUBLIC_URL: "https://training.example.gov.uk/" });
    expect(env.PUBLIC_URL).toBe("https://training.example.gov.uk");
  });

  it("explains the problem in words an operator can act on", () => {
    try {
      parseEnv({ PORT: "eighty" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT must be a port number/);
      expect((error as Error).message).toMatch(/README/);
    }
  });

  it("is documented: the README's configuration table lists every variable", () => {
    const readme = readFileSync("README.md", "utf8");
    const table = readme.slice(readme.indexOf("## Configuration"));
    for (const name of ENV_VARIABLES) expect(table, `README is missing ${name}`).toContain(`\`${name}\``);
  });
});
