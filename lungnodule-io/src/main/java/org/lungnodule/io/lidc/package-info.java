/**
 * LIDC-IDRI annotations: the secure XML parser ({@link org.lungnodule.io.lidc.LidcXml}), the
 * clustering of the up-to-four readers' marks into nodules with consensus masks ({@link
 * org.lungnodule.io.lidc.LidcClusterer}), and the paper's cohort rules with a patient-level split
 * ({@link org.lungnodule.io.lidc.LidcCohort}).
 */
package org.lungnodule.io.lidc;
