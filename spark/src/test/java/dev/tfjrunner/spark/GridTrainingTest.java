package dev.tfjrunner.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.testing.TestData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tfj-spark train --grid}: each configuration is a Spark task; a failing one is retried and reported. */
class GridTrainingTest {

  @TempDir
  Path home;

  @Test
  void twoTinyRunsFinishAndABadOneIsReported() throws IOException {
    String data = TestData.dataDir().toAbsolutePath().toString().replace("\\", "\\\\");
    String tiny = "{\"model\": \"mlp\", \"epochs\": 1, \"seed\": %d, \"data\": {\"data_dir\": \"" + data + "\"},"
        + " \"callbacks\": {\"tensorboard\": null}}";
    Path grid = Files.writeString(home.resolve("grid.json"), "[" + String.format(tiny, 1) + ", " + String.format(tiny, 2)
        + ", {\"model\": \"no-such-model\", \"epochs\": 1}]");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = SparkCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true),
        "train", "--grid", grid.toString(), "--output", home.toString(), "--master", "local[2,2]");

    assertEquals(1, code, err.toString());
    List<Path> runs;
    try (Stream<Path> dirs = Files.list(home.resolve("savedmodels"))) {
      runs = dirs.filter(d -> Files.isRegularFile(d.resolve("history.json"))).toList();
    }
    assertEquals(2, runs.size(), runs.toString());
    for (Path run : runs) {
      assertTrue(out.toString().contains(run.getFileName().toString()), out + "\n" + err);
    }
    List<String> errors = err.toString().lines().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), err.toString());
    assertTrue(errors.get(0).contains("entry 3 failed: ") && errors.get(0).contains("no-such-model")
        && errors.get(0).endsWith("(failed 2 attempts)"), errors.get(0));
  }
}
