/**
 * The pretrained segmenter of the synthetic {@code PUBLIC} phantom site, shipped as bytes in its
 * own small artifact so that the command line and the examples can start from it without training:
 * {@link org.lungnodule.phantom.segmenter.PhantomSegmenter}.
 */
package org.lungnodule.phantom.segmenter;
