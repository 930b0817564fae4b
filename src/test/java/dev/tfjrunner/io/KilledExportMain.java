package dev.tfjrunner.io;

import dev.tfjrunner.testing.TestModels;
import dev.tfjrunner.data.BuiltinDataset;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.TrainingGraph;
import java.nio.file.Path;

/**
 * Child process of {@link AtomicOutputTest}: starts replacing the SavedModel at args[0] with a
 * differently initialised model, announces it is mid-write, and waits to be killed.
 */
public final class KilledExportMain {

  public static void main(String[] args) throws Exception {
    ModelSpec spec = TestModels.spec("mlp");
    try (TrainingGraph model = TrainingGraph.create(spec, RmsPropConfig.KERAS_DEFAULTS, 99, SessionSettings.defaults());
        ServingExporter exporter = new ServingExporter(spec)) {
      AtomicOutput.writeDirectory(Path.of(args[0]), temporary -> {
        exporter.export(model, temporary, BuiltinDataset.MNIST.classNames(), null);
        System.out.println("mid-write");
        System.out.flush();
        try {
          Thread.sleep(120_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
  }
}
