/**
 * Compiles our Sass (govuk-frontend with our own font and colours) and copies the govuk-frontend images
 * and script into public/assets. Run by `npm run build`; the outputs are not committed.
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const govuk = path.join(root, "node_modules", "govuk-frontend", "dist", "govuk");

const result = sass.compile(path.join(root, "app", "styles", "app.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(root)],
  // govuk-frontend still uses a few legacy Sass functions; their deprecation notes are not ours to fix.
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions"],
});
if (/GDS Transport/.test(result.css)) throw new Error("The compiled CSS still refers to GDS Transport");

mkdirSync(path.join(root, "app", "styles", "generated"), { recursive: true });
writeFileSync(path.join(root, "app", "styles", "generated", "app.css"), result.css);

mkdirSync(path.join(root, "public", "assets"), { recursive: true });
cpSync(path.join(govuk, "assets", "images"), path.join(root, "public", "assets", "images"), { recursive: true });
cpSync(path.join(govuk, "govuk-frontend.min.js"), path.join(root, "public", "assets", "govuk-frontend.min.js"));
console.log(`Built app.css (${Math.round(result.css.length / 1024)} KiB) and copied govuk-frontend assets.`);
