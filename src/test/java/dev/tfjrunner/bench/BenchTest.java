package dev.tfjrunner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.cli.TfjCommand;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tfj bench --quick} runs and writes its JSON; speeds are the machine's business, not checked.
 * The Keras side needs Python with Keras, which the tests do not: here it has none and says so.
 */
class BenchTest {

  @Test
  void quickBenchWritesEveryFigureAsJson(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("bench.json");
    Path noPython = dir.resolve("no-python");
    int code = TfjCommand.execute("bench", "--quick", "--json", json.toString(), "--out-dir", dir.resolve("out").toString(),
        "--data-dir", TestData.dataDir().toString(), "--vs-keras", "--keras-python", noPython.toString());
    assertEquals(0, code, "without a usable Python the bench still measures tfj");

    JsonNode report = Json.MAPPER.readTree(json.toFile());
    assertEquals(List.of("environment", "config", "model", "matmul", "train_steps", "evaluation", "augmentation", "fit_loop",
        "inference",
        "memory", "keras"), fieldNames(report));
    assertEquals(noPython + " cannot import keras and tensorflow", report.at("/keras/skipped").asText());
    assertEquals(0, report.at("/keras/rows").size());
    assertTrue(report.at("/environment/tensorflow").asText().matches("2\\.\\d+\\.\\d+.*"), report.at("/environment").toString());
    assertTrue(report.at("/environment/tensorflow_native").asText().matches("1\\.\\d+\\.\\d+"), report.at("/environment").toString());
    // convolutions and dense layers 32,340,992, plus the two 2x2 pools' window reads 14*14*32*4 + 7*7*64*4
    assertEquals(32_340_992 + 14 * 14 * 32 * 4 + 7 * 7 * 64 * 4, report.at("/model/forward_macs").asLong(),
        "the advanced CNN's multiply-adds per image");
    assertEquals(12, report.at("/model/layers").size());
    // The CPU, as /proc/cpuinfo names it: the figures of a run depend on it.
    JsonNode cpu = report.at("/environment/cpu");
    assertEquals(CpuInfo.read().modelName(), cpu.at("/model_name").asText());
    assertTrue(cpu.at("/flags").isArray() && cpu.has("family") && cpu.has("model"), cpu.toString());
    if (Files.isReadable(Path.of("/proc/cpuinfo")) && System.getProperty("os.arch").matches("amd64|x86_64")) {
      assertTrue(cpu.at("/family").isInt() && cpu.at("/flags").size() > 10, cpu.toString());
    }
    assertTrue(report.at("/matmul/gflops").asDouble() > 0);
    assertEquals(2, report.at("/train_steps").size());
    for (JsonNode step : report.at("/train_steps")) {
      assertTrue(step.at("/timing/median_ms").asDouble() > 0 && step.at("/samples_per_second").asDouble() > 0, step.toString());
      assertTrue(step.has("gflops") && step.has("fraction_of_matmul"), step.toString());
    }
    assertTrue(report.at("/evaluation/0/images_per_second").asDouble() > 0);
    assertTrue(report.at("/augmentation/plain_millis").asDouble() > 0 && report.at("/augmentation").has("extra_millis"));
    JsonNode fit = report.at("/fit_loop");
    assertEquals(2, fit.at("/measured_epochs").asInt(), "3 epochs, the first one warming up");
    assertEquals(3, fit.at("/epochs").size());
    double overhead = fit.at("/overhead_percent").asDouble();
    assertTrue(overhead > -1 && overhead < 100, "overhead " + overhead);
    assertTrue(fit.at("/session_run_ms").asDouble() > 0 && fit.at("/samples_per_second").asDouble() > 0);
    JsonNode inference = report.at("/inference");
    assertTrue(inference.at("/batch1/median_ms").asDouble() > 0 && inference.at("/batch1/p99_ms").asDouble() > 0);
    assertTrue(inference.at("/images_per_second").asDouble() > 0);
    assertTrue(report.at("/memory/peak_rss_mb").asDouble() > 0);
    assertEquals(3, report.at("/memory/rss_after_epoch_mb").size());
    assertTrue(report.at("/memory").has("growth_after_first_epoch_mb"));

    try (Stream<Path> written = Files.list(dir.resolve("out"))) {
      List<Path> files = written.toList();
      assertEquals(1, files.size());
      assertTrue(files.get(0).getFileName().toString().matches("bench-\\d{8}-\\d{6}\\.json"), files.toString());
      assertEquals(report, Json.MAPPER.readTree(files.get(0).toFile()), "the same report in both files");
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
