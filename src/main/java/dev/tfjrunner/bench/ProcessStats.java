package dev.tfjrunner.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Memory and load figures of this process and machine from /proc (Linux); -1 where unavailable. */
final class ProcessStats {

  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessStats() {}

  /** Resident set size now, in MB. */
  static double rssMb() {
    return statusMb("VmRSS:");
  }

  /** The highest resident set size this process has had (VmHWM), in MB. */
  static double peakRssMb() {
    return statusMb("VmHWM:");
  }

  /**
   * Starts a new peak: VmHWM drops to the current RSS (Linux 4.0+), so the next
   * {@link #peakRssMb()} is the peak of what ran in between. Where that is unsupported, peaks
   * stay cumulative.
   */
  static void resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | UnsupportedOperationException e) {
      // Not Linux, or not allowed: the figures stay correct, only per section less precise.
    }
  }

  /** The 1-minute load average: above the core count, other work shares the CPU with the bench. */
  static double loadAverage() {
    List<String> lines = read(Path.of("/proc/loadavg"));
    return lines.isEmpty() ? -1 : Double.parseDouble(lines.get(0).split(" ")[0]);
  }

  private static double statusMb(String key) {
    return read(STATUS).stream().filter(l -> l.startsWith(key)).findFirst()
        .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024.0).orElse(-1.0);
  }

  private static List<String> read(Path file) {
    if (!Files.isReadable(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
