/**
 * `npm test`: the whole suite. Makes sure Debian's Chromium (for the browser tests), nginx (for the
 * reverse-proxy test), poppler's pdftotext and a CJK font (for the certificates) are there, installing them when running as root, otherwise saying exactly what to run;
 * builds; then runs vitest with the type check, lint and formatting check alongside. Any failure fails the run.
 * Extra arguments go to vitest: `npm test -- tests/booking-rules.test.ts`.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const NGINX = "/usr/sbin/nginx";
const PDFTOTEXT = process.env.PDFTOTEXT_PATH ?? "/usr/bin/pdftotext";
/** As app/utils/env.server.ts's DEFAULT_CJK_FONT: the font a server sets CJK names on certificates in. */
const CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
const started = Date.now();
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Runs a command with its output held back, so steps running side by side do not interleave. */
function step(label: string, command: string, args: string[]): Promise<{ label: string; ok: boolean; output: string; time: string }> {
  const begun = Date.now();
  return new Promise((resolve) => {
    let output = "";
    const child = spawn(command, args, { env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => resolve({ label, ok: code === 0, output, time: seconds(begun) }));
  });
}

function report(check: { label: string; ok: boolean; time: string }) {
  console.log(`${check.label}: ${check.ok ? "done" : "FAILED"} in ${check.time}`);
}

/** Debian packages the tests run, each known by the file it installs. */
const missing = [
  { file: CHROMIUM, pkg: "chromium", usedFor: "the browser tests", need: `The browser tests need Debian's Chromium at ${CHROMIUM}` },
  { file: NGINX, pkg: "nginx", usedFor: "the reverse-proxy test", need: `The reverse-proxy test needs Debian's nginx at ${NGINX}` },
  {
    file: PDFTOTEXT,
    pkg: "poppler-utils",
    usedFor: "reading the certificates' PDFs",
    need: `The certificate tests read PDFs with poppler's pdftotext at ${PDFTOTEXT}`,
  },
  {
    file: CJK_FONT,
    pkg: "fonts-wqy-microhei",
    usedFor: "certificates with names in Chinese, Japanese or Korean",
    need: `The certificate tests set CJK names in WenQuanYi Micro Hei at ${CJK_FONT}`,
  },
].filter((tool) => !existsSync(tool.file));
if (missing.length > 0) {
  const packages = missing.map((tool) => tool.pkg).join(" ");
  if (process.getuid?.() === 0) {
    for (const tool of missing) console.log(`${tool.file} is missing: installing Debian's ${tool.pkg} package for ${tool.usedFor}.`);
    const install = spawnSync("sh", ["-c", `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages}`], {
      stdio: "inherit",
    });
    if (install.status !== 0) process.exit(install.status ?? 1);
  } else {
    console.error(
      `${missing.map((tool) => `${tool.need}.`).join(" ")} Installing ${missing.length > 1 ? "them" : "it"} needs root. Run:\n\n  sudo apt-get update && sudo apt-get install -y ${packages}\n\nthen run npm test again.`,
    );
    process.exit(1);
  }
}

// The type check, lint and formatting check need no build, so they start at once and fill the time while the
// build runs and while the tests wait on a server or the browser. The tests need the build.
const checks = [
  step("Type check", "npx", ["tsc", "--noEmit"]),
  step("Lint", "npx", ["eslint", "."]),
  step("Formatting", "npx", ["prettier", "--check", "--log-level", "warn", "."]),
].map((running) => running.then((check) => (report(check), check)));

const build = await step("Build", "npm", ["run", "build", "--silent"]);
report(build);
if (!build.ok) {
  console.error(build.output);
  process.exit(1);
}

const tests = await new Promise<number>((resolve) => {
  const child = spawn("npx", ["vitest", "run", ...process.argv.slice(2)], { stdio: "inherit", env: process.env });
  child.on("exit", (code) => resolve(code ?? 1));
});
const failedChecks = (await Promise.all(checks)).filter((c) => !c.ok);
for (const check of failedChecks) console.error(`\n${check.label} failed:\n${check.output}`);
if (failedChecks.some((c) => c.label === "Formatting")) console.error("Run `npm run format` to format the files listed above.");
const ok = tests === 0 && failedChecks.length === 0;
console.log(`\nnpm test took ${seconds(started)}${ok ? "" : " and failed"}.`);
process.exit(ok ? 0 : 1);
