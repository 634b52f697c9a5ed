/**
 * LIDC-IDRI annotations: the secure XML parser ({@link org.lungnodule.io.lidc.LidcXml}), the
 * clustering of the up-to-four readers' marks into nodules with consensus masks ({@link
 * org.lungnodule.io.lidc.LidcClusterer}), the paper's cohort rules with a patient-level split
 * ({@link org.lungnodule.io.lidc.LidcCohort}), finding the XML files and their scans in an
 * LIDC-IDRI or LUNA16 folder ({@link org.lungnodule.io.lidc.LidcLayout}), and turning such a folder
 * into a site folder with the split recorded ({@link org.lungnodule.io.lidc.LidcSiteWriter}).
 */
package org.lungnodule.io.lidc;
