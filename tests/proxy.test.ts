/**
 * The service behind the reverse proxy the README documents (issue 11): Debian's nginx runs
 * docs/deploy/nginx.conf itself, with only its ports, name, certificate and upstream swapped, in front of the
 * built server in live mode with TRUST_PROXY_HOPS=1. Through it, over HTTPS, staff sign in and visitors book;
 * addresses the app records are the visitor's, whatever they write in X-Forwarded-For; cross-site and forged
 * posts get 403. The same again with the config's `proxy_set_header Host` line taken out (nginx's default).
 *
 * Visitors connect from their own loopback addresses (127.0.0.2 and up), so the visitor's address and nginx's
 * (127.0.0.1) can be told apart.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { connect } from "node:net";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { attendeeForm, insertProgramme, insertSession, openServerDatabase } from "./support/fixtures";
import { ROOT, TEST_TMP } from "./support/paths";
import { freePort, startServer, type RunningServer } from "./support/server";
import { DEMO_ACCOUNTS } from "../db/seed-data/demo";

const NGINX = "/usr/sbin/nginx";
const DOCUMENTED = path.join(ROOT, "docs", "deploy", "nginx.conf");
const organiser = DEMO_ACCOUNTS.find((a) => a.role === "organiser")!;
// Live mode: organisers and administrators must set up two-step verification first (ADR 029); a facilitator need not.
const facilitator = DEMO_ACCOUNTS.find((a) => a.role === "facilitator")!;

/** `text` with `from` replaced by `to`, failing if `from` does not occur exactly `times` times (the docs changed). */
function swap(text: string, from: string, to: string, times = 1): string {
  const found = text.split(from).length - 1;
  if (found !== times) throw new Error(`docs/deploy/nginx.conf has ${found} of "${from.trim()}", this test expects ${times}`);
  return text.split(from).join(to);
}

/** A throwaway self-signed certificate for 127.0.0.1. */
function makeCertificate(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  const run = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { encoding: "utf8" },
  );
  if (run.error || run.status !== 0)
    throw new Error(`openssl could not make a certificate (Debian: apt-get install openssl): ${run.error?.message ?? run.stderr}`);
  return { cert, key };
}

type Proxy = { base: string; httpBase: string; server: RunningServer; stop: () => Promise<void>; log: () => string };

/**
 * The documented site config, changed only where this run must differ: ports, name, certificate, upstream.
 * `keepHost: false` also takes out its `proxy_set_header Host` line.
 */
function siteConfig({
  httpPort,
  httpsPort,
  upstream,
  cert,
  key,
  keepHost,
}: {
  httpPort: number;
  httpsPort: number;
  upstream: string;
  cert: string;
  key: string;
  keepHost: boolean;
}): string {
  let site = readFileSync(DOCUMENTED, "utf8");
  // This machine may have no IPv6; the IPv4 listeners are enough.
  site = swap(site, "    listen [::]:80;\n", "");
  site = swap(site, "    listen [::]:443 ssl http2;\n", "");
  site = swap(site, "listen 80;", `listen 127.0.0.1:${httpPort};`);
  site = swap(site, "listen 443 ssl", `listen 127.0.0.1:${httpsPort} ssl`);
  site = swap(site, "server_name training.example.gov.uk;", "server_name 127.0.0.1;", 2);
  site = swap(site, "https://training.example.gov.uk$request_uri", `https://127.0.0.1:${httpsPort}$request_uri`);
  site = swap(site, "/etc/letsencrypt/live/training.example.gov.uk/fullchain.pem", cert);
  site = swap(site, "/etc/letsencrypt/live/training.example.gov.uk/privkey.pem", key);
  site = swap(site, "proxy_pass http://127.0.0.1:3000;", `proxy_pass ${upstream};`);
  if (!keepHost) site = swap(site, "        proxy_set_header Host $host;\n", "");
  return site;
}

