/**
 * Starts the real built server (server.ts + build/) as a child process on its own SQLite file and port,
 * the way `npm start` does, and stops it afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import path from "node:path";

import { ROOT, TEST_TMP } from "./paths";

export type RunningServer = {
  url: string;
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

export function runServerProcess(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const databasePath = extraEnv.DATABASE_PATH ?? path.join(TEST_TMP, `server-${randomUUID()}`, "app.db");
  const url = `http://127.0.0.1:${port}`;
  const { child, output, exited } = runServerProcess({
    NODE_ENV: "production",
    APP_MODE: "demo",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: url,
    DATABASE_PATH: databasePath,
    JOBS_ENABLED: "false",
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
