package dev.tfjrunner.cli;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.data.InvalidDataException;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.run.Recipes;
import dev.tfjrunner.run.RunConfig;
import dev.tfjrunner.run.RunPaths;
import dev.tfjrunner.run.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tfj train}: the reference study's training run, every part of it adjustable. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Train a model (default: the study's advanced CNN on MNIST for up to 40 epochs with RMSprop, ReduceLROnPlateau, EarlyStopping, ModelCheckpoint and TensorBoard) and export it as a SavedModel. Outputs go to savedmodels/<run-id>/, tensorboard-logs/<run-id>/ and graphs/<run-id>.pb(txt). Defaults come from the study; --config FILE (JSON, same keys as run.json) and then flags override them.")
final class TrainCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  TrainOptions options = new TrainOptions();

  @Option(names = "--recipe", paramLabel = "NAME",
      description = "A named recipe: study (the defaults), bn-augment (BN CNN, Adam, augmentation, cosine schedule; digits), bn-flip (the same with flips and small shifts only; objects such as fashion), bn-strided, bn-lenet or bn-gap (three more digit CNNs, for ensembles with bn-augment); --config and flags override it.")
  String recipe;

  @Option(names = "--config", paramLabel = "FILE", description = "JSON run configuration (keys as in a run's run.json; any subset).")
  Path config;

  @Option(names = "--seeds", split = ",", paramLabel = "SEED",
      description = "Train one run per seed, one after another (e.g. ensemble members); overrides --seed.")
  List<Long> seeds;

  @Option(names = "--print-config", description = "Print the resolved configuration as JSON and exit.")
  boolean printConfig;

  @Option(names = "--resume", paramLabel = "RUN",
      description = "Continue run RUN (id or folder) from its last completed epoch, with its saved configuration.")
  String resume;

  @Override
  public Integer call() throws Exception {
    Console console = Console.system();
    if (resume != null) {
      if (spec.commandLine().getParseResult().matchedOptions().size() > 1) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--resume continues a run with its saved configuration; give no other options");
      }
      TrainingRun run = TrainingRun.resume(RunPaths.existing(TfjCommand.home(), resume), console);
      run.execute();
      return 0;
    }
    Recipes.Recipe chosen = recipe == null ? null : Recipes.load(recipe);
    RunConfig resolved = resolveConfig(chosen);
    if (printConfig) {
      spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(resolved));
      return 0;
    }
    if (chosen != null) {
      console.println("Recipe " + chosen.name() + ": " + chosen.about());
    }
    if (seeds == null) {
      TrainingRun.create(resolved, TfjCommand.home(), console).execute();
      return 0;
    }
    List<TrainingRun.Result> results = new ArrayList<>();
    for (long seed : seeds) {
      results.add(TrainingRun.create(resolved.withSeed(seed), TfjCommand.home(), console).execute());
    }
    for (int i = 0; i < seeds.size(); i++) {
      console.println(String.format(Locale.ROOT, "seed %d: %s test_accuracy: %.4f", seeds.get(i),
          results.get(i).paths().runId(), results.get(i).test().accuracy()));
    }
    console.println("Combine them: ./tfj ensemble --runs "
        + String.join(",", results.stream().map(r -> r.paths().runId()).toList()));
    return 0;
  }

  /** The run's configuration; a bad key or value is reported against the flag or the config file it came from. */
  private RunConfig resolveConfig(Recipes.Recipe chosen) throws Exception {
    JsonNode file = readConfig();
    if (chosen != null) {
      // The recipe first, the config file's keys merged over it.
      file = file == null ? chosen.config() : Json.MAPPER.readerForUpdating(chosen.config().deepCopy()).readValue(file);
    }
    ObjectNode flags = options.flags();
    OptionChecks.check(flags, file, config);
    try {
      return RunConfig.resolve(file, flags);
    } catch (ValueInstantiationException e) {
      // A record's own validation (e.g. "fill must be one of ..."), whichever source the value came from.
      throw new IllegalArgumentException(e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage());
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidDataException(config, "unknown key '" + e.getPropertyName() + "' at " + path(e)
          + " (known there: " + e.getKnownPropertyIds() + ")");
    } catch (JsonMappingException e) {
      String where = config != null ? config.toString() : "run configuration";
      throw new IllegalArgumentException(where + ": " + e.getOriginalMessage() + " at " + path(e));
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .reduce((a, b) -> a + "." + b).orElse("top level");
  }

  private JsonNode readConfig() throws Exception {
    if (config == null) {
      return null;
    }
    if (!Files.isRegularFile(config)) {
      throw new InvalidDataException(config, "no such file");
    }
    try {
      return Json.MAPPER.readTree(config.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidDataException(config, "not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }

}
