import QRCode from "qrcode";

/** A QR code as SVG markup, drawn on the server so it prints sharply and needs no JavaScript. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#0b0c0c", light: "#ffffff" } });
}
