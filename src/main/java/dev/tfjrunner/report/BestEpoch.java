package dev.tfjrunner.report;

import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.callbacks.Monitor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The epoch a monitor rates best, as ModelCheckpoint(save_best_only) picks it: the first epoch
 * whose value no later epoch beats.
 *
 * @param monitor the log key, e.g. {@code val_loss}
 * @param epoch 1-based
 * @param value the monitored value at that epoch
 * @param logs all logs of that epoch
 */
public record BestEpoch(String monitor, int epoch, double value, Map<String, Double> logs) {

  /** Empty when no epoch logged the monitored value. */
  public static Optional<BestEpoch> of(History.Record history, Monitor monitor) {
    BestEpoch best = null;
    for (History.Epoch e : history.epochs()) {
      Double value = e.logs().get(monitor.name());
      if (value != null && !value.isNaN() && (best == null || monitor.isImprovement(value, best.value()))) {
        best = new BestEpoch(monitor.name(), e.epoch() + 1, value, e.logs());
      }
    }
    return Optional.ofNullable(best);
  }

  /** The epoch's logs plus its 1-based {@code epoch}, as model.json's best metrics. */
  public Map<String, Double> logsWithEpoch() {
    Map<String, Double> metrics = new LinkedHashMap<>(logs);
    metrics.put("epoch", (double) epoch);
    return metrics;
  }
}
