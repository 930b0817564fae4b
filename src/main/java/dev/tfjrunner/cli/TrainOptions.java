package dev.tfjrunner.cli;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.BuiltinModels;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of a training run, shared by {@code train} and {@code compare}; each maps to a key of run.json. */
final class TrainOptions {

  @Mixin
  DataOptions data = new DataOptions();

  @Option(names = "--model", paramLabel = "NAME|FILE",
      description = "A built-in network (" + BuiltinModels.NAMES_TEXT + "; default: advanced), which takes the data's image shape and class count, or a Keras model config (.json, model.to_json()) or .keras archive, whose shape is fixed.")
  String model;

  @Option(names = "--new-head", paramLabel = "K",
      description = "With a Keras --model file: replace its last Dense layer by a freshly initialised one of K units"
          + " (transfer learning to K classes); the other layers start from the file's weights.")
  Integer newHead;

  @Option(names = "--freeze", paramLabel = "LAYER",
      description = "Freeze LAYER and every layer before it (Keras's trainable = False: not trained; a frozen"
          + " BatchNormalization uses its moving statistics).")
  String freeze;

  @Option(names = "--input-range", paramLabel = "0-1|0-255",
      description = "The pixel values the model takes: 0-255 for a Keras model trained on raw pixel values without a"
          + " Rescaling layer of its own (default: 0-255 when the model starts with Rescaling(1/255), else 0-1)."
          + " Training feeds them, and the run's SavedModels record it for predict, the Classifier and Spark.")
  String inputRange;

  @Option(names = "--epochs", description = "Epochs to train at most (default: 40).")
  Integer epochs;

  @Option(names = "--batch-size", description = "Training batch size (default: 128).")
  Integer batchSize;

  @Option(names = "--eval-batch-size", description = "Batch size for validation and test (default: 1000).")
  Integer evalBatchSize;

  @Option(names = "--optimizer", paramLabel = "NAME",
      description = "rmsprop (default: lr 0.001, rho 0.9, epsilon 1e-8), adam or sgd (Keras's defaults).")
  String optimizer;

  @Option(names = "--learning-rate", description = "Initial learning rate (default: 0.001; sgd 0.01).")
  Double learningRate;

  @Option(names = "--rho", description = "RMSprop decay of the squared-gradient average (default: 0.9).")
  Double rho;

  @Option(names = "--epsilon", description = "RMSprop or Adam epsilon, added outside the square root (default: 1e-8; adam 1e-7).")
  Double epsilon;

  @Option(names = "--beta-1", description = "Adam decay of the first-moment average (default: 0.9).")
  Double beta1;

  @Option(names = "--beta-2", description = "Adam decay of the second-moment average (default: 0.999).")
  Double beta2;

  @Option(names = "--amsgrad", negatable = true, description = "Adam's AMSGrad variant (default: off).")
  Boolean amsgrad;

  @Option(names = "--momentum", description = "SGD momentum in [0, 1] (default: 0).")
  Double momentum;

  @Option(names = "--nesterov", negatable = true, description = "SGD Nesterov momentum (default: off).")
  Boolean nesterov;

  @Option(names = "--seed", description = "Seeds the split, initialisation, shuffles, dropout and augmentation (default: 42).")
  Long seed;

  @Option(names = "--threads", description = "TensorFlow intra-op threads (default: 0 = all cores).")
  Integer threads;

  @Option(names = "--inter-op-threads", description = "TensorFlow inter-op threads (default: 2).")
  Integer interOpThreads;

  @Option(names = "--bf16", negatable = true,
      description = "bfloat16 mixed precision on CPUs with AVX512_BF16/AMX: ~1.6x faster, not the study's float32 (default: off).")
  Boolean bf16;

  @Option(names = "--validation-split", description = "Fraction of the training set held out for validation (default: 0.1).")
  Double validationSplit;

  @ArgGroup(exclusive = false, heading = "%nPreprocessing (in the graph, also applied by the exported model):%n")
  PreprocessingOptions preprocessing = new PreprocessingOptions();

  @ArgGroup(exclusive = false, heading = "%nAugmentation (training only, like Keras ImageDataGenerator):%n")
  AugmentationOptions augmentation = new AugmentationOptions();

