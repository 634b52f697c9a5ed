package org.lungnodule.models.classifier;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.lungnodule.models.classifier.ClassifierTrainer.Balance;
import org.lungnodule.models.training.Optimizer;
import org.lungnodule.models.training.Schedule;

/**
 * A named training recipe for the malignancy classifier: the network preset and every trainer
 * setting that decides what is learnt and how the model predicts (the seed, listeners, checkpoints
 * and preprocessing are the run's, not the recipe's).
 *
 * <p>{@link #tuned()} is the recipe behind the published figures and the default of {@code
 * lungnodule train-classifier}; change one setting with the {@code with…} methods:
 *
 * <pre>{@code
 * ClassifierRecipe r = ClassifierRecipe.tuned().withEpochs(20);
 * TrainingResult t = r.trainer().seed(7).preprocessing(prep.toMap()).build().fit(r.network(), train, val);
 * }</pre>
 *
 * @param preset the {@link ResNet3d#preset network preset} ({@code small} or {@code paper})
 * @param epochs planned epochs (at least 1)
 * @param batchSize mini-batch size (at least 1)
 * @param optimizer the optimiser
 * @param learningRate the initial learning rate (positive)
 * @param schedule the learning-rate schedule over the planned epochs
 * @param weightDecay weight decay, in [0, 1)
 * @param balance how the classes are balanced
 * @param augment whether seeded flips and 90° rotations (and the translation) are on
 * @param shiftVoxels the largest seeded random translation along each axis, in voxels, in [0, 16]
 *     (0 = none; {@link ClassifierTrainer.Builder#shift})
 * @param patience early-stopping patience in epochs (0 = off)
 * @param keepBestEpoch whether the model keeps the weights of the epoch with the lowest validation
 *     loss rather than the last epoch's ({@link ClassifierTrainer.Builder#keepBestEpoch})
 * @param testViews how many symmetric views of each cube the model averages when it predicts: 1, 8
 *     or 16 ({@link MalignancyClassifier#views()})
 */
