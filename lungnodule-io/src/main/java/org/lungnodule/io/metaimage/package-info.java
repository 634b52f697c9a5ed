/**
 * MetaImage ({@code .mhd} + {@code .raw}/{@code .zraw}, or a single {@code .mha}), the format of
 * LUNA16, and LUNA16's annotation CSV. See {@link org.lungnodule.io.metaimage.MetaImage} for the
 * header keys understood and the {@code TransformMatrix} convention.
 */
package org.lungnodule.io.metaimage;
