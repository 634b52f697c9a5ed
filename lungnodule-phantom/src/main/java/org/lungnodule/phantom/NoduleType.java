package org.lungnodule.phantom;

/** Radiological type of a synthetic nodule, by how much of it is solid. */
public enum NoduleType {
  /** Soft-tissue density throughout (about 0 to +60 HU). */
  SOLID,
  /** A ground-glass halo (about -550 HU) around an off-centre solid core. */
  PART_SOLID,
  /** Hazy density only (about -650 to -450 HU); vessels stay visible through it. */
  GROUND_GLASS
}
