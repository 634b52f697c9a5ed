/**
 * The localization report and the end-to-end demonstration, kept out of the light modules because
 * the charts need JFreeChart (LGPL-2.1) and the demo needs the phantom and the file formats.
 *
 * <ul>
 *   <li>{@link org.lungnodule.report.Localization}: the paper's experiment on the user's site
 *       folders ({@link org.lungnodule.report.LocalizationSite}), with the control arm, written as
 *       the report (the {@code localize} command);
 *   <li>{@link org.lungnodule.report.LocalizationReport}: the per-site comparisons of a
 *       localization experiment in the layout of the paper's tables, written as {@code report.md},
 *       {@code report.html} and {@code report.json};
 *   <li>{@link org.lungnodule.report.RocChart}: ROC curves of several models on one PNG;
 *   <li>{@link org.lungnodule.report.LocalizationDemo}: the phantom's sites written to disk and run
 *       through {@link org.lungnodule.report.Localization} (the {@code demo} command).
 * </ul>
 *
 * <p>Charts are drawn into off-screen images; nothing here sets {@code java.awt.headless}. On a
 * machine without a display the JDK runs headless by itself; a caller may still pass {@code
 * -Djava.awt.headless=true} (as {@code bin/lungnodule} does).
 */
package org.lungnodule.report;
