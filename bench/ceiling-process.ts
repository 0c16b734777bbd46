/**
 * The ceiling in a process of its own, as the app runs in its own: the benchmark's load generator must not share
 * its event loop. Prints its address, then serves until SIGTERM.
 *
 *   node --import tsx bench/ceiling-process.ts <database> <public url> <mail from>
 */
import { startCeiling } from "./ceiling";

const [databasePath, publicUrl, mailFrom] = process.argv.slice(2);
if (!databasePath || !publicUrl || !mailFrom) throw new Error("Usage: ceiling-process.ts <database> <public url> <mail from>");
const ceiling = await startCeiling({ databasePath, publicUrl, mailFrom });
console.log(ceiling.url);
process.on("SIGTERM", () => void ceiling.close().then(() => process.exit(0)));
