/**
 * Why visitors waited during a rush, and what lets them in (issue 13, ADR 022, docs/benchmarks.md).
 * A bare `node:http` server, in a process of its own, answers each POST after a fixed amount of synchronous work
 * and each GET after 0.3 ms; 1,000 posts are sent 100 at a time while a separate process opens `/` every 20 ms on
 * a new connection. No framework, no database. Each amount of work runs twice with the posts handled as they
 * come, as Node does, and twice with them taking turns (server/turns.ts, as the app does). The server also
 * reports how long each visitor waited to be let in (from the visitor's clock, sent in a header, to the
 * server's "connection" event) and the event loop's delay.
 *
 *   npx tsx bench/fairness.ts            # 1 ms and 3 ms of work per post
 *   npx tsx bench/fairness.ts 0 0.3      # other amounts of work, in milliseconds
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";

import autocannon from "autocannon";

import { freePort } from "../tests/support/server";

const TURNS = pathToFileURL(path.resolve(import.meta.dirname, "..", "server", "turns.ts")).href;

const SERVER = `
  import http from "node:http";
  import { monitorEventLoopDelay } from "node:perf_hooks";
  import { takingTurns } from ${JSON.stringify(TURNS)};
  const turns = process.env.TURNS ? takingTurns() : null;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const clock = () => performance.timeOrigin + performance.now();
  const spin = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };
  let letIn = [];
  const server = http.createServer((req, res) => {
    if (req.method === "POST") {
      req.on("data", () => {});
      req.on("end", async () => {
        if (turns) await turns.take("write");
        spin(Number(process.env.POST_MS));
        res.writeHead(303, { Location: "/done" }).end();
      });
      return;
    }
    if (req.headers["x-sent-at"]) letIn.push(req.socket.letInAt - Number(req.headers["x-sent-at"]));
    spin(0.3);
    res.writeHead(200, { "Content-Type": "text/html" }).end("<p>home</p>");
  });
  server.on("connection", (socket) => { socket.letInAt = clock(); turns?.connectionArrived(); });
  server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening"));
  process.on("message", () => {
    process.send({ letIn, delayP99: delay.percentile(99) / 1e6 });
    letIn = [];
    delay.reset();
  });`;

const PROBE = `
  import net from "node:net";
  const times = []; const pending = new Set(); const u = new URL(process.env.URL);
  const timer = setInterval(() => {
    const start = performance.now();
    const sentAt = performance.timeOrigin + start;
    const p = new Promise((resolve) => {
      const c = net.connect(Number(u.port), u.hostname, () => c.write("GET / HTTP/1.1\\r\\nHost: x\\r\\nX-Sent-At: " + sentAt + "\\r\\nConnection: close\\r\\n\\r\\n"));
      c.on("data", () => {}); c.on("end", () => { times.push(performance.now() - start); resolve(); }); c.on("error", resolve);
    });
    pending.add(p); p.finally(() => pending.delete(p));
  }, 20);
  process.on("message", async () => { clearInterval(timer); await Promise.all(pending); process.send(times); process.exit(0); });`;

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const at = (values: number[], q: number) => Math.round(values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0);
const ask = <T>(child: ReturnType<typeof spawn>) =>
  new Promise<T>((resolve) => {
    child.once("message", (m) => resolve(m as T));
    child.send("report");
  });

const amounts = process.argv.slice(2).map(Number);
for (const postMs of amounts.length > 0 ? amounts : [1, 3]) {
  for (const takingTurns of [false, true]) {
    const port = await freePort();
    const server = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", SERVER], {
      env: { ...process.env, PORT: String(port), POST_MS: String(postMs), TURNS: takingTurns ? "1" : "" },
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    });
    await new Promise((resolve) => server.stdout!.once("data", resolve));
    for (let run = 0; run < 2; run++) {
      const probe = spawn(process.execPath, ["--input-type=module", "-e", PROBE], {
        env: { ...process.env, URL: `http://127.0.0.1:${port}/` },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      // Timed to the last answer: autocannon itself finishes on its next whole second.
      const started = performance.now();
      let lastAnswer = started;
      const rush = await new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          { url: `http://127.0.0.1:${port}/book`, connections: 100, amount: 1000, method: "POST", body: "name=x" },
          (error, result) => (error ? reject(error) : resolve(result)),
        );
        instance.on("response", () => (lastAnswer = performance.now()));
      });
      const seconds = (lastAnswer - started) / 1000;
      const times = sorted(await ask<number[]>(probe));
      const { letIn, delayP99 } = await ask<{ letIn: number[]; delayP99: number }>(server);
      const waits = sorted(letIn);
      console.log(
        `${postMs} ms a post, ${takingTurns ? "taking turns" : "as they come"}: ${Math.round(1000 / seconds)} posts/s, p50 ${rush.latency.p50} ms, p99 ${rush.latency.p99} ms; ` +
          `GET / meanwhile p50 ${at(times, 0.5)} ms, p99 ${at(times, 0.99)} ms (${times.length}), of which waiting to be let in p50 ${at(waits, 0.5)} ms, p99 ${at(waits, 0.99)} ms; event loop delay p99 ${Math.round(delayP99)} ms`,
      );
    }
    server.kill();
  }
}
