/**
 * Is the home page's wait during a rush the app's, or Node's on this machine? (issue 13, docs/benchmarks.md.)
 * A bare `node:http` server, in a process of its own, answers each POST after a fixed amount of synchronous work
 * and each GET after 0.3 ms; 1,000 posts are sent 100 at a time while a separate process opens `/` every 20 ms on
 * a new connection. No framework, no database: what is left is how one Node thread shares itself between the
 * connections it has and the ones waiting to be let in.
 *
 *   npx tsx bench/fairness.ts            # 1 ms and 3 ms of work per post, two runs each
 */
import { spawn } from "node:child_process";

import autocannon from "autocannon";

import { freePort } from "../tests/support/server";

const SERVER = `
  import http from "node:http";
  const spin = (ms) => { const end = performance.now() + ms; while (performance.now() < end); };
  http.createServer((req, res) => {
    if (req.method === "POST") {
      req.on("data", () => {});
      req.on("end", () => { spin(Number(process.env.POST_MS)); res.writeHead(303, { Location: "/done" }).end(); });
      return;
    }
    spin(0.3);
    res.writeHead(200, { "Content-Type": "text/html" }).end("<p>home</p>");
  }).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening"));`;

const PROBE = `
  import net from "node:net";
  const times = []; const pending = new Set(); const u = new URL(process.env.URL);
  const timer = setInterval(() => {
    const start = performance.now();
    const p = new Promise((resolve) => {
      const c = net.connect(Number(u.port), u.hostname, () => c.write("GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n"));
      c.on("data", () => {}); c.on("end", () => { times.push(performance.now() - start); resolve(); }); c.on("error", resolve);
    });
    pending.add(p); p.finally(() => pending.delete(p));
  }, 20);
  process.on("message", async () => { clearInterval(timer); await Promise.all(pending); process.send(times); process.exit(0); });`;

const at = (sorted: number[], q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);

for (const postMs of [1, 3]) {
  const port = await freePort();
  const server = spawn(process.execPath, ["--input-type=module", "-e", SERVER], {
    env: { ...process.env, PORT: String(port), POST_MS: String(postMs) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve) => server.stdout!.once("data", resolve));
  for (let run = 0; run < 2; run++) {
    const probe = spawn(process.execPath, ["--input-type=module", "-e", PROBE], {
      env: { ...process.env, URL: `http://127.0.0.1:${port}/` },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const started = Date.now();
    const rush = await autocannon({ url: `http://127.0.0.1:${port}/book`, connections: 100, amount: 1000, method: "POST", body: "name=x" });
    const seconds = (Date.now() - started) / 1000;
    const times = await new Promise<number[]>((resolve) => {
      probe.once("message", (m: number[]) => resolve(m.sort((a, b) => a - b)));
      probe.send("stop");
    });
    console.log(
      `${postMs} ms a post: ${Math.round(1000 / seconds)} posts/s, p50 ${rush.latency.p50} ms, p99 ${rush.latency.p99} ms; GET / meanwhile p50 ${at(times, 0.5)} ms, p99 ${at(times, 0.99)} ms (${times.length})`,
    );
  }
  server.kill();
}
