/**
 * A certificate of attendance as a PDF (issue 14, ADR 023): one A4 page, landscape. Its words are real text in
 * an embedded font (DejaVu Sans: Latin, Greek, Cyrillic, Arabic, Hebrew and Vietnamese letters, where the PDF
 * standard fonts stop at Western European ones), so it can be searched, copied and read aloud; a line DejaVu
 * cannot draw (a name in Chinese, Japanese or Korean) is set in the CJK font the server has, where it covers the
 * line. The page is tagged, with its language and title, for screen readers. Pure: data in, bytes out.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

import { openSync, type Font } from "fontkit";
import PDFDocument from "pdfkit";

export type CertificateContent = {
  name: string;
  programmeTitle: string;
  /** "Tuesday 3 March 2026" */
  date: string;
  /** "2.5 hours" */
  duration: string;
  organisationName: string;
  code: string;
  /** The verification page's address with the code filled in. */
  checkUrl: string;
  /** When it was made: the PDF's creation date. */
  now: Date;
};

const fonts = (() => {
  let found: { regular: string; bold: string } | null = null;
  return () => {
    if (!found) {
      const require = createRequire(import.meta.url);
      found = {
        regular: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
        bold: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
      };
    }
    return found;
  };
})();

/** What a font file can draw, read once per file; a collection (.ttc) by its first font. */
const coverage = new Map<string, Font | null>();
function fontAt(path: string): Font | null {
  if (!coverage.has(path)) {
    const opened = existsSync(path) ? openSync(path) : null;
    coverage.set(path, opened && "fonts" in opened ? (opened.fonts[0] ?? null) : opened);
  }
  return coverage.get(path)!;
}

const draws = (font: Font | null, text: string) =>
  font !== null && [...text].every((c) => /\s/u.test(c) || font.hasGlyphForCodePoint(c.codePointAt(0)!));

let warned = false;

const INK = "#0b0c0c";
const SECONDARY = "#505a5f";
const BRAND = "#1d4f7a";

/**
 * `cjkFont`: a font file (TTF, OTF or TTC) for lines DejaVu cannot draw, such as WenQuanYi Micro Hei (Debian's
 * fonts-wqy-microhei); without one such a line would print as empty boxes, so the server says so once.
 */
export function certificatePdf(content: CertificateContent, { cjkFont = null }: { cjkFont?: string | null } = {}): Promise<Buffer> {
  const title = `Certificate of attendance: ${content.name}, ${content.programmeTitle}`;
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 72,
    tagged: true,
    lang: "en-GB",
    displayTitle: true,
    pdfVersion: "1.7",
    info: { Title: title, Author: content.organisationName, Subject: "Certificate of attendance", CreationDate: content.now },
  });
  const { regular, bold } = fonts();
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);
  const fallback = cjkFont ? fontAt(cjkFont) : null;
  if (fallback && cjkFont) doc.registerFont("fallback", cjkFont, fallback.postscriptName);
  /** The font a line is set in: DejaVu where it draws every character, else the fallback where that does. */
  const fontFor = (font: string, text: string) => {
    if (draws(fontAt(font === "bold" ? bold : regular), text)) return font;
    if (draws(fallback, text)) return "fallback";
    if (!warned) {
      warned = true;
      console.warn(
        "A certificate has a line its fonts cannot draw (a name in Chinese, Japanese or Korean?): install a CJK font (Debian: fonts-wqy-microhei) or set CERTIFICATE_CJK_FONT.",
      );
    }
    return font;
  };

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const { width, height } = doc.page;
  const inner = width - 2 * 72;
  // The frame is decoration: marked as such, screen readers pass over it.
  doc.markContent("Artifact", { type: "Layout" });
  doc
    .lineWidth(6)
    .strokeColor(BRAND)
    .rect(28, 28, width - 56, height - 56)
    .stroke();
  doc
    .lineWidth(1)
    .rect(40, 40, width - 80, height - 80)
    .stroke();
  doc.endMarkedContent();

  const centred = { width: inner, align: "center" as const };
  const document = doc.struct("Document");
  doc.addStructure(document);
  // The body, each part with its size and the space after it (in its own lines): shrunk together when a long
  // name or title would otherwise run into the footer.
  const body: Array<{ tag: "P" | "H1"; font: string; size: number; colour: string; text: string; gap: number }> = [
    { tag: "P", font: "bold", size: 14, colour: BRAND, text: content.organisationName, gap: 0.6 },
    { tag: "H1", font: "bold", size: 34, colour: INK, text: "Certificate of attendance", gap: 0.6 },
    { tag: "P", font: "regular", size: 16, colour: INK, text: "This is to certify that", gap: 0.4 },
    { tag: "P", font: "bold", size: 28, colour: INK, text: content.name, gap: 0.4 },
    { tag: "P", font: "regular", size: 16, colour: INK, text: "attended", gap: 0.4 },
    { tag: "P", font: "bold", size: 20, colour: INK, text: content.programmeTitle, gap: 0.4 },
    { tag: "P", font: "regular", size: 16, colour: INK, text: `on ${content.date}`, gap: 0.2 },
    {
      tag: "P",
      font: "regular",
      size: 16,
      colour: INK,
      text: `Duration: ${content.duration} of continuing professional development (CPD)`,
      gap: 0,
    },
  ];
  const top = 84;
  const footerTop = height - 72 - 44;
  const heightAt = (scale: number) =>
    body.reduce((sum, part) => {
      doc.font(fontFor(part.font, part.text)).fontSize(part.size * scale);
      return sum + doc.heightOfString(part.text, centred) + part.gap * doc.currentLineHeight(true);
    }, 0);
  let scale = 1;
  while (scale > 0.5 && heightAt(scale) > footerTop - top - 12) scale -= 0.05;

  const paragraph = (tag: "P" | "H1", font: string, size: number, colour: string, text: string, gap = 0) =>
    document.add(
      doc.struct(tag, {}, () => {
        doc.font(fontFor(font, text)).fontSize(size).fillColor(colour).text(text, 72, undefined, centred);
        if (gap) doc.moveDown(gap);
      }),
    );

  doc.y = top;
  for (const part of body) paragraph(part.tag, part.font, part.size * scale, part.colour, part.text, part.gap);

  doc.y = footerTop;
  paragraph("P", "regular", 11, SECONDARY, `Verification code: ${content.code}`, 0.2);
  paragraph("P", "regular", 11, SECONDARY, `Check that this certificate is genuine at ${content.checkUrl}`);

  document.end();
  doc.end();
  return done;
}
