package dev.tfjrunner.bench;

import dev.tfjrunner.io.AtomicOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * One traced Session.run (RunOptions FULL_TRACE): its ops' step stats as a Chrome trace
 * (chrome://tracing, Perfetto) and as a table of time per op type, the op-level view of where a
 * training step goes that wall-clock medians cannot give on a loaded machine.
 *
 * @param ops every op executed, in start order
 */
public record StepTrace(List<OpRun> ops) {

  /** One op execution: the node, its op type, device, thread, start and duration in microseconds. */
  public record OpRun(String node, String type, String device, int thread, long startMicros, long micros) {}

  /** Time and count of one op type within the step. */
  public record OpTypeTotal(String type, int count, long micros) {}

  public static StepTrace of(RunMetadata metadata) {
    List<OpRun> ops = new ArrayList<>();
    for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        ops.add(new OpRun(node.getNodeName(), opType(node), device.getDevice(), node.getThreadId(),
            node.getAllStartMicros(), Math.max(0, node.getAllEndRelMicros())));
      }
    }
    ops.sort(Comparator.comparingLong(OpRun::startMicros));
    return new StepTrace(List.copyOf(ops));
  }

  /** "name = Type(inputs)" is how TF labels a node's execution; _SOURCE and the like have no label. */
  private static String opType(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    int paren = label.indexOf('(', eq + 3);
    return eq < 0 || paren < 0 ? node.getNodeName() : label.substring(eq + 3, paren);
  }

  /** Wall time from the first op's start to the last op's end. */
  public long spanMicros() {
    long start = ops.stream().mapToLong(OpRun::startMicros).min().orElse(0);
    long end = ops.stream().mapToLong(o -> o.startMicros() + o.micros()).max().orElse(0);
    return end - start;
  }

  /** Op types by total time, largest first. */
  public List<OpTypeTotal> byType() {
    Map<String, long[]> totals = new LinkedHashMap<>();
    for (OpRun op : ops) {
      long[] t = totals.computeIfAbsent(op.type(), k -> new long[2]);
      t[0]++;
      t[1] += op.micros();
    }
    return totals.entrySet().stream().map(e -> new OpTypeTotal(e.getKey(), (int) e.getValue()[0], e.getValue()[1]))
        .sorted(Comparator.comparingLong(OpTypeTotal::micros).reversed()).toList();
  }

  /** The table of {@link #byType()}: the {@code rows} largest and the rest summed. */
  public void printSummary(PrintStream out, String title, int rows) {
    long busy = ops.stream().mapToLong(OpRun::micros).sum();
    out.printf("%s: %d ops, %.1f ms from first start to last end, %.1f ms of op time%n", title, ops.size(),
        spanMicros() / 1e3, busy / 1e3);
    List<OpTypeTotal> types = byType();
    for (int i = 0; i < types.size(); i++) {
      if (i == rows) {
        int count = types.subList(i, types.size()).stream().mapToInt(OpTypeTotal::count).sum();
        long micros = types.subList(i, types.size()).stream().mapToLong(OpTypeTotal::micros).sum();
        out.printf("  %-40s %5d %9.2f ms %5.1f%%%n", "(" + (types.size() - i) + " other types)", count, micros / 1e3,
            100.0 * micros / busy);
        break;
      }
      OpTypeTotal t = types.get(i);
      out.printf("  %-40s %5d %9.2f ms %5.1f%%%n", t.type(), t.count(), t.micros() / 1e3, 100.0 * t.micros() / busy);
    }
  }

  /** Writes the Chrome trace event JSON (one process per device, one row per TF thread). */
  public void writeChromeTrace(Path file) throws IOException {
    long origin = ops.stream().mapToLong(OpRun::startMicros).min().orElse(0);
    List<String> devices = ops.stream().map(OpRun::device).distinct().toList();
    StringBuilder json = new StringBuilder("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n");
    for (int d = 0; d < devices.size(); d++) {
      json.append(String.format("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,\"args\":{\"name\":%s}},%n", d,
          quote(devices.get(d))));
    }
    for (int i = 0; i < ops.size(); i++) {
      OpRun op = ops.get(i);
      json.append(String.format("{\"name\":%s,\"cat\":\"Op\",\"ph\":\"X\",\"pid\":%d,\"tid\":%d,\"ts\":%d,\"dur\":%d,"
              + "\"args\":{\"name\":%s,\"op\":%s}}%s%n", quote(op.type()), devices.indexOf(op.device()), op.thread(),
          op.startMicros() - origin, op.micros(), quote(op.node()), quote(op.type()), i + 1 < ops.size() ? "," : ""));
    }
    json.append("]}\n");
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    AtomicOutput.writeFile(file, temporary -> Files.write(temporary, bytes));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
