/** Requests written as bytes, for what fetch will not send: chunked bodies from a generator, any header, a GET with a body. */
import http from "node:http";

export type Raw = { status: number; body: string };

/**
 * One request as bytes: headers exactly as given, the body written as one piece, or as chunks (chunked
 * transfer) from a generator. The answer counts once its headers arrive, whatever happens to the rest.
 */
export function raw(
  url: string,
  { method = "POST", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: Buffer | (() => Generator<Buffer>) },
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    // The server may stop reading a body it has refused and close the connection: only an error before any
    // answer is a failure.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (typeof body === "function") {
      const chunks = body();
      const pump = () => {
        for (let next = chunks.next(); !next.done; next = chunks.next()) {
          if (answered || req.destroyed) return;
          if (!req.write(next.value)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    } else req.end(body);
  });
}
