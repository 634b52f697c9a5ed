package org.lungnodule.io.lidc;

/**
 * A pixel of an LIDC contour: {@code xCoord} is the column, {@code yCoord} the row, 0-based, in the
 * slice named by its ROI.
 *
 * @param x column
 * @param y row
 */
public record EdgePoint(int x, int y) {}
