/**
 * The site manifest: a CSV file, {@code manifest.csv}, that lists a local site's scans and nodules
 * (optionally with a train/test split per row, {@link org.lungnodule.io.manifest.ManifestSplit}),
 * and {@link org.lungnodule.io.manifest.Site}, which reads the scans it names one at a time. The
 * format is documented on {@link org.lungnodule.io.manifest.SiteManifest}.
 */
package org.lungnodule.io.manifest;
