package dev.tfjrunner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.BuiltinModels;
import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.preprocess.PreviewGrid;
import dev.tfjrunner.preprocess.PreviewGrid.Row;
import dev.tfjrunner.run.RunConfig;
import dev.tfjrunner.train.TrainingGraph;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tfj preview}: what the network sees, as a PNG grid. */
@Command(name = "preview", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
    description = "Write a PNG grid of the first training images: the originals, after preprocessing, and "
        + "after the augmentation of a few training steps, exactly as the training graph computes them. "
        + "Preprocessing, augmentation and --seed resolve as in train.")
final class PreviewCommand implements Callable<Integer> {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  DataOptions data = new DataOptions();

  @ArgGroup(exclusive = false, heading = "%nPreprocessing (as in train):%n")
  TrainOptions.PreprocessingOptions preprocessing = new TrainOptions.PreprocessingOptions();

  @ArgGroup(exclusive = false, heading = "%nAugmentation (as in train; off unless asked for):%n")
  TrainOptions.AugmentationOptions augmentation = new TrainOptions.AugmentationOptions();

  @Option(names = "--seed", description = "Seeds the augmentation draws as in train (default: 42).")
  Long seed;

  @Option(names = "--count", description = "Images per row (default: 8).")
  int count = 8;

  @Option(names = "--steps", description = "Rows of augmented images, one per training step (default: 4).")
  int steps = 4;

  @Option(names = "--scale", description = "Screen pixels per image pixel (default: 4).")
  int scale = 4;

  @Option(names = "--out", paramLabel = "FILE",
      description = "PNG to write (default: savedmodels/previews/preview-<dataset>-<timestamp>.png).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || steps < 0 || scale < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--count and --scale must be >= 1, --steps >= 0");
    }
    ObjectNode flags = Json.MAPPER.createObjectNode();
    data.addTo(flags);
    Flags.put(flags, "seed", seed);
    preprocessing.addTo(flags);
    augmentation.addTo(flags);
    OptionChecks.check(flags, null, null);
    RunConfig config = RunConfig.resolve(null, flags);
    LabeledImages images = config.data().loadTrainFirst(TfjCommand.home(), count, config.model(),
        BuiltinModels.advanced().input());
    // The built-in network fitted to the images, as training fits it; the class count does not matter to a preview.
    Input image = Input.of(images.height(), images.width(), images.channels());
    ModelSpec model = config.modelSpec(BuiltinModels.builtin(config.model(), image, 10).model(), image);

    List<Row> rows = new ArrayList<>();
    rows.add(new Row("original", images.pixels()));
    try (TrainingGraph graph = TrainingGraph.create(model, config.optimizer(), config.seed(),
        config.sessionSettings())) {
      rows.add(new Row("preprocessed", graph.networkInputs(images, false, 0)));
      for (int step = 0; !model.augmentation().isIdentity() && step < steps; step++) {
        rows.add(new Row("augmented, step " + step, graph.networkInputs(images, true, step)));
      }
    }
    String note = config.data().displayName() + " | preprocessing: " + model.preprocessing().describe()
        + " | augmentation: " + model.augmentation().describe() + " | seed " + config.seed();
    BufferedImage grid = PreviewGrid.render(rows, images.count(), images.height(), images.width(), images.channels(),
        scale, note);

    Path target = out != null ? out : TfjCommand.home().resolve("savedmodels").resolve("previews")
        .resolve("preview-" + config.data().displayName() + "-" + LocalDateTime.now().format(STAMP) + ".png");
    AtomicOutput.writeFile(target, temporary -> ImageIO.write(grid, "png", temporary.toFile()));
    spec.commandLine().getOut().println("Wrote " + target.toAbsolutePath().normalize());
    if (model.augmentation().isIdentity()) {
      spec.commandLine().getOut().println("Augmentation is off: add --augment (or any augmentation option) to preview it.");
    }
    return 0;
  }
}
