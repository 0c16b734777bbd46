/**
 * A certificate of attendance as a PDF (issue 14, ADR 023): one A4 page, landscape. Its words are real text in
 * an embedded font (DejaVu Sans, which has the letters of names from across Europe and beyond, where the PDF
 * standard fonts stop at Western European ones), so it can be searched, copied and read aloud; the page is
 * tagged, with its language and title, for screen readers. Pure: data in, bytes out.
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
  const paragraph = (font: string, size: number, colour: string, text: string, gap = 0) =>
    document.add(
      doc.struct("P", {}, () => {
        doc.font(font).fontSize(size).fillColor(colour).text(text, 72, undefined, centred);
        if (gap) doc.moveDown(gap);
      }),
    );

  doc.y = 84;
  paragraph("bold", 14, BRAND, content.organisationName, 0.6);
  document.add(
    doc.struct("H1", {}, () => {
      doc.font("bold").fontSize(34).fillColor(INK).text("Certificate of attendance", 72, undefined, centred);
      doc.moveDown(0.6);
    }),
  );
  paragraph("regular", 16, INK, "This is to certify that", 0.4);
  paragraph("bold", 28, INK, content.name, 0.4);
  paragraph("regular", 16, INK, "attended", 0.4);
  paragraph("bold", 20, INK, content.programmeTitle, 0.4);
  paragraph("regular", 16, INK, `on ${content.date}`, 0.2);
  paragraph("regular", 16, INK, `Duration: ${content.duration} of continuing professional development (CPD)`);

  doc.y = height - 72 - 44;
  paragraph("regular", 11, SECONDARY, `Verification code: ${content.code}`, 0.2);
  paragraph("regular", 11, SECONDARY, `Check that this certificate is genuine at ${content.checkUrl}`);

  document.end();
  doc.end();
  return done;
}
