package org.lungnodule.models.classifier;

/**
 * One point of a learning curve.
 *
 * @param epoch 1-based epoch
 * @param trainLoss mean training loss over the epoch's mini-batches
 * @param validationLoss mean cross-entropy on the validation set (NaN without one)
 * @param validationAuc ROC AUC on the validation set (NaN without one, or with one class only)
 * @param seconds wall time of the epoch, validation included
 */
public record EpochRecord(
    int epoch, double trainLoss, double validationLoss, double validationAuc, double seconds) {

  /** Validates. */
  public EpochRecord {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
  }

  String encode() {
    return trainLoss + "," + validationLoss + "," + validationAuc + "," + seconds;
  }

  static EpochRecord decode(int epoch, String text) {
    String[] p = text.split(",");
    if (p.length != 4) {
      throw new IllegalArgumentException("bad epoch record '" + text + "'");
    }
    return new EpochRecord(
        epoch,
        Double.parseDouble(p[0]),
        Double.parseDouble(p[1]),
        Double.parseDouble(p[2]),
        Double.parseDouble(p[3]));
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "epoch %3d  train-loss %.4f  val-loss %.4f  val-auc %.4f  %.1f s",
        epoch,
        trainLoss,
        validationLoss,
        validationAuc,
        seconds);
  }
}
