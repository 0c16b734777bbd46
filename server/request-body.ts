/**
 * Reads a request's body before the app sees it, refusing it while it streams in as soon as it breaks a limit:
 * bytes (whether or not the sender gave a Content-Length, so chunked bodies are capped too), number of fields,
 * size of one field, and size of one upload. Each check is one pass over the bytes, so the cost of a refused or
 * accepted body grows with its length and no more. The app then parses a body that is known to be small,
 * well formed and UTF-8. The limits are stated in README.md ("Limits"), which a test keeps in step.
 */
import type { IncomingMessage } from "node:http";

export const BODY_LIMITS = {
  /** Every ordinary form (application/x-www-form-urlencoded). */
  form: { bytes: 1024 * 1024, fields: 1000, fieldBytes: 100 * 1024 },
  /** The two upload forms (multipart/form-data): an action-plan CSV, or a staff list chosen or pasted. */
  upload: { bytes: 6 * 1024 * 1024, fields: 100, fieldBytes: 5 * 1024 * 1024 },
} as const;

export type BodyRefusal = {
  status: 400 | 405 | 413 | 415;
  title: string;
  message: string;
  /**
   * The same words in the app's catalogues (`refusal.<title>.title`, `refusal.<message>`), for a page in the
   * visitor's language (ADR 028); the English above is what a script's request gets.
   */
  words: RefusalWords;
};

export type RefusalWords = { title: string; message: string; values?: Record<string, string> };

export type BodyResult = { ok: true; body: Buffer | null } | { ok: false; refusal: BodyRefusal };

const MiB = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
const KiB = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

const TOO_LARGE = (message: string, key: string, values?: Record<string, string>): BodyRefusal => ({
  status: 413,
  title: "The form was too large to send",
  message,
  words: { title: "tooLarge", message: key, values },
});
const UNREADABLE = (message: string, key: string): BodyRefusal => ({
  status: 400,
  title: "The form could not be read",
  message,
  words: { title: "unreadable", message: key },
});

