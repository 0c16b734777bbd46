/**
 * The order test files start in. Two workers share the files; a long file that starts last leaves one core
 * idle while it finishes, so the longest go first. Vitest knows each file's last duration from its cache;
 * on a fresh clone (CI) it has none and would go by file size, which puts the browser tests, short files
 * that run longest, at the end. Without a timing, a file that drives the browser counts as longer than one
 * that starts a server, and that as longer than one that does neither; size breaks ties.
 */
import { readFileSync, statSync } from "node:fs";
import { relative } from "node:path";

import { BaseSequencer, type TestSpecification } from "vitest/node";

function weight(file: string): number {
  const source = readFileSync(file, "utf8");
  if (source.includes("./support/browser")) return 2;
  if (source.includes("./support/server")) return 1;
  return 0;
}

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const timed = (spec: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`) !== undefined;
    if (files.every(timed)) return super.sort(files);
    const rank = new Map(files.map((spec) => [spec, [weight(spec.moduleId), statSync(spec.moduleId).size] as const]));
    return [...files].sort((a, b) => {
      const [wa, sa] = rank.get(a)!;
      const [wb, sb] = rank.get(b)!;
      return wb - wa || sb - sa;
    });
  }
}
