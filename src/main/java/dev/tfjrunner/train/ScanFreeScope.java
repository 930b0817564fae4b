package dev.tfjrunner.train;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.DeviceSpec;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;

/**
 * A name scope that names ops as TF Java 1.1's {@code OpScope} does, but makes its sub-scopes
 * without reading the graph. TF Java's {@code withSubScope} reads the name of every op in the
 * graph to learn the names already used under the new scope; the optimizer makes a few scopes per
 * weight after the gradients are in the graph (and {@code tf.zeros} makes one per call), so
 * building an optimizer took time quadratic in the model's size (NASNetMobile's training graph:
 * 504 s on a shared 2-core machine; 10 s with this scope and the optimizer's one gradients gate). Under a scope this class makes, every op is named through it, so the names
 * it has handed out are all the names used there, and its names are TF Java's.
 *
 * <p>The same uniquifying as TF Java's {@code NameScope}: the first {@code x} is {@code x}, the
 * next {@code x_1}. Device, control dependencies and the init flag are TF Java's own scope's
 * (the one this scope was made from), so ops are built exactly as there.
 */
final class ScanFreeScope implements Scope {

  /** TF Java's {@code NameScope.NAME_REGEX}: no slash in a name given to a scope. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.\\-]*");

  private final Graph graph;
  private final String prefix;
  private final String opName;
  private final Map<String, Integer> ids;
  /** TF Java's scope at this point, for everything but names: device, control dependencies, init. */
  private final Scope ops;

  private ScanFreeScope(Graph graph, String prefix, String opName, Map<String, Integer> ids, Scope ops) {
    this.graph = graph;
    this.prefix = prefix;
    this.opName = opName;
    this.ids = ids;
    this.ops = ops;
  }

  /**
   * {@code parent.withSubScope(name)} (a graph scope), whose own sub-scopes are made without reading
   * the graph. Its name is made unique in {@code parent}, so no op is named under it yet.
   */
  static Ops subScope(Ops parent, String name) {
    Graph graph = (Graph) parent.scope().env();
    Scope sub = parent.withSubScope(name).scope();
    // The scope's prefix, from a name made in it (TF Java's scope is then used for no name).
    String probe = sub.makeOpName("probe");
    String prefix = probe.substring(0, probe.lastIndexOf('/'));
    ScanFreeScope scope = new ScanFreeScope(graph, prefix, null, new HashMap<>(), sub);
    return Ops.create(new Carrier(scope));
  }

  @Override
  public ExecutionEnvironment env() {
    return graph;
  }

  @Override
  public Scope withSubScope(String childScopeName) {
    check(childScopeName);
    String actual = opName != null ? opName : childScopeName;
    return new ScanFreeScope(graph, qualified(makeUnique(actual)), null, new HashMap<>(), ops);
  }

  @Override
  public Scope withName(String name) {
    check(name);
    return new ScanFreeScope(graph, prefix, name, ids, ops);
  }

  @Override
  public Scope withNameAsSubScope(String defaultName) {
    return withSubScope(makeOpName(defaultName));
  }

  @Override
  public Scope withDevice(DeviceSpec newDevice) {
    return new ScanFreeScope(graph, prefix, opName, ids, ops.withDevice(newDevice));
  }

  @Override
  public Scope withInitScope() {
    return new ScanFreeScope(graph, prefix, opName, ids, ops.withInitScope());
  }

  @Override
  public Scope withControlDependencyOps(Iterable<Operation> controls) {
    return new ScanFreeScope(graph, prefix, opName, ids, ops.withControlDependencyOps(controls));
  }

  @Override
  public String makeOpName(String defaultName) {
    check(defaultName);
    return qualified(makeUnique(opName != null ? opName : defaultName));
  }

  @Override
  public String makeUnique(String id) {
    Integer count = ids.get(id);
    ids.put(id, count == null ? 1 : count + 1);
    return count == null ? id : id + "_" + count;
  }

  /** Names under this scope come from it alone, so there is nothing to learn from the graph. */
  @Override
  public void refreshNames() {}

  @Override
  public OperationBuilder apply(OperationBuilder builder) {
    return ops.apply(builder);
  }

  @Override
  public String getDeviceString() {
    return ops.getDeviceString();
  }

  @Override
  public boolean isInit() {
    return ops.isInit();
  }

  private String qualified(String name) {
    return prefix + "/" + name;
  }

  private static void check(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid name: '" + name + "' does not match " + NAME.pattern());
    }
  }

  /** Hands a scope to {@link Ops#create(ExecutionEnvironment)}, whose only public way in is an environment's base scope. */
  private record Carrier(ScanFreeScope baseScope) implements ExecutionEnvironment {

    @Override
    public OperationBuilder opBuilder(String type, String name, Scope scope) {
      return baseScope.graph.opBuilder(type, name, scope);
    }

    @Override
    public void attachFunction(ConcreteFunction function) {
      baseScope.graph.attachFunction(function);
    }

    @Override
    public void checkInput(Operation input) {
      baseScope.graph.checkInput(input);
    }

    @Override
    public Types environmentType() {
      return Types.GRAPH;
    }

    @Override
    public boolean isInitializer(Operation op) {
      return baseScope.graph.isInitializer(op);
    }
  }
}