  @ArgGroup(exclusive = false, heading = "%nCallbacks:%n")
  CallbackOptions callbacks = new CallbackOptions();

  /** What the user typed, as a patch of RunConfig. */
  ObjectNode flags() {
    ObjectNode flags = Json.MAPPER.createObjectNode();
    data.addTo(flags);
    Flags.put(flags, "model", model);
    Flags.put(flags, "new_head", newHead);
    Flags.put(flags, "freeze", freeze);
    Flags.put(flags, "input_range", inputRange);
    Flags.put(flags, "epochs", epochs);
    Flags.put(flags, "batch_size", batchSize);
    Flags.put(flags, "eval_batch_size", evalBatchSize);
    Flags.put(flags, "seed", seed);
    Flags.put(flags, "threads", threads);
    Flags.put(flags, "inter_op_threads", interOpThreads);
    Flags.put(flags, "bf16", bf16);
    Flags.put(flags, "validation_split", validationSplit);
    ObjectNode optimizer = flags.putObject("optimizer");
    Flags.put(optimizer, "name", this.optimizer);
    Flags.put(optimizer, "learning_rate", learningRate);
    Flags.put(optimizer, "rho", rho);
    Flags.put(optimizer, "epsilon", epsilon);
    Flags.put(optimizer, "beta_1", beta1);
    Flags.put(optimizer, "beta_2", beta2);
    Flags.put(optimizer, "amsgrad", amsgrad);
    Flags.put(optimizer, "momentum", momentum);
    Flags.put(optimizer, "nesterov", nesterov);
    preprocessing.addTo(flags);
    augmentation.addTo(flags);
    callbacks.addTo(Flags.object(flags, "callbacks"));
    return flags;
  }

  static final class PreprocessingOptions {
    @Option(names = "--blur", description = "Gaussian blur [1,2,1;2,4,2;1,2,1]/16, zero padding.")
    boolean blur;

    @Option(names = "--blur-passes", description = "Blur passes (default: 5); implies --blur.")
    Integer blurPasses;

    @Option(names = "--sharpen", description = "Sharpen with [0,-1,0;-1,5,-1;0,-1,0] (after the blur, if any).")
    boolean sharpen;

    void addTo(ObjectNode flags) {
      ObjectNode node = flags.putObject("preprocessing");
      if (blur || blurPasses != null) {
        node.put("blur_passes", blurPasses != null ? blurPasses : 5);
      }
      if (sharpen) {
        node.put("sharpen", true);
      }
    }
  }

  static final class AugmentationOptions {
    @Option(names = "--augment", negatable = true,
        description = "Random transforms per batch; digits: rotation 8, shifts 0.1, zoom 0.2, no flips; fashion: also horizontal flips.")
    Boolean augment;

    @Option(names = "--rotation", description = "Rotation range in degrees (default: 8).")
    Double rotation;

    @Option(names = "--width-shift", description = "Horizontal shift range, fraction of the width (default: 0.1).")
    Double widthShift;

    @Option(names = "--height-shift", description = "Vertical shift range, fraction of the height (default: 0.1).")
    Double heightShift;

    @Option(names = "--zoom", description = "Zoom range: factors in [1-z, 1+z] (default: 0.2).")
    Double zoom;

    @Option(names = "--horizontal-flip", negatable = true, description = "Mirror half the images left-right (harmful for digits).")
    Boolean horizontalFlip;

    @Option(names = "--vertical-flip", negatable = true, description = "Flip half the images upside down (turns a 6 into a 9).")
    Boolean verticalFlip;

    @Option(names = "--fill", description = "Fill for pixels from outside: nearest (default), constant, reflect or wrap.")
    String fill;

    @Option(names = "--brightness-range", paramLabel = "LO,HI", split = ",",
        description = "Keras's brightness_range: a factor in [LO, HI] per image (default: none).")
    java.util.List<Double> brightnessRange;

    @Option(names = "--channel-shift-range", paramLabel = "X",
        description = "Keras's channel_shift_range, in 0..255 pixel units (default: 0).")
    Double channelShiftRange;

