/** A real SMTP server in the test process (smtp-server), reading what arrives with mailparser. */
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

import { freePort } from "./server";

export type Received = { parsed: ParsedMail; raw: string; envelopeTo: string[] };

export type TestSmtp = {
  port: number;
  url: string;
  received: Received[];
  attempts: number;
  /** Refuse the next n MAIL FROM commands with a temporary failure (451). */
  refuseNext: (n: number) => void;
  /** After accepting n more messages, drop every connection and stop listening. */
  dieAfter: (n: number) => void;
  waitFor: (count: number, timeoutMs?: number) => Promise<Received[]>;
  close: () => Promise<void>;
};

export async function startSmtp(port?: number): Promise<TestSmtp> {
  const listenPort = port ?? (await freePort());
  const received: Received[] = [];
  let refuse = 0;
  let dieAfter: number | null = null;
  const state = { attempts: 0 };
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onMailFrom(_address, _session, callback) {
      state.attempts++;
      if (refuse > 0) {
        refuse--;
        const error = new Error("Try again later") as Error & { responseCode: number };
        error.responseCode = 451;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({ parsed: await simpleParser(raw), raw, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
        callback();
        if (dieAfter !== null && --dieAfter <= 0) {
          dieAfter = null;
          // Stop mid-batch: the connection in use is cut and nothing more is accepted.
          setImmediate(() => {
            server.close(() => undefined);
            for (const connection of (server as unknown as { connections: Set<{ close(): void }> }).connections ?? []) connection.close();
          });
        }
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(listenPort, "127.0.0.1", resolve));
  return {
    port: listenPort,
    url: `smtp://127.0.0.1:${listenPort}`,
    received,
    get attempts() {
      return state.attempts;
    },
    refuseNext: (n) => {
      refuse = n;
    },
    dieAfter: (n) => {
      dieAfter = n;
    },
    waitFor: async (count, timeoutMs = 15_000) => {
      const started = Date.now();
      while (received.length < count) {
        if (Date.now() - started > timeoutMs) throw new Error(`Expected ${count} emails, got ${received.length} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The calendar part of a received email: its MIME method and its text. */
export function calendarPart(mail: ParsedMail): { method: string | null; ics: string } | null {
  const part = mail.attachments.find((a) => a.contentType === "text/calendar");
  if (!part) return null;
  const contentType = part.headers.get("content-type") as { value: string; params: Record<string, string> } | undefined;
  return { method: contentType?.params?.method?.toUpperCase() ?? null, ics: part.content.toString("utf8") };
}
