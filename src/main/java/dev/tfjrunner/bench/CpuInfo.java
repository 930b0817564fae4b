package dev.tfjrunner.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The CPU a bench ran on, from the first processor of /proc/cpuinfo (Linux). The figures of a
 * training run are deterministic on one CPU but not between CPUs (oneDNN picks kernels by CPU), so
 * a bench report says exactly which one it was.
 *
 * @param modelName e.g. {@code AMD EPYC}; the JVM's {@code os.arch} where /proc/cpuinfo is missing
 * @param vendor e.g. {@code AuthenticAMD}; null where unknown
 * @param family x86 {@code cpu family} (26 for AMD Zen 5); null where unknown
 * @param model x86 {@code model}; null where unknown
 * @param stepping null where unknown
 * @param flags the CPU's feature flags ({@code flags} on x86, {@code Features} on ARM); empty where unknown
 */
public record CpuInfo(String modelName, String vendor, Integer family, Integer model, Integer stepping,
    List<String> flags) {

  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  public CpuInfo {
    flags = List.copyOf(flags);
  }

  /** This machine's CPU. */
  static CpuInfo read() {
    if (!Files.isReadable(CPUINFO)) {
      return parse(List.of());
    }
    try {
      return parse(Files.readAllLines(CPUINFO));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first processor's block of /proc/cpuinfo lines ({@code key : value}). */
  static CpuInfo parse(List<String> lines) {
    List<String> first = lines.stream().dropWhile(String::isBlank).takeWhile(l -> !l.isBlank()).toList();
    String flags = value(first, "flags").or(() -> value(first, "Features")).orElse("");
    return new CpuInfo(value(first, "model name").orElse(System.getProperty("os.arch")),
        value(first, "vendor_id").orElse(null), number(first, "cpu family"), number(first, "model"),
        number(first, "stepping"), flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+")));
  }

  /** The model name and its widest vector extension TF's oneDNN kernels use, e.g. {@code AMD EPYC (AVX-512)}. */
  public String label() {
    return modelName + (flags.contains("avx512f") ? " (AVX-512)" : flags.contains("avx2") ? " (AVX2)" : "");
  }

  private static Optional<String> value(List<String> lines, String key) {
    return lines.stream().filter(l -> l.contains(":") && l.substring(0, l.indexOf(':')).trim().equals(key))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
  }

  private static Integer number(List<String> lines, String key) {
    return value(lines, key).filter(v -> v.matches("\\d+")).map(Integer::valueOf).orElse(null);
  }
}
