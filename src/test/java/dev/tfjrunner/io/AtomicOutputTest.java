package dev.tfjrunner.io;

import dev.tfjrunner.testing.TestModels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.BuiltinDataset;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.TrainingGraph;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {

  @TempDir
  Path dir;

  /** Kills (SIGKILL) a process in the middle of replacing a SavedModel: the previous one still loads unchanged. */
  @Test
  void killedExportLeavesThePreviousModelIntact() throws Exception {
    Path best = dir.resolve("best");
    float[] images = TestData.mnist().test().first(20).pixels();
    ModelSpec spec = TestModels.spec("mlp");
    try (TrainingGraph model = TrainingGraph.create(spec, RmsPropConfig.KERAS_DEFAULTS, 1, SessionSettings.defaults());
        ServingExporter exporter = new ServingExporter(spec)) {
      exporter.exportAtomically(model, best, BuiltinDataset.MNIST.classNames(), null);
    }
    float[][] before;
    try (Classifier classifier = Classifier.load(best)) {
      before = classifier.predict(images);
    }

    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), KilledExportMain.class.getName(), best.toString())
        .redirectErrorStream(true)
        .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("mid-write")) {
        // TF's start-up chatter
      }
      assertEquals("mid-write", line, "the child reached the middle of the write");
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }

    assertTrue(names(dir).stream().anyMatch(n -> n.startsWith(".best.tmp-")), "the killed write left its temp dir");
    try (Classifier classifier = Classifier.load(best)) {
      float[][] after = classifier.predict(images);
      for (int i = 0; i < before.length; i++) {
        assertArrayEquals(before[i], after[i], "image " + i + ": the previous best is unchanged");
      }
    }
    AtomicOutput.recover(best);
    assertEquals(List.of("best"), names(dir), "recovery removes the half-written copy");
  }

  @Test
  void crashBetweenTheTwoRenamesIsRecovered() throws IOException {
    Path target = dir.resolve("model");
    AtomicOutput.writeDirectory(target, t -> Files.createDirectories(t).resolve("v").toFile().createNewFile());
    // As if the process died after moving the old version aside and before moving the new one in.
    Files.move(target, dir.resolve("model.previous"));
    AtomicOutput.recover(target);
    assertTrue(Files.exists(target.resolve("v")));
    assertFalse(Files.exists(dir.resolve("model.previous")));
  }

  @Test
  void failedFileWriteKeepsTheOldFile() throws IOException {
    Path file = dir.resolve("history.json");
    AtomicOutput.writeFile(file, t -> Files.writeString(t, "old"));
    assertThrows(IOException.class, () -> AtomicOutput.writeFile(file, t -> {
      Files.writeString(t, "half");
      throw new IOException("crash");
    }));
    assertEquals("old", Files.readString(file));
    assertEquals(List.of("history.json"), names(dir));
    assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  private static List<String> names(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
