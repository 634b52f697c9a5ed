/**
 * The site manifest: a CSV file, {@code manifest.csv}, that lists a local site's scans and nodules
 * (optionally with a train/test split per row, {@link org.lungnodule.io.manifest.ManifestSplit}),
 * and {@link org.lungnodule.io.manifest.Site}, which reads the scans it names one at a time. The
 * format is documented on {@link org.lungnodule.io.manifest.SiteManifest}. {@link
 * org.lungnodule.io.manifest.SiteImporter} makes a site from a hospital's export (DICOM CT series
 * with DICOM SEG, RTSTRUCT or label-map annotations and a labels file) and reports, as {@link
 * org.lungnodule.io.manifest.ImportIssue}s, everything it left out.
 */
package org.lungnodule.io.manifest;
