/**
 * Starts the real built server (build/server.js and the Remix build) as a child process on its own SQLite file and port,
 * the way `npm start` does, and stops it afterwards. Its clock is the run's (TEST_NOW), and its database a
 * copy of the demo template seeded once for the run, unless the test asks for an empty one.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

import { DEMO_TEMPLATE, ROOT, TEST_TMP } from "./paths";

export type RunningServer = {
  url: string;
  /** The server process, for benchmarks that read its memory. */
  pid: number;
  databasePath: string;
  output: () => string;
  stop: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** What `npm run serve` runs after `node`: its flags (memory, source maps) and the server. */
const SERVE_ARGUMENTS = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: { serve: string } }).scripts.serve
  .split(/\s+/)
  .slice(1);

export function runServerProcess(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let out = "";
  const child = spawn(process.execPath, SERVE_ARGUMENTS, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** What every server a test starts shares: test mode with the run's frozen clock, and cheap password hashes. */
export function serverEnv(): Record<string, string> {
  return { NODE_ENV: "test", TEST_NOW: process.env.TEST_NOW ?? "", BCRYPT_COST: "4", APP_MODE: "demo", JOBS_ENABLED: "false" };
}

/**
 * `database`: "demo" (default) starts on a copy of the run's seeded template; "empty" lets the server migrate
 * and seed a new file itself, as `npm start` does on a fresh machine. `DATABASE_PATH` in `extraEnv` wins.
 */
export async function startServer(
  extraEnv: Record<string, string> = {},
  { database = "demo" }: { database?: "demo" | "empty" } = {},
): Promise<RunningServer> {
  const port = await freePort();
  let databasePath = extraEnv.DATABASE_PATH;
  if (!databasePath) {
    databasePath = path.join(TEST_TMP, `server-${randomUUID()}`, "app.db");
    mkdirSync(path.dirname(databasePath), { recursive: true });
    if (database === "demo") copyFileSync(DEMO_TEMPLATE, databasePath);
  }
  const url = `http://127.0.0.1:${port}`;
  const { child, output, exited } = runServerProcess({
    ...serverEnv(),
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: url,
    DATABASE_PATH: databasePath,
    ...extraEnv,
  });

  const started = Date.now();
  for (;;) {
    if (output().includes("is running at")) break;
    if (child.exitCode !== null) throw new Error(`The server exited during start-up:\n${output()}`);
    if (Date.now() - started > 60_000) {
      child.kill("SIGKILL");
      throw new Error(`The server did not start within 60 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    pid: child.pid!,
    databasePath,
    output,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 8_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
