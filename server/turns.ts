/**
 * Requests that make a page or change data take turns (issue 13, ADR 022).
 *
 * Node's libuv (1.45 and later) lets in one new connection per turn of the event loop, and in one turn it
 * handles every request already read from the connections it has. During a rush those are a hundred bookings
 * at a few milliseconds each: a turn lasts hundreds of milliseconds, and a visitor opening the home page waits
 * in the listening socket's queue for seconds, let in one a turn (measured: docs/benchmarks.md, "Why visitors
 * waited during a rush"). So:
 * - one such request is started per turn, and the next waits for the next turn (`setImmediate`);
 * - a turn in which a connection was let in starts nothing, so that connections waiting behind it are let in
 *   on the next turns, within a bound (`maxDeferrals`) so that a flood of connections cannot hold the work up;
 * - reads (GET, HEAD) and writes (a booking, a cancellation, any form) queue apart and take turns about, so a
 *   rush of bookings cannot hold up people reading and a flood of reads cannot hold up bookings.
 * Each queue is first come, first served. Remembered public pages (public-pages.ts) and files are sent without
 * waiting: they take microseconds.
 */
export type Turns = {
  /** Resolves on the turn on which the request may go on. */
  take: (kind: "read" | "write") => Promise<void>;
  /** Called for each connection let in (the server's "connection" event). */
  connectionArrived: () => void;
  /** Requests waiting; for tests. */
  waiting: () => number;
};

export function takingTurns({ maxDeferrals = 64 }: { maxDeferrals?: number } = {}): Turns {
  const reads: Array<() => void> = [];
  const writes: Array<() => void> = [];
  let scheduled = false;
  let arrived = false;
  let deferrals = 0;
  let lastWasRead = false;

  const next = () => {
    if (arrived && deferrals < maxDeferrals) {
      arrived = false;
      deferrals++;
      setImmediate(next);
      return;
    }
    arrived = false;
    deferrals = 0;
    const fromReads = reads.length > 0 && (writes.length === 0 || !lastWasRead);
    lastWasRead = fromReads;
    (fromReads ? reads : writes).shift()!();
    if (reads.length + writes.length > 0) setImmediate(next);
    else scheduled = false;
  };

  return {
    take(kind) {
      return new Promise<void>((resolve) => {
        (kind === "read" ? reads : writes).push(resolve);
        if (!scheduled) {
          scheduled = true;
          setImmediate(next);
        }
      });
    },
    connectionArrived() {
      arrived = true;
    },
    waiting: () => reads.length + writes.length,
  };
}
