package org.lungnodule.io.dicom.codec;

/**
 * A JPEG Huffman table (T.81 C, F.2.2.3): a 9-bit lookup for short codes, canonical code ranges for
 * the rest.
 */
final class Huffman {
  static final int LOOKUP_BITS = 9;

  /**
   * (code length << 8) | symbol for codes of at most 9 bits, indexed by the next 9 bits; 0 if
   * longer.
   */
  final int[] lookup = new int[1 << LOOKUP_BITS];

  final int[] minCode = new int[17];
  final int[] maxCode = new int[17];
  final int[] valPtr = new int[17];
  final int[] values;

  /**
   * Builds the table from the 16 code counts and the symbols of a DHT segment.
   *
   * @throws CodecException if the counts describe more codes than fit their lengths
   */
  Huffman(int[] counts, int[] values) throws CodecException {
    this.values = values;
    int code = 0;
    int k = 0;
    for (int len = 1; len <= 16; len++) {
      valPtr[len] = k;
      minCode[len] = code;
      code += counts[len];
      k += counts[len];
      if (code > (1 << len)) {
        throw new CodecException(
            "bad Huffman table: " + counts[len] + " codes of length " + len + " do not fit");
      }
      maxCode[len] = counts[len] > 0 ? code - 1 : -1;
      if (len <= LOOKUP_BITS) {
        for (int c = minCode[len]; c <= maxCode[len]; c++) {
          int entry = (len << 8) | values[valPtr[len] + c - minCode[len]];
          int shift = LOOKUP_BITS - len;
          for (int s = 0; s < (1 << shift); s++) {
            lookup[(c << shift) | s] = entry;
          }
        }
      }
      code <<= 1;
    }
  }
}