/** Runs nginx in the foreground with `site` inside a minimal main config, everything it writes kept in `dir`. */
async function runNginx(dir: string, site: string, ports: number[]): Promise<{ stop: () => Promise<void>; log: () => string }> {
  const errorLog = path.join(dir, "error.log");
  writeFileSync(
    path.join(dir, "nginx.conf"),
    [
      // As root, workers would otherwise run as nobody, who may not reach a checkout under /root.
      process.getuid?.() === 0 ? "user root;" : "",
      "worker_processes 1;",
      `pid ${dir}/nginx.pid;`,
      `error_log ${errorLog} warn;`,
      "events { worker_connections 64; }",
      "http {",
      `  access_log ${dir}/access.log;`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${dir}/${t};`),
      site,
      "}",
      "",
    ].join("\n"),
  );

  let output = "";
  const nginx: ChildProcess = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", errorLog, "-g", "daemon off;"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  nginx.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  nginx.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => nginx.on("exit", () => resolve()));
  const log = () => `${output}${existsSync(errorLog) ? readFileSync(errorLog, "utf8") : ""}`;
  const stop = async () => {
    if (nginx.exitCode !== null || nginx.signalCode !== null) return;
    nginx.kill("SIGTERM");
    const timer = setTimeout(() => nginx.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const accepts = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
  const started = Date.now();
  for (const port of ports) {
    while (!(await accepts(port))) {
      if (nginx.exitCode !== null || Date.now() - started > 10_000) {
        await stop();
        throw new Error(`nginx did not start:\n${log()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { stop, log };
}

/** The built server in live mode, and nginx in front of it with the documented config. */
async function startBehindNginx({ keepHost }: { keepHost: boolean }): Promise<Proxy> {
  const dir = path.join(TEST_TMP, `nginx-${randomUUID()}`);
  mkdirSync(dir, { recursive: true });
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const base = `https://127.0.0.1:${httpsPort}`;
  const server = await startServer({
    APP_MODE: "live",
    SESSION_SECRET: randomBytes(32).toString("hex"),
    PUBLIC_URL: base,
    TRUST_PROXY_HOPS: "1",
    HOST: "127.0.0.1",
  });
  try {
    const { cert, key } = makeCertificate(dir);
    const nginx = await runNginx(dir, siteConfig({ httpPort, httpsPort, upstream: server.url, cert, key, keepHost }), [
      httpPort,
      httpsPort,
    ]);
    return {
      base,
      httpBase: `http://127.0.0.1:${httpPort}`,
      server,
      log: nginx.log,
      stop: async () => {
        await nginx.stop();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

type Reply = { status: number; headers: IncomingHttpHeaders; body: string };

/** One request from `localAddress`, accepting the throwaway certificate; redirects are not followed. */
function request(
  url: string,
  {
    method = "GET",
    headers = {},
    body,
    localAddress,
  }: { method?: string; headers?: Record<string, string>; body?: string; localAddress: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith("https:") ? https.request : http.request;
    const req = send(url, { method, headers, localAddress, rejectUnauthorized: false, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A browser at `address`: keeps cookies, and its form posts carry the page's Origin. */
class Visitor {
  private cookies = new Map<string, string>();
  constructor(
    private readonly base: string,
    private readonly address: string,
  ) {}

  private async send(urlPath: string, init: { method?: string; headers?: Record<string, string>; body?: string }) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const reply = await request(`${this.base}${urlPath}`, {
      ...init,
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
      localAddress: this.address,
    });
    for (const line of reply.headers["set-cookie"] ?? []) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const value = pair!.slice(eq + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(pair!.slice(0, eq).trim());
      else this.cookies.set(pair!.slice(0, eq).trim(), value);
    }
    return reply;
  }

  get(urlPath: string, headers: Record<string, string> = {}) {
    return this.send(urlPath, { headers });
  }

  post(urlPath: string, form: Record<string, string>, headers: Record<string, string> = {}) {
    return this.postBody(urlPath, new URLSearchParams(form).toString(), {
      "content-type": "application/x-www-form-urlencoded",
      ...headers,
    });
  }

  postBody(urlPath: string, body: string, headers: Record<string, string>) {
    return this.send(urlPath, { method: "POST", body, headers: { origin: this.base, ...headers } });
  }
}

/** A session open for booking, made for this test on the server's own database. */
function bookableSession(server: RunningServer): number {
  const { db, sqlite } = openServerDatabase(server.databasePath);
  try {
    const programmeId = insertProgramme(db, { title: "Booked through the proxy" }).id;
    return insertSession(db, { programmeId, startsInHours: 10 * 24 }).id;
  } finally {
    sqlite.close();
  }
}

async function signInAndOpenAdmin(visitor: Visitor) {
  const signIn = await visitor.post("/sign-in", { email: facilitator.email, password: facilitator.password, redirectTo: "/admin" });
  expect(signIn.status).toBe(302);
  expect(signIn.headers.location).toBe("/admin");
  // Live mode: the cookie is Secure, which the browser sends back because the page came over HTTPS.
  expect(signIn.headers["set-cookie"]?.join("\n")).toMatch(/;\s*Secure/i);
  const admin = await visitor.get("/admin");
  expect(admin.status).toBe(200);
  expect(admin.body).toContain(facilitator.name);
}

async function book(visitor: Visitor, sessionId: number, n: string) {
  expect((await visitor.get(`/events/${sessionId}`)).status).toBe(200);
  const booked = await visitor.post(`/events/${sessionId}`, attendeeForm(n));
  expect(booked.status).toBe(303);
  expect(booked.headers.location).toMatch(/^\/booking\/[A-Za-z0-9_-]+$/);
  const manage = await visitor.get(booked.headers.location!);
  expect(manage.status).toBe(200);
  expect(manage.body).toContain('data-booking-status="confirmed"');
}

describe("behind nginx with docs/deploy/nginx.conf", () => {
  const running: Proxy[] = [];
  let documented: Proxy;
  let withoutHost: Proxy;

  beforeAll(async () => {
    if (!existsSync(NGINX))
      throw new Error(
        `These tests need Debian's nginx at ${NGINX}. \`npm test\` installs it when run as root; otherwise run\n\n  sudo apt-get update && sudo apt-get install -y nginx\n`,
      );
    const started = await Promise.allSettled([startBehindNginx({ keepHost: true }), startBehindNginx({ keepHost: false })]);
    for (const one of started) if (one.status === "fulfilled") running.push(one.value);
    for (const one of started) if (one.status === "rejected") throw one.reason;
    [documented, withoutHost] = running as [Proxy, Proxy];
  });

  afterAll(async () => {
    await Promise.all(running.map((proxy) => proxy.stop()));
  });

  it("keeps the README's copy of the config the same as docs/deploy/nginx.conf", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const block = /^## Deploying\n[\s\S]*?^```nginx\n([\s\S]*?)^```$/m.exec(readme)?.[1];
    expect(block, "README.md's Deploying section has an ```nginx block").toBeDefined();
    expect(block).toBe(readFileSync(DOCUMENTED, "utf8"));
  });

  it("sends plain HTTP to the HTTPS address", async () => {
    const reply = await request(`${documented.httpBase}/events?page=2`, { localAddress: "127.0.0.2" });
    expect(reply.status).toBe(301);
    expect(reply.headers.location).toBe(`${documented.base}/events?page=2`);
  });

  it("signs a member of staff in and opens /admin, over HTTPS with the app's Strict-Transport-Security", async () => {
    const visitor = new Visitor(documented.base, "127.0.0.2");
    await signInAndOpenAdmin(visitor);
    expect((await visitor.get("/admin")).headers["strict-transport-security"]).toBe("max-age=31536000");
  });

  it("books a place, from a browser's own form post", async () => {
    await book(new Visitor(documented.base, "127.0.0.2"), bookableSession(documented.server), "proxied");
  });

  it("records the address that connected to nginx, not nginx's and not one the visitor wrote in X-Forwarded-For", async () => {
    const visitor = new Visitor(documented.base, "127.0.0.3");
    const email = "nobody-through-the-proxy@test.example";
    const reply = await visitor.post("/sign-in", { email, password: "wrong password" }, { "x-forwarded-for": "203.0.113.7" });
    expect(reply.status).toBe(400);
    const { sqlite } = openServerDatabase(documented.server.databasePath);
    try {
      expect(sqlite.prepare("select ip_address from sign_in_attempts where email = ?").pluck().all(email)).toEqual(["127.0.0.3"]);
    } finally {
      sqlite.close();
    }
  });

  it("counts the booking limit per visitor, however X-Forwarded-For is forged", async () => {
    const sessionId = bookableSession(documented.server);
    const bot = new Visitor(documented.base, "127.0.0.4");
    // BOOKING_RATE_LIMIT is 10 a minute; an empty form counts against it and is then refused as incomplete.
    for (let i = 1; i <= 10; i++) {
      const reply = await bot.post(`/events/${sessionId}`, {}, { "x-forwarded-for": `198.51.100.${i}` });
      expect(reply.status).toBe(400);
    }
    expect((await bot.post(`/events/${sessionId}`, {}, { "x-forwarded-for": "198.51.100.11" })).status).toBe(429);
    // Someone else, at another address, is not held back by it.
    expect((await new Visitor(documented.base, "127.0.0.5").post(`/events/${sessionId}`, {})).status).toBe(400);
  });

  it("refuses a post from another site with 403", async () => {
    const visitor = new Visitor(documented.base, "127.0.0.2");
    const reply = await visitor.post(
      "/sign-in",
      { email: organiser.email, password: organiser.password },
      { origin: "https://evil.example" },
    );
    expect(reply.status).toBe(403);
    expect(reply.body).toContain("Forms can only be sent from this site");
  });

  it("refuses a post with a forged X-Forwarded-Host with 403, and ignores it on pages", async () => {
    const visitor = new Visitor(documented.base, "127.0.0.2");
    const post = await visitor.post(
      "/sign-in",
      { email: organiser.email, password: organiser.password },
      { "x-forwarded-host": "evil.example" },
    );
    expect(post.status).toBe(403);
    expect(post.body).toContain("Forms can only be sent from this site");
    const page = await visitor.get("/sign-in", { "x-forwarded-host": "evil.example" });
    expect(page.status).toBe(200);
    expect(page.body).not.toContain("evil.example");
  });

  // nginx sends the whole body before it reads the answer: the app must read and drop the rest of a refused
  // body rather than close the connection under it, or nginx shows its own 502 (it did, about half the time).
  it("shows the app's own page, not nginx's, for a form or an upload over the app's limits", async () => {
    const visitor = new Visitor(documented.base, "127.0.0.2");
    const form = await visitor.post("/sign-in", { email: organiser.email, password: "x".repeat(2 * 1024 * 1024) });
    expect(form.status).toBe(413);
    expect(form.body).toContain("A form can be at most 1 MB");
    // 6.5 MB: over the app's 6 MB for an upload, under nginx's 7 MB.
    const boundary = "proxy-test-boundary";
    const upload = await visitor.postBody(
      "/admin/plans/import",
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plan.csv"\r\nContent-Type: text/csv\r\n\r\n${"x".repeat(6.5 * 1024 * 1024)}\r\n--${boundary}--\r\n`,
      { "content-type": `multipart/form-data; boundary=${boundary}` },
    );
    expect(upload.status).toBe(413);
    expect(upload.body).toContain("An upload can be at most 6 MB");
  });

  it("works the same when nginx sends its own Host (the config without proxy_set_header Host)", async () => {
    await signInAndOpenAdmin(new Visitor(withoutHost.base, "127.0.0.2"));
    await book(new Visitor(withoutHost.base, "127.0.0.2"), bookableSession(withoutHost.server), "default-host");
    const crossSite = await new Visitor(withoutHost.base, "127.0.0.2").post("/sign-in", {}, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
  });

  it("logs no server errors and nginx no upstream errors", () => {
    for (const proxy of [documented, withoutHost]) {
      expect(proxy.server.output()).not.toMatch(/Error/);
      expect(proxy.log()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
    }
  });
});
