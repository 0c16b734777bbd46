/**
 * The production server: checks configuration, migrates the database, seeds demo data into an empty
 * database in demo mode, then serves the Remix build with the client's address in the load context.
 *
 * `npm run build` compiles it to build/server.js, which `npm run serve` runs (`npm run dev` runs this source
 * with tsx). See docs/decisions/001-own-server.md for why this is not `remix-serve`. Apart from the
 * configuration, everything of the app's it needs comes through the build's server entry
 * (app/service.server.ts), so the app's code is loaded once, from the bundle.
 */
import { readdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";

import type { ServiceHooks } from "./app/service.server";
import { ConfigError, getEnv } from "./app/utils/env.server";
import { refuseCrossSitePost, type OriginRefusal } from "./server/origin";
import { publicPageMemory } from "./server/public-pages";
import {
  dataRefusal,
  isDataRequest,
  isLegacyDataRequest,
  LEGACY_DATA_REQUEST,
  pathOf,
  remixHandler,
  sendResponse,
} from "./server/remix-handler";
import { discardRest, readRequestBody, type BodyRefusal } from "./server/request-body";
import { takingTurns } from "./server/turns";

const BUILD_PATH = path.resolve("build", "index.js");

/** "/assets/x.png" → "assets"; a path that cannot be decoded is no file of ours. */
function decodeFirstSegment(path: string): string {
  try {
    return decodeURIComponent(path.split("/")[1] ?? "");
  } catch {
    return "";
  }
}

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

async function main() {
  // Read before anything else is imported: a bad variable stops start-up with its name.
  const env = getEnv();
  // Under the test suite (NODE_ENV=test) the server runs production's code paths: React picks its production
  // build from NODE_ENV when the build first imports it. Only the clock may differ (TEST_NOW).
  if (env.NODE_ENV === "test") process.env.NODE_ENV = "production";

  try {
    statSync(BUILD_PATH);
  } catch {
    fail(`There is no build at ${BUILD_PATH}. Run \`npm run build\` first (or \`npm start\`, which builds and serves).`);
  }
  // Importing the build touches nothing on disk: the database opens on first use.
  let build = (await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild;
  let buildVersion = statSync(BUILD_PATH).mtimeMs;
  const service = build.entry.module as unknown as ServiceHooks;

  // Opening the database applies any migrations not yet applied.
  const { sqliteVersion: version, seeded } = await service.prepareService();
  if (seeded) console.log(`Demo data added to the empty database at ${env.DATABASE_PATH}.`);

  // Terse error pages and no stack traces unless developing, as in production.
  const mode = env.NODE_ENV === "development" ? "development" : "production";
  const app = express();
  app.set("env", mode);
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY_HOPS);

  // On every answer, remembered public pages included.
  const ownHeaders: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    // Manage-booking and feedback links carry secrets in the URL: never send them to another site in a
    // Referer. ("no-referrer" would also make browsers send `Origin: null` on our own form posts.)
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    ...(env.APP_MODE === "live" ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
  app.use((req, res, next) => {
    for (const [name, value] of Object.entries(ownHeaders)) res.setHeader(name, value);
    next();
  });

  // Refused requests get a page of their own, with nothing of the app's to load but its stylesheet; a form sent
  // by the page's script gets the refusal in the form its script reads.
  const refuse = (req: express.Request, res: express.Response, refusal: BodyRefusal | OriginRefusal | typeof LEGACY_DATA_REQUEST) => {
    const answer = isDataRequest(req.originalUrl)
      ? dataRefusal(refusal)
      : new Response(
          service.renderRefusal(refusal, {
            path: req.originalUrl,
            cookie: req.headers.cookie,
            acceptLanguage: typeof req.headers["accept-language"] === "string" ? req.headers["accept-language"] : undefined,
          }),
          {
            status: refusal.status,
            headers: {
              "Content-Type": "text/html; charset=utf-8",
              "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; base-uri 'none'",
            },
          },
        );
    res.setHeader("Cache-Control", "no-store");
    if (refusal.status === 405) res.setHeader("Allow", "GET, HEAD, POST");
    // What is left of the body is read and dropped first, within a bound, so a proxy still sending it reads
    // our answer; past the bound the connection is closed instead.
    discardRest(req)
      .then((ended) => {
        if (!ended) res.setHeader("Connection", "close");
        return sendResponse(res, answer, req.originalUrl);
      })
      // The visitor went away mid-answer: nothing to tell them, and nothing to stop the server for.
      .catch(() => res.destroy());
  };
  // Before any parsing: Remix's old data protocol, cross-site posts, then the body, read within the limits (README, "Limits").
  app.use((req, res, next) => {
    if (isLegacyDataRequest(req.originalUrl)) return refuse(req, res, LEGACY_DATA_REQUEST);
    const crossSite = refuseCrossSitePost({
      method: req.method,
      headers: req.headers,
      publicUrl: env.PUBLIC_URL,
      trustProxyHops: env.TRUST_PROXY_HOPS,
    });
    if (crossSite) return refuse(req, res, crossSite);
    readRequestBody(req).then((result) => {
      if (!result.ok) return refuse(req, res, result.refusal);
      res.locals.body = result.body;
      next();
    }, next);
  });

  app.use(compression());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Only paths that can be a file in public/ go to the file server: asking the disk about every page's path
  // (a stat per request) cost public pages measurable time (issue 13). What public/ holds is read at start-up.
  const publicFiles = new Set(readdirSync("public"));
  const fromPublic = express.static("public", { maxAge: "1h" });
  app.use((req, res, next) => (publicFiles.has(decodeFirstSegment(req.path)) ? fromPublic(req, res, next) : next()));

  // Pages made and forms handled one a turn, letting waiting visitors in between (server/turns.ts).
  const turns = takingTurns();
  const memory = publicPageMemory({
    stamp: service.publicPagesStamp,
    validUntil: service.publicPagesValidUntil,
    language: service.publicPagesLanguage,
  });
  const handlerFor = (current: ServerBuild) =>
    remixHandler({
      build: current,
      mode,
      publicUrl: env.PUBLIC_URL,
      getLoadContext: (req) => ({ clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown" }),
      publicPages: { memory, headers: ownHeaders },
      turns,
    });
  let handleRequest = handlerFor(build);
  app.all(
    "*",
    async (req, res, next) => {
      if (env.NODE_ENV === "development") {
        const mtime = statSync(BUILD_PATH).mtimeMs;
        if (mtime !== buildVersion) {
          buildVersion = mtime;
          build = (await import(`${pathToFileURL(BUILD_PATH).href}?t=${mtime}`)) as ServerBuild;
          memory.clear();
          handleRequest = handlerFor(build);
          if (process.env.REMIX_DEV_ORIGIN) void broadcastDevReady(build);
        }
      }
      next();
    },
    (req, res, next) => handleRequest(req, res, next),
  );

  // A remembered public page is sent before Express: it is the same bytes for every visitor, and Express's
  // layers cost more than sending it (issue 13). Everything else, and every page in development (where a new
  // build must be noticed first), goes through Express.
  const server: Server = createServer((req, res) => {
    if (mode !== "development") {
      try {
        const key = memory.keyFor(req, pathOf(req.url ?? "/"));
        if (key && memory.send(key, memory.stamp(), req, res, ownHeaders)) return;
      } catch {
        // The data's version could not be read (the database is unavailable): Express makes the page or
        // answers with the error page, as for any other request.
      }
    }
    void app(req, res);
  });
  server.listen(env.PORT, env.HOST);
  server.on("connection", turns.connectionArrived);
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") fail(`Port ${env.PORT} is already in use. Stop the other program or set PORT to a free port.`);
    fail(`The server could not start: ${error.message}`);
  });
  server.on("listening", () => {
    console.log(
      `${env.SERVICE_NAME} is running at ${env.PUBLIC_URL} (${env.APP_MODE} mode, SQLite ${version}, database ${env.DATABASE_PATH}).`,
    );
    if (env.APP_MODE === "demo") console.log("Demo accounts are listed in README.md. Do not use demo mode for real bookings.");
    if (env.NODE_ENV === "development" && process.env.REMIX_DEV_ORIGIN) void broadcastDevReady(build);
    if (env.JOBS_ENABLED) service.startBackgroundJobs();
    // After "running", so start-up is not slowed; a request arriving meanwhile waits a moment instead. Not
    // under the test suite, whose servers live for seconds and mostly draw no chart.
    if (env.NODE_ENV !== "test")
      setImmediate(() => {
        try {
          service.warmUp();
        } catch (error) {
          console.error("Warming up the charts failed; reports still work, the first is slower:", error);
        }
      });
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests in progress, then stopping.`);
    server.close(() => {
      void service.stopService().finally(() => process.exit(0));
    });
    // Keep-alive connections can hold close() open; do not wait for ever.
    setTimeout(() => {
      service.closeDatabase();
      process.exit(0);
    }, 5_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) fail(error.message);
  console.error(error);
  process.exit(1);
});
