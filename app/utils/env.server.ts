/**
 * Configuration, read once from the environment through one schema. A bad value stops start-up with a
 * message that names the variable; nothing else in the app reads `process.env`.
 */
import { existsSync } from "node:fs";

import { z } from "zod";

/** Debian's fonts-wqy-microhei: Chinese, Japanese and Korean, and Latin letters too, in 5 MB. */
export const DEFAULT_CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

const boolean = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
    error: "must be true or false",
  })
  .transform((v) => ["true", "1", "yes", "on"].includes(v));

/** The roles, highest first: someone whose groups give two roles gets the higher. */
const ROLE_ORDER = ["admin", "organiser", "facilitator", "reporter"] as const;

/** A host on this machine: the only place an http identity provider is allowed (tests). */
export const isLoopback = (host: string) => host === "localhost" || host === "127.0.0.1" || host === "[::1]";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    /**
     * `demo` (the default, so `npm start` works on a fresh machine): demo data on an empty database and a
     * generated session secret. `live`: no demo data; SESSION_SECRET and PUBLIC_URL must be given.
     */
    APP_MODE: z.enum(["demo", "live"], { error: "must be demo or live" }).default("demo"),
    PORT: z.coerce
      .number({ error: "must be a port number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535")
      .default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATABASE_PATH: z.string().min(1, "must be a file path").default("data/app.db"),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(),
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: "must be the address people use to reach the service, e.g. https://training.example.gov.uk" })
      .transform((u) => u.replace(/\/+$/, ""))
      .optional(),
    SERVICE_NAME: z.string().min(1).max(120).default("Safer City Partnership — Training and Events"),
    ORGANISATION_NAME: z.string().min(1).max(120).default("Safer City Partnership"),
    MAIL_FROM: z.email({ error: "must be an email address" }).default("training@safercity.example"),
    MAIL_FROM_NAME: z.string().min(1).max(120).default("Safer City Partnership Training"),
    SMTP_URL: z
      .url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// address, e.g. smtp://user:pass@mail.example:587" })
      .optional(),
    /** Booking posts allowed per minute from one address; 0 turns the limit off (load tests only). */
    BOOKING_RATE_LIMIT: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(0, "must be 0 or more")
      .default(10),
    /** Trust X-Forwarded-For from this many proxy hops in front of the app (0: use the socket address). */
    TRUST_PROXY_HOPS: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(0).max(5).default(0),
    /** Run the reminder and feedback sweep inside the server every minute. */
    JOBS_ENABLED: boolean.default(true),
    /**
     * bcrypt's work factor for staff passwords: 12 takes about a quarter of a second per hash on a small
     * server, which is the point. The test suite lowers it; lowering it in service only weakens passwords.
     */
    BCRYPT_COST: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(4, "must be between 4 and 15")
      .max(15, "must be between 4 and 15")
      .default(12),
    /**
     * A font for certificate lines DejaVu cannot draw (names in Chinese, Japanese or Korean): Debian's
     * fonts-wqy-microhei unless set. Set, it must exist; not set and not installed, such a line prints as boxes.
     */
    CERTIFICATE_CJK_FONT: z
      .string()
      .optional()
      .refine((path) => path === undefined || existsSync(path), "must be the path of a font file that exists (TTF, OTF or TTC)")
      .transform((path) => path ?? DEFAULT_CJK_FONT),
    /**
     * Single sign-on through the council's OpenID Connect provider (issue 17, ADR 029), e.g. Microsoft Entra ID:
     * its issuer address (https; http only for a provider on this machine), and this service's registration.
     */
    OIDC_ISSUER_URL: z
      .url({ protocol: /^https?$/, error: "must be the provider's issuer address, e.g. https://login.microsoftonline.com/<tenant>/v2.0" })
      .optional(),
    OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).max(1000).optional(),
    /** What the sign-in button calls the provider ("Sign in with Microsoft"). */
    OIDC_PROVIDER_NAME: z.string().min(1).max(60).default("your council account"),
    /** Email domains allowed to sign in, comma-separated (e.g. `safercity.gov.uk,partner.nhs.uk`). */
    OIDC_ALLOWED_DOMAINS: z
      .string()
      .optional()
      .transform((v) =>
        (v ?? "")
          .split(",")
          .map((d) => d.trim().toLowerCase())
          .filter(Boolean),
      )
      .refine((domains) => domains.every((d) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d)), "must be email domains separated by commas"),
    /** The ID token claim that lists the person's groups or app roles (Entra: `roles` for app roles, `groups`). */
    OIDC_ROLE_CLAIM: z.string().min(1).max(100).default("roles"),
    /**
     * Which value of that claim gives which role, e.g. `admin=Training.Admin,organiser=Training.Organiser`; the
     * highest role wins. Without it, roles are given by an administrator: a person signs in through the provider
     * only to an account an administrator has added with their email address.
     */
    OIDC_ROLE_MAP: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const map: Array<{ role: (typeof ROLE_ORDER)[number]; value: string }> = [];
        for (const pair of (v ?? "")
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean)) {
          const [role, ...rest] = pair.split("=");
          const value = rest.join("=").trim();
          if (!ROLE_ORDER.includes(role!.trim() as (typeof ROLE_ORDER)[number]) || !value) {
            ctx.addIssue({
              code: "custom",
              message: "must be role=value pairs separated by commas, roles admin, organiser, facilitator or reporter",
            });
            return z.NEVER;
          }
          map.push({ role: role!.trim() as (typeof ROLE_ORDER)[number], value });
        }
        return map;
      }),
    /**
     * `true` when the provider vouches for every email address it gives (a single-tenant Entra ID, where the
     * council's administrators set them): then an address without `email_verified` is taken as confirmed.
     */
    OIDC_TRUST_EMAIL: boolean.default(false),
    /** `true`: administrators and organisers signing in through the provider must have used more than one factor there (`amr` has `mfa`). */
    OIDC_REQUIRE_MFA: boolean.default(false),
    /** `false` turns password sign-in off when single sign-on is on: every member of staff signs in through the provider. */
    PASSWORD_SIGN_IN: boolean.default(true),
    /**
     * Test only: the instant the service's clock shows, frozen, so a test run can be repeated at any hour
     * it names (see README, "Tests"). Refused unless NODE_ENV=test.
     */
    TEST_NOW: z.iso
      .datetime({ offset: true, error: "must be an ISO 8601 instant, e.g. 2027-03-28T00:30:00Z" })
      .transform((s) => new Date(s))
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.TEST_NOW && env.NODE_ENV !== "test") {
      ctx.addIssue({
        code: "custom",
        path: ["TEST_NOW"],
        message: "is only honoured when NODE_ENV=test: a frozen clock would stop reminders and feedback requests",
      });
    }
    const oidc = [env.OIDC_ISSUER_URL, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean)) {
      for (const [name, value] of [
        ["OIDC_ISSUER_URL", env.OIDC_ISSUER_URL],
        ["OIDC_CLIENT_ID", env.OIDC_CLIENT_ID],
        ["OIDC_CLIENT_SECRET", env.OIDC_CLIENT_SECRET],
      ] as const) {
        if (!value)
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: "is required for single sign-on (with OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET)",
          });
      }
      if (!env.OIDC_ALLOWED_DOMAINS.length)
        ctx.addIssue({
          code: "custom",
          path: ["OIDC_ALLOWED_DOMAINS"],
          message: "is required for single sign-on: the email domains that may sign in",
        });
      if (env.OIDC_ISSUER_URL && new URL(env.OIDC_ISSUER_URL).protocol === "http:" && !isLoopback(new URL(env.OIDC_ISSUER_URL).hostname))
        ctx.addIssue({ code: "custom", path: ["OIDC_ISSUER_URL"], message: "must be https (http only for a provider on this machine)" });
    } else if (!env.PASSWORD_SIGN_IN) {
      ctx.addIssue({
        code: "custom",
        path: ["PASSWORD_SIGN_IN"],
        message: "can be turned off only when single sign-on is set up (OIDC_ISSUER_URL)",
      });
    }
    if (env.APP_MODE === "live") {
      if (!env.SESSION_SECRET) {
        ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "is required when APP_MODE=live" });
      }
      if (!env.PUBLIC_URL) {
        ctx.addIssue({ code: "custom", path: ["PUBLIC_URL"], message: "is required when APP_MODE=live (links in emails use it)" });
      }
    }
  });

