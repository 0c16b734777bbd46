/**
 * Requests taking turns (server/turns.ts, ADR 022). A "turn" is one pass of Node's event loop; the tests count
 * passes with a chain of `setImmediate`, which runs once per pass, and check on which pass each request goes on.
 */
import { afterEach, describe, expect, test } from "vitest";

import { takingTurns, type Turns } from "../server/turns";

let stopCounting: (() => void) | null = null;
afterEach(() => stopCounting?.());

/** The number of the current pass of the event loop, counted from when this was called. */
function passCounter() {
  let pass = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    pass++;
    setImmediate(tick);
  };
  setImmediate(tick);
  stopCounting = () => (running = false);
  return () => pass;
}

async function resumedOn(turns: Turns, kinds: Array<"read" | "write">, pass: () => number) {
  const order: Array<{ index: number; kind: string; pass: number }> = [];
  await Promise.all(kinds.map((kind, index) => turns.take(kind).then(() => void order.push({ index, kind, pass: pass() }))));
  return order;
}

describe("requests taking turns", () => {
  test("one request goes on per pass of the event loop, first come first served", async () => {
    const pass = passCounter();
    const turns = takingTurns();
    const order = await resumedOn(turns, ["write", "write", "write", "write"], pass);
    expect(order.map((o) => o.index)).toEqual([0, 1, 2, 3]);
    const passes = order.map((o) => o.pass);
    for (let i = 1; i < passes.length; i++) expect(passes[i]).toBeGreaterThan(passes[i - 1]!);
    expect(turns.waiting()).toBe(0);
  });

  test("reads and writes take turns about, each in its own order", async () => {
    const turns = takingTurns();
    const order = await resumedOn(turns, ["write", "write", "write", "read", "read"], passCounter());
    // A rush of forms does not hold up the reads that came after it, nor reads the forms.
    expect(order.map((o) => `${o.kind}${o.index}`)).toEqual(["read3", "write0", "read4", "write1", "write2"]);
  });

  test("a pass that let a connection in starts nothing, so the connections behind it are let in first", async () => {
    const pass = passCounter();
    const plain = takingTurns();
    const [withoutArrival] = await resumedOn(plain, ["read"], pass);

    const turns = takingTurns();
    const start = pass();
    turns.connectionArrived();
    const [afterArrival] = await resumedOn(turns, ["read"], pass);
    expect(afterArrival!.pass - start).toBe(withoutArrival!.pass + 1);
  });

  test("a flood of connections holds a request up for a bounded number of passes", async () => {
    const pass = passCounter();
    const turns = takingTurns({ maxDeferrals: 5 });
    let flooding = true;
    const flood = () => {
      if (!flooding) return;
      turns.connectionArrived();
      setImmediate(flood);
    };
    flood();
    const start = pass();
    const order = await resumedOn(turns, ["write", "write"], pass);
    flooding = false;
    // Five passes given to connections, then the request; then five more, then the next.
    expect(order[0]!.pass - start).toBeGreaterThanOrEqual(5);
    expect(order[0]!.pass - start).toBeLessThanOrEqual(7);
    expect(order[1]!.pass - order[0]!.pass).toBeGreaterThanOrEqual(5);
    expect(order[1]!.pass - order[0]!.pass).toBeLessThanOrEqual(7);
  });
});