public record ClassifierRecipe(
    String preset,
    int epochs,
    int batchSize,
    Optimizer optimizer,
    double learningRate,
    Schedule schedule,
    double weightDecay,
    Balance balance,
    boolean augment,
    int shiftVoxels,
    int patience,
    boolean keepBestEpoch,
    int testViews) {

  /**
   * Validates the settings.
   *
   * @throws NullPointerException for a null preset, optimiser, schedule or balance
   * @throws IllegalArgumentException for an unknown preset or a value out of range, named in the
   *     message
   */
  public ClassifierRecipe {
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(balance, "balance");
    ResNet3d.preset(preset);
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (!(learningRate > 0 && learningRate <= 10)) {
      throw new IllegalArgumentException("learning rate must be in (0, 10], got " + learningRate);
    }
    if (!(weightDecay >= 0 && weightDecay < 1)) {
      throw new IllegalArgumentException("weight decay must be in [0, 1), got " + weightDecay);
    }
    if (shiftVoxels < 0 || shiftVoxels > 16) {
      throw new IllegalArgumentException("shift must be in [0, 16] voxels, got " + shiftVoxels);
    }
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    }
    CubeViews.requireCount(testViews);
  }

  /**
   * The tuned recipe: the {@code small} preset, 80 epochs of batch 8, Adam at 2e-3 with cosine
   * decay, weight decay 1e-4, balanced sampling, flips, 90° rotations and translations of up to 3
   * voxels, no early stopping, the last epoch's weights kept, and predictions averaged over the 16
   * flips and axial rotations of each cube. Chosen for sites of about a hundred labelled nodules on
   * an independent validation site (docs/classifier.md); it is what {@code lungnodule
   * train-classifier} runs by default.
   *
   * @return the recipe
   */
  public static ClassifierRecipe tuned() {
    return new ClassifierRecipe(
        "small",
        80,
        8,
        Optimizer.ADAM,
        2e-3,
        Schedule.COSINE,
        1e-4,
        Balance.SAMPLING,
        true,
        3,
        0,
        false,
        16);
  }

  /** Returns a fresh network of this recipe's preset. */
  public ResNet3d network() {
    return ResNet3d.preset(preset);
  }

  /**
   * Returns a trainer builder with every setting of this recipe already set; the caller adds the
   * seed (required) and whatever else the run needs (preprocessing, listeners, checkpoints).
   * Setting one of the recipe's settings again on it throws {@link IllegalStateException}: change
   * the recipe instead.
   *
   * @return a new builder
   */
  public ClassifierTrainer.Builder trainer() {
    return ClassifierTrainer.builder()
        .epochs(epochs)
        .batchSize(batchSize)
        .optimizer(optimizer)
        .learningRate(learningRate)
        .schedule(schedule)
        .weightDecay(weightDecay)
        .balance(balance)
        .augment(augment)
        .shift(shiftVoxels)
        .earlyStoppingPatience(patience)
        .keepBestEpoch(keepBestEpoch)
        .testViews(testViews);
  }

  /**
   * Returns every setting as text, in declaration order, under the names the trainer's {@link
   * ClassifierTrainer#hyperparameters()} uses (a translation only when augmentation is on and it is
   * not 0; the kept epoch only when it is the last).
   */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("preset", preset);
    m.put("epochs", Integer.toString(epochs));
    m.put("batchSize", Integer.toString(batchSize));
    m.put("optimizer", optimizer.name());
    m.put("learningRate", Double.toString(learningRate));
    m.put("schedule", schedule.name());
    m.put("weightDecay", Double.toString(weightDecay));
    m.put("balance", balance.name());
    m.put("augment", Boolean.toString(augment));
    if (augment && shiftVoxels > 0) {
      m.put("shiftVoxels", Integer.toString(shiftVoxels));
    }
    m.put("patience", Integer.toString(patience));
    if (!keepBestEpoch) {
      m.put("keepBestEpoch", "false");
    }
    m.put("testViews", Integer.toString(testViews));
    return m;
  }

  /** Returns this recipe with another preset. */
  public ClassifierRecipe withPreset(String p) {
    return new ClassifierRecipe(
        p,
        epochs,
        batchSize,
        optimizer,
        learningRate,
        schedule,
        weightDecay,
        balance,
        augment,
        shiftVoxels,
        patience,
        keepBestEpoch,
        testViews);
  }

  /** Returns this recipe with another number of epochs. */
  public ClassifierRecipe withEpochs(int n) {
    return new ClassifierRecipe(
        preset,
        n,
        batchSize,
        optimizer,
        learningRate,
        schedule,
        weightDecay,
        balance,
        augment,
        shiftVoxels,
        patience,
        keepBestEpoch,
        testViews);
  }

  /** Returns this recipe with another batch size. */
  public ClassifierRecipe withBatchSize(int n) {
    return new ClassifierRecipe(
        preset,
        epochs,
        n,
        optimizer,
        learningRate,
        schedule,
        weightDecay,
        balance,
        augment,
        shiftVoxels,
        patience,
        keepBestEpoch,
        testViews);
  }

  /** Returns this recipe with another optimiser. */
  public ClassifierRecipe withOptimizer(Optimizer o) {
    return new ClassifierRecipe(
        preset,
        epochs,
        batchSize,
        o,
        learningRate,
        schedule,
        weightDecay,
        balance,
        augment,
        shiftVoxels,
        patience,
        keepBestEpoch,
        testViews);
  }

  /** Returns this recipe with another learning rate. */
  public ClassifierRecipe withLearningRate(double lr) {
    return new ClassifierRecipe(
        preset,
        epochs,
        batchSize,
        optimizer,
        lr,
        schedule,
        weightDecay,
        balance,
        augment,
        shiftVoxels,
        patience,
        keepBestEpoch,
        testViews);
  }

  /** Returns this recipe with another schedule. */
  public ClassifierRecipe withSchedule(Schedule s) {
    return new ClassifierRecipe(
        preset,
        epochs,
        batchSize,
        optimizer,
        learningRate,
        s,
        weightDecay,
        balance,
        augment,
        shiftVoxels,
        patience,
        keepBestEpoch,
        testViews);
  }

  /** Returns this recipe with another weight decay. */
  public ClassifierRecipe withWeightDecay(double wd) {
    return new ClassifierRecipe(
        preset,
        epochs,
        batchSize,
        optimizer,
        learningRate,
        schedule,
        wd,
        balance,
        augment,
        shiftVoxels,
        patience,
        keepBestEpoch,
        testViews);
  }

  /** Returns this recipe with another class balance. */
  public ClassifierRecipe withBalance(Balance b) {
    return new ClassifierRecipe(
        preset,
        epochs,
        batchSize,
        optimizer,
        learningRate,
        schedule,
        weightDecay,
        b,
        augment,
        shiftVoxels,
        patience,
        keepBestEpoch,
        testViews);
  }

  /** Returns this recipe with augmentation on or off. */
  public ClassifierRecipe withAugment(boolean on) {
    return new ClassifierRecipe(
        preset,
        epochs,
        batchSize,
        optimizer,
        learningRate,
        schedule,
        weightDecay,
        balance,
        on,
        shiftVoxels,
        patience,
        keepBestEpoch,
        testViews);
  }

  /** Returns this recipe with another largest random translation. */
  public ClassifierRecipe withShiftVoxels(int n) {
    return new ClassifierRecipe(
        preset,
        epochs,
        batchSize,
        optimizer,
        learningRate,
        schedule,
        weightDecay,
        balance,
        augment,
        n,
        patience,
        keepBestEpoch,
        testViews);
  }

  /** Returns this recipe with another early-stopping patience. */
  public ClassifierRecipe withPatience(int p) {
    return new ClassifierRecipe(
        preset,
        epochs,
        batchSize,
        optimizer,
        learningRate,
        schedule,
        weightDecay,
        balance,
        augment,
        shiftVoxels,
        p,
        keepBestEpoch,
        testViews);
  }

  /** Returns this recipe with the best or the last epoch kept. */
  public ClassifierRecipe withKeepBestEpoch(boolean on) {
    return new ClassifierRecipe(
        preset,
        epochs,
        batchSize,
        optimizer,
        learningRate,
        schedule,
        weightDecay,
        balance,
        augment,
        shiftVoxels,
        patience,
        on,
        testViews);
  }

  /** Returns this recipe with another number of test-time views. */
  public ClassifierRecipe withTestViews(int n) {
    return new ClassifierRecipe(
        preset,
        epochs,
        batchSize,
        optimizer,
        learningRate,
        schedule,
        weightDecay,
        balance,
        augment,
        shiftVoxels,
        patience,
        keepBestEpoch,
        n);
  }
}
