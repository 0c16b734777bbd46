import { CsvError, parse } from "csv-parse/sync";

export type CsvRead = { ok: true; records: string[][] } | { ok: false; message: string };

/**
 * Reads a CSV file that staff have exported from a spreadsheet. Such files arrive with a byte-order mark,
 * with mixed line endings (edited on more than one machine) and with stray quotes inside unquoted cells
 * (`6" screen`), all of which we accept. A file that is not CSV at all, or has a quoted cell that never
 * closes, is refused with a message saying where, rather than half-read.
 */
export function readCsv(text: string, { maxRows, what }: { maxRows: number; what: string }): CsvRead {
  try {
    // Read no further than one row past the limit: a file far too long costs no more than one just too long.
    const records = parse(text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"), {
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      trim: false,
      to: maxRows + 2,
    }) as string[][];
    if (records.length > maxRows + 1)
      return {
        ok: false,
        message: `The file has more than ${maxRows.toLocaleString("en-GB")} rows, the most ${what} can hold. Check it is the right file, or split it.`,
      };
    return { ok: true, records };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = "lines" in error && typeof error.lines === "number" ? error.lines : null;
    const where = line ? ` near line ${line}` : "";
    const reason = error.code === "CSV_QUOTE_NOT_CLOSED" ? "a quoted cell is never closed" : "it is not in CSV format";
    return {
      ok: false,
      message: `The file could not be read${where}: ${reason}. Save it from your spreadsheet as “CSV UTF-8” and try again.`,
    };
  }
}
