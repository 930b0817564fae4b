package dev.tfjrunner.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** What is not a usable model fails with one line naming the directory and the problem. */
class ClassifierLoadTest {

  @TempDir
  Path dir;

  @Test
  void missingDirectory() {
    Path missing = dir.resolve("no-such-model");
    assertEquals(missing + ": no such directory", failure(missing));
  }

  @Test
  void aFileIsNotADirectory() throws IOException {
    Path file = Files.writeString(dir.resolve("model.txt"), "hello");
    assertEquals(file + ": not a directory", failure(file));
  }

  @Test
  void emptyDirectory() {
    assertEquals(dir + ": not a SavedModel (no saved_model.pb)", failure(dir));
  }

  @Test
  void garbageSavedModel() throws IOException {
    Files.write(dir.resolve("saved_model.pb"), new byte[] {8, 1, 2, 3, 4, 5, 6, 7, 0x7f, -1});
    String message = failure(dir);
    assertTrue(message.startsWith(dir + ": cannot load the SavedModel with tag 'serve' ("), message);
  }

  @Test
  void noServingDefaultSignature() throws IOException {
    export("other", "image", Shape.of(-1, 28, 28, 1), "probabilities");
    assertEquals(dir.resolve("model") + ": no 'serving_default' signature (has [other])", failure(dir.resolve("model")));
  }

  @Test
  void inputOfAnotherShape() throws IOException {
    export("serving_default", "image", Shape.of(-1, 784), "probabilities");
    assertEquals(dir.resolve("model") + ": input 'image' is DT_FLOAT [-1, 784], expected DT_FLOAT [-1, height, width, channels]",
        failure(dir.resolve("model")));
  }

  @Test
  void otherInputAndOutputNames() throws IOException {
    export("serving_default", "pixels", Shape.of(-1, 28, 28, 1), "logits");
    assertEquals(dir.resolve("model") + ": signature 'serving_default' must map input 'image' to output 'probabilities'"
        + " (has inputs [pixels], outputs [logits])", failure(dir.resolve("model")));
  }

  private static String failure(Path model) {
    String message = assertThrows(IOException.class, () -> Classifier.load(model).close()).getMessage();
    assertFalse(message.contains("\n"), message);
    return message;
  }

  /** A one-variable SavedModel: {@code output} = {@code input} * w, under signature {@code key}. */
  private void export(String key, String input, Shape shape, String output) throws IOException {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.withName(input).placeholder(TFloat32.class, Placeholder.shape(shape));
      Variable<TFloat32> w = tf.withName("w").variable(tf.constant(2f));
      Operand<TFloat32> y = tf.math.mul(x, w);
      try (Session session = new Session(graph)) {
        session.initialize();
        SavedModelBundle.exporter(dir.resolve("model").toString())
            .withTags("serve")
            .withSession(session)
            .withSignature(Signature.builder().key(key).input(input, x).output(output, y).build())
            .export();
      }
    }
  }
}