    void addTo(ObjectNode flags) {
      if (Boolean.FALSE.equals(augment)) {
        flags.set("augmentation", NullNode.getInstance());
        return;
      }
      ObjectNode node = Json.MAPPER.createObjectNode();
      Flags.put(node, "rotation", rotation);
      Flags.put(node, "width_shift", widthShift);
      Flags.put(node, "height_shift", heightShift);
      Flags.put(node, "zoom", zoom);
      Flags.put(node, "horizontal_flip", horizontalFlip);
      Flags.put(node, "vertical_flip", verticalFlip);
      Flags.put(node, "fill", fill);
      if (brightnessRange != null) {
        brightnessRange.forEach(node.putArray("brightness_range")::add);
      }
      Flags.put(node, "channel_shift_range", channelShiftRange);
      if (Boolean.TRUE.equals(augment) || !node.isEmpty()) {
        flags.set("augmentation", node);
      }
    }
  }

  static final class CallbackOptions {
    @Option(names = "--lr-schedule", paramLabel = "exponential|step|cosine",
        description = "LearningRateScheduler: set the rate before each epoch (default: off).")
    String lrSchedule;

    @Option(names = "--lr-decay-rate", description = "exponential: lr0 * rate^epoch (default: 0.9).")
    Double lrDecayRate;

    @Option(names = "--lr-step-epochs", description = "step: every N epochs (default: 10) ...")
    Integer lrStepEpochs;

    @Option(names = "--lr-step-factor", description = "... multiply by this (default: 0.5).")
    Double lrStepFactor;

    @Option(names = "--lr-warmup-epochs", description = "cosine: linear warm-up epochs (default: 0).")
    Integer lrWarmupEpochs;

    @Option(names = "--lr-min", description = "cosine: the rate it decays towards (default: 0).")
    Double lrMin;

    @Option(names = "--reduce-lr", negatable = true, description = "ReduceLROnPlateau (default: on).")
    Boolean reduceLr;

    @Option(names = "--reduce-lr-monitor", paramLabel = "KEY", description = "Default: val_accuracy.")
    String reduceLrMonitor;

    @Option(names = "--reduce-lr-factor", description = "Default: 0.1.")
    Double reduceLrFactor;

    @Option(names = "--reduce-lr-patience", description = "Default: 3.")
    Integer reduceLrPatience;

    @Option(names = "--reduce-lr-min-lr", description = "Default: 1e-4.")
    Double reduceLrMinLr;

    @Option(names = "--reduce-lr-min-delta", description = "Default: 1e-4.")
    Double reduceLrMinDelta;

    @Option(names = "--reduce-lr-cooldown", description = "Default: 0.")
    Integer reduceLrCooldown;

    @Option(names = "--early-stopping", negatable = true, description = "EarlyStopping (default: on).")
    Boolean earlyStopping;

    @Option(names = "--early-stopping-monitor", paramLabel = "KEY", description = "Default: val_accuracy.")
    String earlyStoppingMonitor;

    @Option(names = "--early-stopping-patience", description = "Default: 3.")
    Integer earlyStoppingPatience;

    @Option(names = "--early-stopping-min-delta", description = "Default: 0.")
    Double earlyStoppingMinDelta;

    @Option(names = "--early-stopping-baseline", description = "Value the monitor must beat (default: none).")
    Double earlyStoppingBaseline;

    @Option(names = "--early-stopping-start-from-epoch", description = "Epochs before monitoring starts (default: 0).")
    Integer earlyStoppingStartFromEpoch;

    @Option(names = "--restore-best-weights", negatable = true, description = "On early stopping, go back to the best epoch's weights.")
    Boolean restoreBestWeights;

    @Option(names = "--checkpoint", negatable = true, description = "ModelCheckpoint (default: on, best val_accuracy into savedmodels/<run-id>/best).")
    Boolean checkpoint;

    @Option(names = "--checkpoint-path", paramLabel = "TEMPLATE",
        description = "Where to save, e.g. savedmodels/ckpt-{epoch:02d}-{val_accuracy:.4f}.")
    String checkpointPath;

    @Option(names = "--checkpoint-monitor", paramLabel = "KEY", description = "Default: val_accuracy.")
    String checkpointMonitor;

    @Option(names = "--save-best-only", negatable = true, description = "Save only improvements (default: on).")
    Boolean saveBestOnly;

    @Option(names = "--save-weights-only", negatable = true, description = "Save a TF checkpoint instead of a SavedModel.")
    Boolean saveWeightsOnly;

