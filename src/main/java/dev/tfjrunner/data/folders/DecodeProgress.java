package dev.tfjrunner.data.folders;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A progress line for decoding: count, rate and ETA, redrawn about twice a second on a terminal;
 * in a log only the final line is written. Safe to call from several threads.
 */
final class DecodeProgress {

  private static final long REDRAW_NANOS = 500_000_000L;

  private final DecodeLog log;
  private final String what;
  private final int total;
  private final long start = System.nanoTime();
  private final AtomicInteger done = new AtomicInteger();
  private long lastDraw = start;

  DecodeProgress(DecodeLog log, String what, int total) {
    this.log = log;
    this.what = what;
    this.total = total;
  }

  void step() {
    int n = done.incrementAndGet();
    if (!log.interactive()) {
      return;
    }
    long now = System.nanoTime();
    synchronized (this) {
      if (now - lastDraw >= REDRAW_NANOS) {
        lastDraw = now;
        log.redraw(line(n, now));
      }
    }
  }

  /** The final line. */
  synchronized void finish() {
    log.println(line(done.get(), System.nanoTime()));
  }

  private String line(int n, long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    double rate = n / seconds;
    String eta = n >= total ? String.format(Locale.ROOT, "%.1f s", seconds)
        : "ETA " + Math.round((total - n) / Math.max(rate, 1e-9)) + " s";
    return String.format(Locale.ROOT, "Decoding %s: %d/%d images - %.0f images/s - %s", what, n, total, rate, eta);
  }
}
