package dev.tfjrunner.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.keras.KerasModelReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java API example, taken from the README as it is, compiles and trains a model. */
class SequentialExampleTest {

  private static final String MARKER = "<!-- sequential-example";

  static String exampleSource() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int marker = readme.indexOf(MARKER);
    assertTrue(marker >= 0, "README.md has the example marker");
    int start = readme.indexOf("```java\n", marker) + "```java\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  @Test
  void readmeExampleCompilesAndTrains(@TempDir Path dir) throws Exception {
    String source = exampleSource();
    assertTrue(source.lines().count() < 45, "a short example");
    Path file = dir.resolve("SmallCnn.java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int compiled = javac.run(null, null, diagnostics, "-d", dir.toString(), "-cp", System.getProperty("java.class.path"),
        file.toString());
    assertEquals(0, compiled, diagnostics.toString(StandardCharsets.UTF_8));

    Path out = dir.resolve("out");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      Method main = loader.loadClass("SmallCnn").getMethod("main", String[].class);
      main.invoke(null, (Object) new String[] {out.toString()});
    } finally {
      System.setOut(originalOut);
    }
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("Non-trainable params: 32"), text); // BatchNormalization's moving statistics of 16 channels
    String accuracy = text.lines().filter(l -> l.startsWith("test_accuracy: ")).findFirst().orElseThrow();
    assertTrue(Double.parseDouble(accuracy.substring("test_accuracy: ".length())) > 0.9, accuracy);
    Model written = KerasModelReader.read(out.resolve("model-config.json")).model();
    assertEquals(List.of("conv2d", "batch_normalization", "activation", "max_pooling2d", "flatten", "dropout", "dense"),
        written.layers().stream().map(l -> l.name()).toList());
  }
}
