package dev.tfjrunner.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.tensorflow.TensorFlow;

/** Versions baked in at build time (Maven resource filtering). */
public final class BuildInfo {

  private static final Properties PROPERTIES = load();

  private BuildInfo() {}

  public static String projectVersion() {
    return PROPERTIES.getProperty("version");
  }

  public static String tensorflowJavaVersion() {
    return PROPERTIES.getProperty("tensorflow.java.version");
  }

  /** The TensorFlow runtime inside TF Java. */
  public static String tensorflowVersion() {
    return TensorFlow.version();
  }

  /** The tensorflow-core-native build the runtime comes from (1.2.0 = TF 2.21, 1.1.0 = TF 2.18). */
  public static String tensorflowNativeVersion() {
    return PROPERTIES.getProperty("tensorflow.native.version");
  }

  /** What a command prints first: the TensorFlow it runs on, and which TF Java jars provide it. */
  public static String runtimeDescription() {
    return "TensorFlow " + tensorflowVersion() + " (TF Java " + tensorflowJavaVersion() + " API, native library "
        + tensorflowNativeVersion() + ")";
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/tfj-runner.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
