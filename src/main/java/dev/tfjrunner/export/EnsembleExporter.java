package dev.tfjrunner.export;

import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.Network;
import dev.tfjrunner.model.WeightBinding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * One serving SavedModel from several trained models: its graph holds every member's forward pass
 * (preprocessing included) under its own name scope ({@code member_1/conv2d/kernel}, ...), all
 * reading the one {@code image} input, and {@code probabilities} is the weighted mean of the
 * members' probabilities; the signature is a single model's, so every client works unchanged.
 */
public final class EnsembleExporter {

  /**
   * @param name for messages (the member's run id)
   * @param savedModel the member's serving SavedModel, whose variables are copied
   */
  public record Member(String name, ModelSpec spec, Path savedModel, double weight) {
    public Member {
      if (!(weight > 0)) {
        throw new IllegalArgumentException(name + ": an ensemble weight must be > 0, got " + weight);
      }
    }
  }

  private EnsembleExporter() {}

  /** Builds the ensemble of {@code members} (at least two, of one image shape and class count) into {@code directory}. */
  public static void export(List<Member> members, List<String> classNames, Path directory, Object metadata)
      throws IOException {
    requireCompatible(members);
    ModelSpec first = members.get(0).spec();
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> image = tf.withName(InferenceGraph.INPUT).placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, first.height(), first.width(), first.channels())));
      double total = members.stream().mapToDouble(Member::weight).sum();
      Operand<TFloat32> mean = null;
      List<Network> networks = new ArrayList<>();
      for (int i = 0; i < members.size(); i++) {
        Ops scope = tf.withSubScope(memberScope(i + 1));
        Network network = InferenceGraph.forwardPass(scope, members.get(i).spec(), image);
        networks.add(network);
        Operand<TFloat32> weighted = scope.math.mul(scope.withName(InferenceGraph.PROBABILITIES).nn.softmax(network.logits()),
            scope.constant((float) (members.get(i).weight() / total)));
        mean = mean == null ? weighted : tf.math.add(mean, weighted);
      }
      Operand<TFloat32> probabilities = tf.withName(InferenceGraph.PROBABILITIES).identity(mean);
      Signature signature = InferenceGraph.signature(tf, image, probabilities, probabilities);
      for (int i = 0; i < members.size(); i++) {
        copyVariables(tf, session, members.get(i), networks.get(i), memberScope(i + 1) + "/");
      }
      AtomicOutput.writeDirectory(directory, temporary -> {
        SavedModelBundle.exporter(temporary.toString()).withTags(ServingExporter.TAG).withSession(session)
            .withSignature(signature).export();
        ServingExporter.writeAssets(temporary, classNames, metadata);
      });
    }
  }

  /** The name scope of the {@code number}th member (from 1). */
  private static String memberScope(int number) {
    return "member_" + number;
  }

  /** The operation giving the {@code number}th member's (unweighted) probabilities, read by evaluation. */
  public static String memberProbabilities(int number) {
    return memberScope(number) + "/" + InferenceGraph.PROBABILITIES;
  }

  /** Members must take the same images, in the same pixel range, and give the same number of classes. */
  public static void requireCompatible(List<Member> members) {
    if (members.size() < 2) {
      throw new IllegalArgumentException("an ensemble needs at least two members, got " + members.size());
    }
    Member first = members.get(0);
    for (Member m : members.subList(1, members.size())) {
      if (!Arrays.equals(m.spec().image().dims(), first.spec().image().dims())) {
        throw new IllegalArgumentException("ensemble members must take the same images: " + first.name() + " takes "
            + first.spec().image().shape() + ", " + m.name() + " takes " + m.spec().image().shape());
      }
      InputRange range = first.spec().inputRange();
      if (m.spec().inputRange() != range) {
        throw new IllegalArgumentException("ensemble members must take the same pixel values: " + first.name()
            + " takes " + range.text() + ", " + m.name() + " takes " + m.spec().inputRange().text());
      }
      if (m.spec().classes() != first.spec().classes()) {
        throw new IllegalArgumentException("ensemble members must have the same classes: " + first.name() + " has "
            + first.spec().classes() + ", " + m.name() + " has " + m.spec().classes());
      }
    }
  }

  /** Reads the member's variables from its SavedModel and assigns them to their copies under {@code prefix}. */
  private static void copyVariables(Ops tf, Session session, Member member, Network network, String prefix)
      throws IOException {
    List<Network.Weight> weights = network.weights();
    try (SavedModelBundle bundle = SavedModelBundle.load(member.savedModel().toString(), ServingExporter.TAG)) {
      Session.Runner read = bundle.session().runner();
      weights.forEach(w -> read.fetch(w.name().substring(prefix.length())));
      try (Result values = read.run()) {
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
          tensors.add(values.get(i));
        }
        WeightBinding.create(tf.withSubScope("load_" + prefix.substring(0, prefix.length() - 1)), weights)
            .assign(session, tensors);
      }
    } catch (TensorFlowException e) {
      throw new IOException(member.savedModel() + ": cannot read the variables of ensemble member " + member.name() + " ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")", e);
    }
  }
}
