package dev.tfjrunner.callbacks;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Keras's LearningRateScheduler: before each epoch it sets the rate that {@code schedule} gives for
 * the epoch (0-based), so {@code lr} in the epoch's logs is that rate. The built-in schedules are
 * functions of the epoch and the initial rate alone, so a resumed run continues them exactly.
 *
 * <ul>
 *   <li>{@code exponential}: {@code lr0 * decay_rate^epoch}
 *   <li>{@code step}: {@code lr0 * factor^floor(epoch / step_epochs)}
 *   <li>{@code cosine}: {@code warmup_epochs} linear steps up to lr0 ({@code lr0 * (epoch + 1) / warmup}),
 *       then {@code min_lr + (lr0 - min_lr) * (1 + cos(pi * t)) / 2} with t = (epoch - warmup) /
 *       (epochs - warmup), from lr0 down towards min_lr at the last epoch
 * </ul>
 */
public final class LearningRateScheduler implements Callback {

  public enum Schedule {
    EXPONENTIAL,
    STEP,
    COSINE;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param decayRate exponential's factor per epoch
   * @param stepEpochs step's interval, in epochs
   * @param factor step's factor per interval
   * @param warmupEpochs cosine's linear warm-up
   * @param minLr cosine's floor
   */
  public record Config(Schedule schedule, double decayRate, int stepEpochs, double factor, int warmupEpochs,
      double minLr, boolean verbose) {

    public Config {
      if (schedule == null) {
        throw new IllegalArgumentException("LearningRateScheduler needs a schedule (exponential, step or cosine)");
      }
      if (!(decayRate > 0) || !(factor > 0) || stepEpochs < 1 || warmupEpochs < 0 || !(minLr >= 0)) {
        throw new IllegalArgumentException("LearningRateScheduler needs decay_rate and factor > 0, step_epochs >= 1,"
            + " warmup_epochs >= 0 and min_lr >= 0");
      }
    }

    /** Exponential decay by 0.9 an epoch; step halves every 10 epochs; cosine without warm-up to 0. */
    public static Config defaults(Schedule schedule) {
      return new Config(schedule, 0.9, 10, 0.5, 0, 0, true);
    }
  }

  private final Config config;
  private final double initialLearningRate;
  private final Console console;
  private TrainerHandle trainer;

  public LearningRateScheduler(Config config, double initialLearningRate, Console console) {
    this.config = config;
    this.initialLearningRate = initialLearningRate;
    this.console = console;
  }

  /** The rate of epoch {@code epoch} (0-based) of a run of {@code epochs}. */
  public double rate(int epoch, int epochs) {
    double lr0 = initialLearningRate;
    return switch (config.schedule()) {
      case EXPONENTIAL -> lr0 * Math.pow(config.decayRate(), epoch);
      case STEP -> lr0 * Math.pow(config.factor(), Math.floorDiv(epoch, config.stepEpochs()));
      case COSINE -> {
        int warmup = config.warmupEpochs();
        if (epoch < warmup) {
          yield lr0 * (epoch + 1) / warmup;
        }
        double t = (double) (epoch - warmup) / Math.max(1, epochs - warmup);
        yield config.minLr() + (lr0 - config.minLr()) * (1 + Math.cos(Math.PI * t)) / 2;
      }
    };
  }

  @Override
  public void setTrainer(TrainerHandle trainer) {
    this.trainer = trainer;
  }

  @Override
  public void onEpochBegin(int epoch) {
    double lr = rate(epoch, trainer.epochs());
    trainer.setLearningRate(lr);
    if (config.verbose()) {
      console.println(String.format(Locale.ROOT, "Epoch %05d: LearningRateScheduler setting learning rate to %s.",
          epoch + 1, PythonFormat.repr(lr)));
    }
  }
}
