/**
 * A certificate of attendance as a PDF (issue 14, ADR 023): one A4 page, landscape. Its words are real text in
 * an embedded font (DejaVu Sans: Latin, Greek, Cyrillic and Vietnamese letters, where the PDF standard fonts stop
 * at Western European ones; not Chinese, Japanese or Korean, ADR 023), so it can be searched, copied and read
 * aloud; the page is tagged, with its language and title, for screen readers. Pure: data in, bytes out.
 */
import { createRequire } from "node:module";

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

const INK = "#0b0c0c";
const SECONDARY = "#505a5f";
const BRAND = "#1d4f7a";

export function certificatePdf(content: CertificateContent): Promise<Buffer> {
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
      doc.font(part.font).fontSize(part.size * scale);
      return sum + doc.heightOfString(part.text, centred) + part.gap * doc.currentLineHeight(true);
    }, 0);
  let scale = 1;
  while (scale > 0.5 && heightAt(scale) > footerTop - top - 12) scale -= 0.05;

  const paragraph = (tag: "P" | "H1", font: string, size: number, colour: string, text: string, gap = 0) =>
    document.add(
      doc.struct(tag, {}, () => {
        doc.font(font).fontSize(size).fillColor(colour).text(text, 72, undefined, centred);
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