const AMPERSAND = 0x26;
const utf8 = new TextDecoder("utf-8", { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

type Kind = { type: "form" } | { type: "upload"; boundary: string };

/** What kind of body a POST says it carries, or why it cannot be taken. */
export function bodyKind(contentType: string | undefined): Kind | BodyRefusal {
  if (!contentType?.trim())
    return UNREADABLE(
      "The request did not say what kind of form it carried. Go back to the page, fill in the form and send it again.",
      "untyped",
    );
  const [type = "", ...params] = contentType.split(";").map((s) => s.trim());
  const mediaType = type.toLowerCase();
  if (mediaType === "application/x-www-form-urlencoded") return { type: "form" };
  if (mediaType === "multipart/form-data") {
    const raw = params.find((p) => p.toLowerCase().startsWith("boundary="))?.slice("boundary=".length);
    const boundary = raw?.replace(/^"(.*)"$/, "$1");
    // RFC 2046: 1 to 70 characters from a small set, not ending in a space.
    if (!boundary || !/^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary))
      return UNREADABLE(
        "The upload was not in a form this service can read. Go back to the page and choose the file again.",
        "uploadUnreadable",
      );
    return { type: "upload", boundary };
  }
  return {
    status: 415,
    title: "This address only takes form submissions",
    message:
      "Send the form from its page in a web browser. Other kinds of content (JSON, plain text, files on their own) are not accepted here.",
    words: { title: "notForm", message: "notForm" },
  };
}

/**
 * Counts fields and their sizes as the bytes arrive. An urlencoded field ends at `&`; the last one at the end.
 */
class FormScanner {
  fields = 0;
  private current = 0;
  private started = false;
  constructor(private readonly limits: (typeof BODY_LIMITS)["form"]) {}

  push(chunk: Buffer): BodyRefusal | null {
    if (chunk.length) this.started = true;
    let from = 0;
    for (let at = chunk.indexOf(AMPERSAND, from); at !== -1; at = chunk.indexOf(AMPERSAND, from)) {
      const refusal = this.endField(this.current + (at - from));
      if (refusal) return refusal;
      this.current = 0;
      from = at + 1;
    }
    this.current += chunk.length - from;
    return this.current > this.limits.fieldBytes ? this.fieldTooLong() : null;
  }

  end(): BodyRefusal | null {
    return this.started ? this.endField(this.current) : null;
  }

  private endField(bytes: number): BodyRefusal | null {
    if (bytes > this.limits.fieldBytes) return this.fieldTooLong();
    this.fields += 1;
    if (this.fields > this.limits.fields)
      return TOO_LARGE(
        `A form can have at most ${this.limits.fields.toLocaleString("en-GB")} answers. Go back to the page and send the form from there.`,
        "tooManyAnswers",
        { count: String(this.limits.fields) },
      );
    return null;
  }

  private fieldTooLong() {
    return TOO_LARGE(
      `One of the answers was longer than ${KiB(this.limits.fieldBytes)}. Shorten it and send the form again.`,
      "answerTooLong",
      { size: KiB(this.limits.fieldBytes) },
    );
  }
}

/**
 * Finds the multipart delimiters (`--boundary`, then `\r\n--boundary` between parts) as the bytes arrive,
 * across chunk edges, and so the number and sizes of the parts. Where each part starts is kept (at most the
 * limit's number) for the checks once the body is complete.
 */
class UploadScanner {
  private readonly delimiter: Buffer;
  /** The stream is read as if it began with a line break, so the first delimiter is found like the others. */
  private carry = Buffer.from("\r\n");
  private read = 0;
  /** Where each delimiter's `--boundary` starts in the body. */
  readonly delimiters: number[] = [];

  constructor(
    boundary: string,
    private readonly limits: (typeof BODY_LIMITS)["upload"],
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  push(chunk: Buffer): BodyRefusal | null {
    const window = Buffer.concat([this.carry, chunk]);
    // The body offset of the window's first byte (the imagined line break sits at -2 and -1). A delimiter found
    // at window index `at` has its `--` two bytes on.
    const windowStart = this.read - this.carry.length;
    for (let at = window.indexOf(this.delimiter); at !== -1; at = window.indexOf(this.delimiter, at + this.delimiter.length)) {
      const offset = windowStart + at + 2;
      const previous = this.delimiters.at(-1);
      if (previous !== undefined && offset - previous > this.limits.fieldBytes + this.delimiter.length) return this.partTooLarge();
      this.delimiters.push(offset);
      // One more delimiter than parts: the last one closes the body.
      if (this.delimiters.length > this.limits.fields + 1)
        return TOO_LARGE(
          `An upload form can have at most ${this.limits.fields} fields. Go back to the page and send the form from there.`,
          "tooManyFields",
          { count: String(this.limits.fields) },
        );
    }
    this.read += chunk.length;
    // A delimiter cut by the chunk's edge is found in the next window; a whole one never fits in the carry.
    this.carry = window.subarray(Math.max(0, window.length - (this.delimiter.length - 1)));
    const partStart = this.delimiters.at(-1) ?? 0;
    return this.read - partStart > this.limits.fieldBytes + this.delimiter.length ? this.partTooLarge() : null;
  }

  private partTooLarge() {
    return TOO_LARGE(
      `A file or pasted list can be at most ${MiB(this.limits.fieldBytes)}. Split it into smaller files and upload each.`,
      "fileTooLarge",
      { size: MiB(this.limits.fieldBytes) },
    );
  }
}

const CRLF_CRLF = Buffer.from("\r\n\r\n");

/** Once the whole upload is in: every part has a form-data name, text fields are UTF-8, and the body is closed. */
function checkUpload(body: Buffer, boundary: string, delimiters: number[]): BodyRefusal | null {
  const broken = UNREADABLE("The upload arrived incomplete or damaged. Go back to the page and choose the file again.", "uploadDamaged");
  const open = `--${boundary}`;
  if (!delimiters.length || delimiters[0] !== 0 || body.toString("latin1", 0, open.length) !== open) return broken;
  for (let i = 0; i < delimiters.length; i++) {
    const start = delimiters[i]! + open.length;
    const after = body.toString("latin1", start, start + 2);
    if (after === "--") {
      // The closing delimiter: it must be the last one, followed by nothing but an optional line break/epilogue.
      return i === delimiters.length - 1 ? null : broken;
    }
    if (after !== "\r\n" || i === delimiters.length - 1) return broken;
    // The part's content ends at the line break that begins the next delimiter.
    const end = delimiters[i + 1]! - 2;
    const headerEnd = body.indexOf(CRLF_CRLF, start);
    if (headerEnd === -1 || headerEnd + 4 > end) return broken;
    const headers = body.toString("latin1", start + 2, headerEnd);
    const disposition = /^content-disposition:\s*form-data\s*;(.*)$/im.exec(headers)?.[1];
    if (!disposition || !/(^|;)\s*name="[^"]*"/i.test(disposition)) return broken;
    const isFile = /(^|;)\s*filename\*?=/i.test(disposition);
    if (!isFile && !isUtf8(body.subarray(headerEnd + 4, end)))
      return UNREADABLE(
        "Some of the text sent was not UTF-8, so it could not be read. Go back to the page and send the form again.",
        "notUtf8",
      );
    if (!isUtf8(Buffer.from(headers, "latin1")))
      return UNREADABLE(
        "A field name or file name was not UTF-8, so it could not be read. Rename the file and choose it again.",
        "nameNotUtf8",
      );
  }
  return broken;
}

/** Once the whole form is in: UTF-8 bytes, and every `%` escape decodes to UTF-8 (as a browser sends it). */
function checkForm(body: Buffer): BodyRefusal | null {
  const notText = UNREADABLE(
    "Some of the text sent was not UTF-8, so it could not be read. Go back to the page and send the form again.",
    "notUtf8",
  );
  if (!isUtf8(body)) return notText;
  for (const field of body.toString("utf8").split("&")) {
    try {
      decodeURIComponent(field.replace(/\+/g, " "));
    } catch {
      return notText;
    }
  }
  return null;
}

const METHODS_WITHOUT_BODY = new Set(["GET", "HEAD"]);

/**
 * Reads a request's body within the limits. A GET or HEAD has none to read; a POST must carry a form; other
 * methods are not used by the service.
 */
export function readRequestBody(req: IncomingMessage): Promise<BodyResult> {
  const method = req.method ?? "GET";
  const declared = req.headers["content-length"];
  const hasBody = req.headers["transfer-encoding"] !== undefined || (declared !== undefined && declared !== "0");
  if (METHODS_WITHOUT_BODY.has(method)) {
    if (!hasBody) return Promise.resolve({ ok: true, body: null });
    return Promise.resolve({ ok: false, refusal: UNREADABLE("A request to open a page cannot carry a form.", "bodyOnRead") });
  }
  if (method !== "POST")
    return Promise.resolve({
      ok: false,
      refusal: {
        status: 405,
        title: "That request is not accepted here",
        message: "Pages are opened and forms are sent.",
        words: { title: "method", message: "method" },
      },
    });

  const kind = bodyKind(req.headers["content-type"]);
  if ("status" in kind) return Promise.resolve({ ok: false, refusal: kind });
  const limits = BODY_LIMITS[kind.type];
  if (declared !== undefined && Number(declared) > limits.bytes) return Promise.resolve({ ok: false, refusal: tooManyBytes(kind.type) });

  const scanner = kind.type === "form" ? new FormScanner(BODY_LIMITS.form) : new UploadScanner(kind.boundary, BODY_LIMITS.upload);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const finish = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      req.off("data", onData).off("end", onEnd).off("error", onError).off("aborted", onError);
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limits.bytes) return finish({ ok: false, refusal: tooManyBytes(kind.type) });
      const refusal = scanner.push(chunk);
      if (refusal) return finish({ ok: false, refusal });
      chunks.push(chunk);
    };
    const onEnd = () => {
      const body = Buffer.concat(chunks, bytes);
      const refusal =
        kind.type === "form"
          ? ((scanner as FormScanner).end() ?? checkForm(body))
          : checkUpload(body, kind.boundary, (scanner as UploadScanner).delimiters);
      finish(refusal ? { ok: false, refusal } : { ok: true, body });
    };
    const onError = () => finish({ ok: false, refusal: UNREADABLE("The form did not arrive in full. Send it again.", "incomplete") });
    req.on("data", onData).on("end", onEnd).on("error", onError).on("aborted", onError);
  });
}

