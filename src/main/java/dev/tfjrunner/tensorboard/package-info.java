/**
 * TensorBoard logging: {@link dev.tfjrunner.tensorboard.TensorBoard}, a training callback that
 * writes event files with TensorFlow's own summary ops.
 *
 * <h2>Opening the logs</h2>
 *
 * Every run writes to {@code tensorboard-logs/<run-id>/}, in Keras's layout: {@code train/} and
 * {@code validation/}, one events file writer each
 * ({@code events.out.tfevents.<secs>.<host>.<pid>.<n>.v2}). View them with
 *
 * <pre>
 * pip install tensorboard                 # once; no TensorFlow needed
 * tensorboard --logdir tensorboard-logs   # then open http://localhost:6006
 * </pre>
 *
 * The files are flushed at the end of every epoch, so a running TensorBoard follows training
 * live, and a run that crashes keeps every finished epoch. Each run appears twice in the run
 * selector, as {@code <run-id>/train} and {@code <run-id>/validation}.
 *
 * <h2>Tags</h2>
 *
 * What Keras 3's {@code keras.callbacks.TensorBoard} writes with the same settings, tag for tag and
 * plugin for plugin (TF 2 tensor summaries, as {@code tf.summary} writes them), checked against a
 * real Keras run in the tests; tfj adds the op graph and the images marked as its own.
 *
 * <ul>
 *   <li>{@code epoch_loss}, {@code epoch_accuracy}: in train the epoch's mean training values, in
 *       validation {@code val_loss} and {@code val_accuracy}; step = epoch (0-based). Any other
 *       epoch log value {@code <key>} is {@code epoch_<key>}, in validation when it is
 *       {@code val_<key>}.
 *   <li>{@code evaluation_loss_vs_iterations}, {@code evaluation_accuracy_vs_iterations}
 *       (validation): the same validation values at the optimizer's iteration count after the
 *       epoch, {@code (epoch + 1) * stepsPerEpoch}.
 *   <li>{@code epoch_learning_rate} (train): the learning rate used during the epoch (the
 *       {@code lr} log).
 *   <li>{@code batch_loss}, {@code batch_accuracy} (train, only with {@code update_freq} N): the
 *       epoch's running means at every iteration count divisible by N, step =
 *       {@code epoch * stepsPerEpoch + batch + 1}, as Keras 3 counts them.
 *   <li>{@code <path>/histogram} (train): every weight, moving statistics included, every
 *       {@code histogram_freq} epochs in TensorBoard's 30 buckets, where the path is Keras 3's
 *       variable path ({@code advanced/conv2d/kernel} in a Sequential model named
 *       {@code advanced}, {@code conv2d/kernel} in a Functional model); skipped with a warning for
 *       a weight holding NaN or infinite values.
 *   <li>{@code <path>/image} (train, with {@code write_images}, at the histogram epochs): the
 *       weights drawn as Keras draws them: a bias or BN vector as a 1-pixel-wide column, a dense
 *       kernel as one image (transposed when it has more rows than columns), the first 3 filters
 *       of a convolution kernel with one input channel; no image for kernels of rank 4.
 *   <li>{@code keras} (train, step 0, with {@code write_graph}): the model config for the Graphs
 *       tab's conceptual graph.
 *   <li>{@code training_samples} (train, step 0, with {@code write_images}; tfj's own): up to 16
 *       sample training inputs as the network sees them, after preprocessing and augmentation.
 *   <li>{@code confusion_matrix}, {@code test_predictions} (train; tfj's own): end-of-training
 *       images written with {@link dev.tfjrunner.tensorboard.TensorBoard#writeImage}.
 *   <li>The training op graph (train, step 0, with {@code write_graph}; tfj's own: Keras 3 writes
 *       none).
 * </ul>
 *
 * <h2>What the tabs show</h2>
 *
 * <ul>
 *   <li><b>Scalars</b>: one chart per metric; {@code epoch_loss} and {@code epoch_accuracy} hold
 *       a train and a validation line per run over the epochs, so over-fitting shows as the lines
 *       parting; {@code evaluation_*_vs_iterations} plot the validation values by iteration. {@code epoch_learning_rate} is flat and drops by ReduceLROnPlateau's factor in the
 *       epoch after each reduction. {@code batch_loss} and {@code batch_accuracy} plot running
 *       means against the global batch number and restart at each epoch.
 *   <li><b>Graphs</b>: the train run's conceptual graph (tag {@code keras}: one box per layer,
 *       as for a Keras run) and its op graph. In the op graph, layers are collapsed boxes named like
 *       Keras's ({@code conv2d}, {@code conv2d_1}, {@code max_pooling2d}, {@code flatten},
 *       {@code dense}, ...) that open onto their ops ({@code Conv2D}, {@code BiasAdd},
 *       {@code Relu}, {@code MatMul}, ...) and their {@code kernel} and {@code bias} variables;
 *       around them are the inputs ({@code image}, {@code label}, {@code training},
 *       {@code step_seed}), {@code preprocessing} and {@code augmentation} when the model uses them,
 *       {@code logits}, {@code probabilities}, {@code metrics}, {@code RMSprop} (the gradients,
 *       the update, the learning-rate variable and the slots) and {@code load_weights}.
 *   <li><b>Histograms</b> and <b>Distributions</b>: one chart per weight with one histogram per
 *       logged epoch, stacked front to back (Distributions: the same as percentile bands).
 *   <li><b>Images</b>: the weight images of each logged epoch, the training samples at step 0
 *       (one card with a slider over up to 16 images), and the end-of-training RGB images. Images
 *       written after training come from a second events file in {@code train/}, which
 *       TensorBoard merges with the first.
 * </ul>
 */
package dev.tfjrunner.tensorboard;
