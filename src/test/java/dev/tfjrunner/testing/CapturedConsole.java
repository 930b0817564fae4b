package dev.tfjrunner.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * For tests that run {@code tfj} in-process: captures System.out and System.err and points
 * {@code tfj.home} at a temporary folder; {@link #close()} puts everything back.
 */
public final class CapturedConsole implements AutoCloseable {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final Path home;

  public CapturedConsole(Path home) {
    this.home = home;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setProperty("tfj.home", home.toString());
  }

  public String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  public String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Forgets what was captured so far. */
  public void reset() {
    out.reset();
    err.reset();
  }

  /** The real standard error, for figures a test reports. */
  public PrintStream originalErr() {
    return originalErr;
  }

  /** The first run folder under {@code <home>/savedmodels} whose name starts with {@code prefix}. */
  public Path run(String prefix) throws IOException {
    try (Stream<Path> runs = Files.list(home.resolve("savedmodels"))) {
      return runs.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().findFirst().orElseThrow();
    }
  }

  @Override
  public void close() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    System.clearProperty("tfj.home");
  }
}
