import { useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * Loads the page's data again every `ms` while `enabled`, so a screen left open (the check-in code, the register)
 * stays current without a reload. Skipped while the page is busy (a form being sent, a load under way) or hidden.
 */
export function usePolling(ms: number, enabled: boolean) {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  // Read by the timer, which is set once: the latest render's values, not the first one's.
  const latest = useRef({ revalidator, busy: false });
  latest.current = { revalidator, busy: revalidator.state !== "idle" || navigation.state !== "idle" };
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => {
      if (!latest.current.busy && document.visibilityState === "visible") latest.current.revalidator.revalidate();
    }, ms);
    return () => clearInterval(timer);
  }, [ms, enabled]);
}
