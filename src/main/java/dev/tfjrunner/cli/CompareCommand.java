package dev.tfjrunner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.run.Comparison;
import dev.tfjrunner.run.RunConfig;
import dev.tfjrunner.run.RunPaths;
import dev.tfjrunner.run.TrainingRun;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tfj compare}: the study's experiment, the same model on digits and on fashion. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Train the same model on several data sets (or read finished runs) and print one table: epochs run, best val_accuracy, test accuracy and loss, the most confused classes and the training time. The table is also saved as JSON and Markdown in savedmodels/comparisons/.")
final class CompareCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--datasets", split = ",", paramLabel = "NAMES", description = "Data sets to train on (default: mnist,fashion).")
  List<String> datasets = List.of("mnist", "fashion");

  @Option(names = "--runs", split = ",", paramLabel = "RUNS",
      description = "Compare these finished runs instead of training new ones.")
  List<String> runs;

  @Mixin
  TrainOptions options = new TrainOptions();

  @Override
  public Integer call() throws Exception {
    Console console = Console.system();
    Path home = TfjCommand.home();
    List<RunPaths> compared = new ArrayList<>();
    if (runs != null) {
      for (String run : runs) {
        compared.add(RunPaths.existing(home, run));
      }
    } else {
      OptionChecks.check(options.flags(), null, null);
      for (String dataset : datasets) {
        ObjectNode flags = options.flags();
        ((ObjectNode) flags.get("data")).put("dataset", dataset);
        compared.add(TrainingRun.create(RunConfig.resolve(null, flags), home, console).execute().paths());
      }
    }
    Comparison comparison = Comparison.of(compared);
    String name = "compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    List<Path> files = comparison.write(home.resolve("savedmodels").resolve("comparisons"), name, compared);
    console.println("");
    console.println(comparison.format());
    console.println("Saved " + files.get(0) + " and " + files.get(1));
    console.println("Comparison page: " + files.get(2));
    return 0;
  }
}