function tooManyBytes(type: "form" | "upload"): BodyRefusal {
  return type === "form"
    ? TOO_LARGE(`A form can be at most ${MiB(BODY_LIMITS.form.bytes)}. Shorten the longest answers and send it again.`, "formTooLarge", {
        size: MiB(BODY_LIMITS.form.bytes),
      })
    : TOO_LARGE(
        `An upload can be at most ${MiB(BODY_LIMITS.upload.bytes)}. Split the file into smaller files and upload each.`,
        "uploadTooLarge",
        {
          size: MiB(BODY_LIMITS.upload.bytes),
        },
      );
}

/**
 * After a refusal, reads and throws away what is left of the body, up to a bound, so the answer can be read:
 * a reverse proxy sends the whole body before it reads the answer, and a connection closed under it becomes its
 * own "502 Bad Gateway" instead of our page. Resolves true if the body ended within the bound (the connection
 * can be kept), false if it did not (the caller closes it).
 */
export function discardRest(req: IncomingMessage, { maxBytes = 8 * 1024 * 1024, maxMs = 10_000 } = {}): Promise<boolean> {
  if (req.complete) return Promise.resolve(true);
  return new Promise((resolve) => {
    let bytes = 0;
    const done = (ended: boolean) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onFail).off("aborted", onFail);
      if (!ended) req.pause();
      resolve(ended);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) done(false);
    };
    const onEnd = () => done(true);
    const onFail = () => done(false);
    const timer = setTimeout(() => done(false), maxMs);
    req.on("data", onData).on("end", onEnd).on("error", onFail).on("aborted", onFail);
    req.resume();
  });
}
