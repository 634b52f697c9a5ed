package org.lungnodule.finetune;

/** What a paired test says about a metric's change from the baseline to the fine-tuned model. */
public enum Verdict {
  /** Better, with p &lt; alpha. */
  IMPROVED,
  /** p &gt;= alpha (or no test possible). */
  NO_SIGNIFICANT_CHANGE,
  /** Worse, with p &lt; alpha. */
  WORSE;

  /**
   * Decides a verdict.
   *
   * @param delta the change, signed so that positive is better
   * @param p the two-sided p-value (NaN: no test)
   * @param alpha the significance level
   */
  public static Verdict of(double delta, double p, double alpha) {
    if (!(p < alpha) || delta == 0 || Double.isNaN(delta)) {
      return NO_SIGNIFICANT_CHANGE;
    }
    return delta > 0 ? IMPROVED : WORSE;
  }
}