/** Every variable the service reads; the README's configuration table must list each one (a test checks). */
export const ENV_VARIABLES = Object.keys(schema.shape);

export type Env = Omit<z.output<typeof schema>, "PUBLIC_URL"> & { PUBLIC_URL: string };

export class ConfigError extends Error {
  constructor(readonly problems: Array<{ variable: string; message: string }>) {
    super(
      "The service cannot start because its configuration is wrong:\n" +
        problems.map((p) => `  - ${p.variable} ${p.message}`).join("\n") +
        "\nSee the configuration table in README.md.",
    );
    this.name = "ConfigError";
  }
}

/** Pure: parses a given environment, so tests can check every rule without touching process.env. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "not set": `FOO= npm start` should fall back to the default, not fail.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "configuration"),
        message: issue.message,
      })),
    );
  }
  return { ...result.data, PUBLIC_URL: result.data.PUBLIC_URL ?? `http://localhost:${result.data.PORT}` };
}

// On globalThis: server.ts reads it before loading the Remix build, whose copy of this module must agree.
const store = globalThis as { __appEnv?: Env };

export function getEnv(): Env {
  store.__appEnv ??= parseEnv(process.env);
  return store.__appEnv;
}

/** The next getEnv reads process.env afresh: test files share a process, and each sets its own database. */
export function rereadEnv(): void {
  delete store.__appEnv;
}
