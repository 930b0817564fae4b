package dev.tfjrunner.cli;

import dev.tfjrunner.export.GraphExport;
import dev.tfjrunner.model.BuiltinModels;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tensorflow.proto.GraphDef;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tfj export-graph}: the inference GraphDef of a model (each built-in one by default), as graphs/<model>.pb(txt). */
@Command(name = "export-graph", mixinStandardHelpOptions = true,
    description = {
        "Write a model's inference graph (image -> probabilities, class_id; variables without values)",
        "as graphs/<model>.pb and graphs/<model>.pbtxt, loadable with Graph.importGraphDef."})
final class ExportGraphCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", paramLabel = "NAME|FILE", defaultValue = "all",
      description = "A built-in network (" + BuiltinModels.NAMES_TEXT + "), all (default: every built-in), or a Keras model .json/.keras file.")
  String model;

  @Option(names = "--to", paramLabel = "DIR", description = "Output folder (default: <repo>/graphs).")
  Path to;

  @Override
  public Integer call() throws Exception {
    List<String> models = "all".equalsIgnoreCase(model) ? BuiltinModels.NAMES : List.of(model);
    Path directory = to != null ? to : TfjCommand.home().resolve("graphs");
    for (String name : models) {
      Model network = BuiltinModels.load(name).model();
      GraphDef graphDef = GraphExport.inferenceGraphDef(ModelSpec.of(network));
      Path[] files = GraphExport.write(graphDef, directory, network.name());
      spec.commandLine().getOut().println(network.name() + ": " + graphDef.getNodeCount() + " ops -> "
          + files[0] + ", " + files[1]);
    }
    return 0;
  }
}
