package dev.tfjrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line's contract: one-line errors naming the problem, exit codes, nothing half-written. */
class TfjCommandTest {

  @TempDir
  Path home;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setProperty("tfj.home", home.toString());
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    System.clearProperty("tfj.home");
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void missingDataFileIsOneLineNamingTheFileAndNothingIsWritten() throws IOException {
    Path missing = home.resolve("nope-images");
    Path labels = Files.write(home.resolve("labels"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
    int code = TfjCommand.execute("train", "--train-images", missing.toString(), "--train-labels", labels.toString(),
        "--test-images", missing.toString(), "--test-labels", labels.toString(), "--epochs", "1");
    assertEquals(1, code);
    assertEquals("error: " + missing + ": no such file\n", err());
    assertFalse(Files.exists(home.resolve("savedmodels")), "no run folder for a run that never started");
  }

  @Test
  void corruptCsvNamesFileAndLine() throws IOException {
    Path csv = Files.writeString(home.resolve("train.csv"), "label,pixel0\n1,2\n");
    int code = TfjCommand.execute("train", "--train-csv", csv.toString(), "--test-csv", csv.toString());
    assertEquals(1, code);
    assertEquals("error: " + csv + ": line 1: header has 2 columns, expected 785 (label + 784 pixels)\n", err());
  }

  @Test
  void badConfigFileIsNamed() throws IOException {
    Path config = Files.writeString(home.resolve("run.json"), "{\"epochs\": ");
    assertEquals(1, TfjCommand.execute("train", "--config", config.toString()));
    assertTrue(err().startsWith("error: " + config + ": not valid JSON"), err());
    assertEquals(1, err().lines().count());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--epochs -1                 | --epochs must be at least 1 (got -1)",
      "--batch-size 0              | --batch-size must be at least 1 (got 0)",
      "--eval-batch-size 0         | --eval-batch-size must be at least 1 (got 0)",
      "--validation-split 1.5      | --validation-split must be greater than 0 and less than 1 (got 1.5)",
      "--learning-rate -1          | --learning-rate must be greater than 0 (got -1)",
      "--rho 1                     | --rho must be at least 0 and less than 1 (got 1)",
      "--reduce-lr-factor 2        | --reduce-lr-factor must be greater than 0 and less than 1 (got 2)",
      "--reduce-lr-patience -3     | --reduce-lr-patience must be at least 0 (got -3)",
      "--early-stopping-patience -1 | --early-stopping-patience must be at least 0 (got -1)",
      "--fill mirror               | --fill must be one of nearest, constant, reflect, wrap (got mirror)",
      "--zoom 1.2                  | --zoom must be at least 0 and less than 1 (got 1.2)",
      "--histogram-freq -1         | --histogram-freq must be at least 0 (got -1)",
      "--tensorboard-update-freq 0 | --tensorboard-update-freq must be epoch, batch or a batch count of at least 1 (got 0)",
      "--threads -2                | --threads must be at least 0 (got -2)"})
  void badOptionValueNamesTheFlagAndTheValueAndCreatesNothing(String args, String message) {
    assertEquals(2, TfjCommand.execute(("train " + args.strip()).split(" +")));
    assertEquals("error: " + message + "\n", err());
    assertNothingCreated();
  }

  @Test
  void badConfigValueNamesTheFileAndTheKey() throws IOException {
    Path config = Files.writeString(home.resolve("run.json"),
        "{\"epochs\": 3, \"callbacks\": {\"reduce_lr_on_plateau\": {\"factor\": 1.5}}}");
    assertEquals(1, TfjCommand.execute("train", "--config", config.toString()));
    assertEquals("error: " + config + ": callbacks.reduce_lr_on_plateau.factor must be greater than 0 and less than 1"
        + " (got 1.5)\n", err());
    assertNothingCreated();
  }

  @Test
  void aFlagOverridesABadConfigValue() throws IOException {
    Path config = Files.writeString(home.resolve("run.json"), "{\"epochs\": 0}");
    assertEquals(0, TfjCommand.execute("train", "--config", config.toString(), "--epochs", "2", "--print-config"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"epochs\" : 2"));
  }

  private void assertNothingCreated() {
    for (String dir : new String[] {"savedmodels", "tensorboard-logs", "graphs"}) {
      assertFalse(Files.exists(home.resolve(dir)), dir + " was created for a run that never started");
    }
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertEquals(2, TfjCommand.execute("train", "--epochz", "3"));
    assertTrue(err().contains("Unknown options: '--epochz', '3'"), err());
  }

  @Test
  void unknownRunIsNamed() {
    assertEquals(1, TfjCommand.execute("evaluate", "no-such-run"));
    assertEquals("error: " + home.resolve("savedmodels").resolve("no-such-run")
        + ": not a run folder (no run.json); runs are in " + home.resolve("savedmodels") + "\n", err());
  }

  @Test
  void summaryPrintsTheKerasTable() {
    assertEquals(0, TfjCommand.execute("summary", "--model", "simple"));
    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("Total params: 65,194"), table);
  }

  @Test
  void summaryShowsABuiltinFittedToOtherPicturesAndOnlyABuiltin() throws IOException {
    assertEquals(0, TfjCommand.execute("summary", "--model", "advanced", "--input-shape", "48,48,3", "--classes", "6"));
    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("(None, 12, 12, 64)"), table);
    assertTrue(table.contains(" dense_1 (Dense)                   (None, 6)                 1,542"), table);
    assertTrue(table.contains("Total params: 2,444,582"), table);

    Path file = Files.writeString(home.resolve("mine.json"), dev.tfjrunner.model.BuiltinModels.advanced().toKerasJson());
    assertEquals(2, TfjCommand.execute("summary", "--model", file.toString(), "--classes", "6"));
    assertTrue(err().startsWith("--input-shape and --classes adapt a built-in network; " + file + " has its own shape"),
        err());
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"train", "evaluate", "report", "summary", "compare", "preview", "predict",
        "export", "export-graph"}) {
      assertEquals(0, TfjCommand.execute(command, "--help"), command);
    }
  }

  @Test
  void optimizerFlagsPickTheRuleAndForeignOptionsAreNamed() {
    assertEquals(0, TfjCommand.execute("train", "--optimizer", "sgd", "--momentum", "0.9", "--nesterov", "--print-config"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains(
        "\"optimizer\" : {\n    \"name\" : \"sgd\",\n    \"learning_rate\" : 0.01,\n    \"momentum\" : 0.9,\n    \"nesterov\" : true\n  }"),
        out.toString(StandardCharsets.UTF_8));
    assertEquals(1, TfjCommand.execute("train", "--optimizer", "adam", "--momentum", "0.9"));
    assertEquals("error: --momentum is an SGD option; the optimizer is adam\n", err());
  }
}
