/**
 * The synthetic multi-site chest-CT phantom: seeded scans with ground truth that let every test,
 * example and benchmark run the paper's workflow offline (train on a public site, lose accuracy on
 * two local sites, win some back by fine-tuning).
 *
 * <p>Entry point: {@link org.lungnodule.phantom.Phantom}, configured by a {@link
 * org.lungnodule.phantom.SiteProfile} (presets PUBLIC, HB, XZ), a {@link
 * org.lungnodule.phantom.PhantomSize} and a seed. {@link org.lungnodule.phantom.PhantomPreview}
 * draws one slice per site as a PNG.
 *
 * <h2>Generative model</h2>
 *
 * <p><b>Anatomy</b> (world millimetres, LPS, identity direction, body axis at x = y = 0). The body
 * is an elliptic cylinder (semi-axes 145–157 × 102–114 mm) of soft tissue (+38 HU) under a
 * subcutaneous fat layer of 8–20 mm (−95 HU); outside is air (−1000 HU). Two lungs are elliptic
 * cylinders about 90 × 140 mm across, 215–245 mm high, whose cross-section narrows to the apex,
 * with the diaphragm dome cutting into their bases and the heart (an ellipsoid left of the midline)
 * indenting the left one; parenchyma is −855 HU plus two octaves of smooth value-noise texture (±28
 * and ±14 HU) and a gravity gradient (+40 HU posteriorly). The spine (a cortical ring of +720 HU
 * around +230 HU cancellous bone, spinal canal behind), ribs (elliptic bars inside the chest wall,
 * descending anteriorly, 24–29 mm apart) and the sternum are rough bone (value noise ±90–150 HU).
 * Airways are a branching tree of tubes with an air lumen and a wall (trachea 8.5–9.5 mm radius,
 * carina, main bronchi, four lobar roots per lung, five generations); vessels (+42 HU) are two
 * branching trees per lung from the hilum, eight generations, radius 5 mm shrinking by 0.68–0.82
 * per generation down to 0.7 mm, branches rejected where they would leave the lung. Vessels are the
 * detector's main false positives.
 *
 * <p><b>Nodules</b> (1–4 per scan; 2 in TEST scans; exactly 1 per patch). Label: malignant with the
 * profile's prevalence. Diameter (volume-equivalent sphere): log-normal around a class median
 * (benign 6 mm, malignant 12 mm; σ_log 0.45), clipped to 3–30 mm. Type: benign 80% solid, 6%
 * part-solid, 14% ground-glass; malignant 60/25/15%. Shape: the star-shaped surface of {@code
 * NoduleShape} — a mildly eccentric ellipsoid (benign ±12%, malignant ±22% per axis), lobulation
 * bumps (benign amplitude 0–6%, malignant 4–22%) and, for 65% of malignant and 8% of benign
 * nodules, spicules (malignant 4–14 spikes 0.3–1 R long, benign 1–3 short ones). Density: solid
 * 0–50 HU, ground-glass −680 to −450 HU, part-solid = ground glass around an off-centre solid core
 * of 0.3–0.6 R; 20% of solid benign nodules have a calcified core (+350 to +900 HU). Placement: 20%
 * touch the pleura, 20% touch a vessel of radius ≥ 1 mm, the rest lie free in the lung; nodules do
 * not overlap. So malignant nodules are larger, more irregular and more often part-solid, benign
 * ones smoother, rounder, sometimes calcified, with overlap: the mask's sphericity alone separates
 * them with an AUC of about 0.88 on PUBLIC.
 *
 * <p><b>Scanner</b> (per slice, so slices are rendered in parallel): the analytic scene is
 * point-sampled in-plane at ceil(thickness / 1 mm) planes across the slice thickness and averaged;
 * object edges have a one-pixel linear ramp (partial volume); white noise is added and the in-plane
 * Gaussian point-spread function applied to both, scaled so that the final noise has the profile's
 * σ (sharp kernels give fine-grained, smooth kernels blotchy noise); then {@code hu' = scale · hu +
 * offset}, rounded to integers and clamped to [−1024, 3071] as DICOM stores them.
 *
 * <p><b>Sites.</b> The domain shift between sites is the scanner (spacing, blur, noise, HU
 * calibration), the population (prevalence) and a site-specific {@link
 * org.lungnodule.phantom.AppearanceShift}: at HB malignant nodules are smaller (×0.8), denser (+150
 * HU) and smoother-edged (×0.75 lobulation and spiculation); at XZ benign nodules are larger
 * (×1.4), more often part-solid or ground-glass (+40 percentage points) and more irregular (×3). A
 * classifier trained on PUBLIC therefore misreads local nodules, and the local cues can be learnt
 * by fine-tuning. {@link org.lungnodule.phantom.SiteProfile#withShiftStrength(double)} scales the
 * whole shift.
 *
 * <p><b>Determinism.</b> All random choices come from {@link java.util.SplittableRandom} streams
 * derived from (seed, profile name, index) by SplitMix64 mixing; noise from a per-slice stream. The
 * same inputs give the same voxels on every JVM and with any number of threads.
 */
package org.lungnodule.phantom;
