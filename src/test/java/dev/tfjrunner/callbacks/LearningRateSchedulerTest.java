package dev.tfjrunner.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tfjrunner.callbacks.LearningRateScheduler.Config;
import dev.tfjrunner.callbacks.LearningRateScheduler.Schedule;
import dev.tfjrunner.testing.FakeTrainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each schedule's rate per epoch against its formula, as the trainer sees it before each epoch. */
class LearningRateSchedulerTest {

  private static final double LR0 = 0.01;
  /** FakeTrainer's epoch count. */
  private static final int EPOCHS = 40;

  /** The rates a scheduler sets for epochs {@code from..to}, as a trainer running them would see (float32). */
  private static float[] rates(Config config, int from, int to) {
    FakeTrainer trainer = new FakeTrainer();
    LearningRateScheduler scheduler = new LearningRateScheduler(config, LR0, new MessageLog().console);
    scheduler.setTrainer(trainer);
    float[] rates = new float[to - from];
    for (int epoch = from; epoch < to; epoch++) {
      scheduler.onEpochBegin(epoch);
      rates[epoch - from] = trainer.learningRate;
    }
    return rates;
  }

  @Test
  void exponentialDecaysEveryEpoch() {
    float[] rates = rates(new Config(Schedule.EXPONENTIAL, 0.8, 1, 1, 0, 0, false), 0, 6);
    for (int e = 0; e < rates.length; e++) {
      assertEquals((float) (LR0 * Math.pow(0.8, e)), rates[e], 0, "epoch " + e);
    }
  }

  @Test
  void stepMultipliesEveryNEpochs() {
    float[] rates = rates(new Config(Schedule.STEP, 1, 3, 0.5, 0, 0, false), 0, 10);
    float[] expected = new float[10];
    for (int e = 0; e < 10; e++) {
      expected[e] = (float) (LR0 * Math.pow(0.5, e / 3));
    }
    assertEquals(List.of(0.01f, 0.01f, 0.01f, 0.005f, 0.005f, 0.005f, 0.0025f, 0.0025f, 0.0025f, 0.00125f),
        boxed(rates));
    assertEquals(boxed(expected), boxed(rates));
  }

  @Test
  void cosineWarmsUpThenFollowsHalfACosineToTheFloor() {
    Config config = new Config(Schedule.COSINE, 1, 1, 1, 4, 1e-4, false);
    float[] rates = rates(config, 0, EPOCHS);
    for (int e = 0; e < 4; e++) {
      assertEquals((float) (LR0 * (e + 1) / 4), rates[e], 0, "warm-up epoch " + e);
    }
    for (int e = 4; e < EPOCHS; e++) {
      double t = (e - 4) / 36.0;
      assertEquals((float) (1e-4 + (LR0 - 1e-4) * (1 + Math.cos(Math.PI * t)) / 2), rates[e], 0, "epoch " + e);
    }
    assertEquals((float) LR0, rates[4], 0, "the peak right after the warm-up");
  }

  /** A resumed run gets a new scheduler: its rates from the resume epoch on are the straight run's. */
  @Test
  void aResumedRunContinuesTheSchedule() {
    Config config = new Config(Schedule.COSINE, 1, 1, 1, 2, 0, false);
    float[] straight = rates(config, 0, EPOCHS);
    float[] resumed = rates(config, 17, EPOCHS);
    for (int e = 17; e < EPOCHS; e++) {
      assertEquals(straight[e], resumed[e - 17], 0, "epoch " + e);
    }
  }

  @Test
  void verboseSaysWhatItSetsAsKerasDoes() {
    MessageLog log = new MessageLog();
    LearningRateScheduler scheduler = new LearningRateScheduler(Config.defaults(Schedule.EXPONENTIAL), 0.001, log.console);
    scheduler.setTrainer(new FakeTrainer());
    scheduler.onEpochBegin(2);
    assertEquals(List.of("Epoch 00003: LearningRateScheduler setting learning rate to 0.0008100000000000001."), log.lines());
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Config(Schedule.STEP, 1, 0, 0.5, 0, 0, false));
    assertThrows(IllegalArgumentException.class, () -> new Config(null, 1, 1, 0.5, 0, 0, false));
  }

  private static List<Float> boxed(float[] values) {
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return List.of(boxed);
  }
}