    @Option(names = "--tensorboard", negatable = true, description = "TensorBoard logs (default: on).")
    Boolean tensorboard;

    @Option(names = "--histogram-freq", description = "Weight histograms every N epochs, 0 = none (default: 1).")
    Integer histogramFreq;

    @Option(names = "--tensorboard-update-freq", paramLabel = "epoch|batch|N",
        description = "Also log batch_loss/batch_accuracy every N batches (default: epoch = only per epoch).")
    String updateFreq;

    @Option(names = "--write-graph", negatable = true, description = "Write the conceptual graph (the model config, as Keras) and the op graph for the Graphs tab (default: on).")
    Boolean writeGraph;

    @Option(names = "--write-images", negatable = true,
        description = "Write the weights as images (with the histograms, as Keras), sample inputs, the confusion matrix and the prediction grid to TensorBoard (default: on).")
    Boolean writeImages;

    @Option(names = "--csv-log", negatable = true, description = "CSVLogger into savedmodels/<run-id>/history.csv (default: on).")
    Boolean csvLogger;

    @Option(names = "--terminate-on-nan", negatable = true, description = "TerminateOnNaN (default: on).")
    Boolean terminateOnNan;

    void addTo(ObjectNode callbacks) {
      ObjectNode schedule = Json.MAPPER.createObjectNode();
      Flags.put(schedule, "schedule", lrSchedule);
      Flags.put(schedule, "decay_rate", lrDecayRate);
      Flags.put(schedule, "step_epochs", lrStepEpochs);
      Flags.put(schedule, "factor", lrStepFactor);
      Flags.put(schedule, "warmup_epochs", lrWarmupEpochs);
      Flags.put(schedule, "min_lr", lrMin);
      toggle(callbacks, "learning_rate_scheduler", null, schedule);

      ObjectNode reduce = Json.MAPPER.createObjectNode();
      Flags.put(reduce, "monitor", reduceLrMonitor);
      Flags.put(reduce, "factor", reduceLrFactor);
      Flags.put(reduce, "patience", reduceLrPatience);
      Flags.put(reduce, "min_lr", reduceLrMinLr);
      Flags.put(reduce, "min_delta", reduceLrMinDelta);
      Flags.put(reduce, "cooldown", reduceLrCooldown);
      toggle(callbacks, "reduce_lr_on_plateau", reduceLr, reduce);

      ObjectNode early = Json.MAPPER.createObjectNode();
      Flags.put(early, "monitor", earlyStoppingMonitor);
      Flags.put(early, "patience", earlyStoppingPatience);
      Flags.put(early, "min_delta", earlyStoppingMinDelta);
      Flags.put(early, "baseline", earlyStoppingBaseline);
      Flags.put(early, "start_from_epoch", earlyStoppingStartFromEpoch);
      Flags.put(early, "restore_best_weights", restoreBestWeights);
      toggle(callbacks, "early_stopping", earlyStopping, early);

      ObjectNode save = Json.MAPPER.createObjectNode();
      Flags.put(save, "filepath", checkpointPath);
      Flags.put(save, "monitor", checkpointMonitor);
      Flags.put(save, "save_best_only", saveBestOnly);
      Flags.put(save, "save_weights_only", saveWeightsOnly);
      toggle(callbacks, "model_checkpoint", checkpoint, save);

      ObjectNode board = Json.MAPPER.createObjectNode();
      Flags.put(board, "histogram_freq", histogramFreq);
      Flags.put(board, "update_freq", updateFreq);
      Flags.put(board, "write_graph", writeGraph);
      Flags.put(board, "write_images", writeImages);
      toggle(callbacks, "tensorboard", tensorboard, board);

      Flags.put(callbacks, "csv_logger", csvLogger);
      Flags.put(callbacks, "terminate_on_nan", terminateOnNan);
    }

    /** Off wins; otherwise the given fields (an empty object just switches the callback on). */
    private static void toggle(ObjectNode callbacks, String key, Boolean enabled, ObjectNode fields) {
      if (Boolean.FALSE.equals(enabled)) {
        callbacks.set(key, NullNode.getInstance());
      } else if (Boolean.TRUE.equals(enabled) || !fields.isEmpty()) {
        callbacks.set(key, fields);
      }
    }
  }
}
