package org.lungnodule.io.dicom.codec;

/**
 * The accurate integer inverse DCT of the Independent JPEG Group's library ({@code jidctint.c},
 * "ISLOW", Loeffler–Ligtenberg–Moschytz with 13-bit constants), reproduced so that lossy frames
 * decode to the same samples as dcmtk, GDCM and libjpeg-turbo. Products are taken in 64 bits, as
 * IJG's {@code INT32} is {@code long} on 64-bit Linux.
 */
final class Idct {
  private static final int CONST_BITS = 13;
  private static final long F_0_298 = 2446;
  private static final long F_0_390 = 3196;
  private static final long F_0_541 = 4433;
  private static final long F_0_765 = 6270;
  private static final long F_0_899 = 7373;
  private static final long F_1_175 = 9633;
  private static final long F_1_501 = 12299;
  private static final long F_1_847 = 15137;
  private static final long F_1_961 = 16069;
  private static final long F_2_053 = 16819;
  private static final long F_2_562 = 20995;
  private static final long F_3_072 = 25172;

  private Idct() {}

  /**
   * Transforms dequantized coefficients (natural order) into level-shifted, clamped samples.
   *
   * @param in 64 dequantized coefficients
   * @param ws 64 longs of work space
   * @param out 64 samples, row-major
   * @param twelve 12-bit samples (else 8-bit)
   */
  static void islow(int[] in, long[] ws, int[] out, boolean twelve) {
    int pass1 = twelve ? 1 : 2;
    int max = twelve ? 4095 : 255;
    int center = twelve ? 2048 : 128;
    int d1 = CONST_BITS - pass1;
    long r1 = 1L << (d1 - 1);
    for (int c = 0; c < 8; c++) {
      if (in[8 + c] == 0
          && in[16 + c] == 0
          && in[24 + c] == 0
          && in[32 + c] == 0
          && in[40 + c] == 0
          && in[48 + c] == 0
          && in[56 + c] == 0) {
        long dc = (long) in[c] << pass1;
        for (int r = 0; r < 8; r++) {
          ws[r * 8 + c] = dc;
        }
        continue;
      }
      long z2 = in[16 + c];
      long z3 = in[48 + c];
      long z1 = (z2 + z3) * F_0_541;
      long tmp2 = z1 + z3 * -F_1_847;
      long tmp3 = z1 + z2 * F_0_765;
      z2 = in[c];
      z3 = in[32 + c];
      long tmp0 = (z2 + z3) << CONST_BITS;
      long tmp1 = (z2 - z3) << CONST_BITS;
      long tmp10 = tmp0 + tmp3;
      long tmp13 = tmp0 - tmp3;
      long tmp11 = tmp1 + tmp2;
      long tmp12 = tmp1 - tmp2;
      tmp0 = in[56 + c];
      tmp1 = in[40 + c];
      tmp2 = in[24 + c];
      tmp3 = in[8 + c];
      z1 = tmp0 + tmp3;
      z2 = tmp1 + tmp2;
      z3 = tmp0 + tmp2;
      long z4 = tmp1 + tmp3;
      long z5 = (z3 + z4) * F_1_175;
      tmp0 *= F_0_298;
      tmp1 *= F_2_053;
      tmp2 *= F_3_072;
      tmp3 *= F_1_501;
      z1 *= -F_0_899;
      z2 *= -F_2_562;
      z3 *= -F_1_961;
      z4 *= -F_0_390;
      z3 += z5;
      z4 += z5;
      tmp0 += z1 + z3;
      tmp1 += z2 + z4;
      tmp2 += z2 + z3;
      tmp3 += z1 + z4;
      ws[c] = (tmp10 + tmp3 + r1) >> d1;
      ws[56 + c] = (tmp10 - tmp3 + r1) >> d1;
      ws[8 + c] = (tmp11 + tmp2 + r1) >> d1;
      ws[48 + c] = (tmp11 - tmp2 + r1) >> d1;
      ws[16 + c] = (tmp12 + tmp1 + r1) >> d1;
      ws[40 + c] = (tmp12 - tmp1 + r1) >> d1;
      ws[24 + c] = (tmp13 + tmp0 + r1) >> d1;
      ws[32 + c] = (tmp13 - tmp0 + r1) >> d1;
    }
    int d2 = CONST_BITS + pass1 + 3;
    long r2 = 1L << (d2 - 1);
    for (int r = 0; r < 8; r++) {
      int o = r * 8;
      long z2 = ws[o + 2];
      long z3 = ws[o + 6];
      long z1 = (z2 + z3) * F_0_541;
      long tmp2 = z1 + z3 * -F_1_847;
      long tmp3 = z1 + z2 * F_0_765;
      long tmp0 = (ws[o] + ws[o + 4]) << CONST_BITS;
      long tmp1 = (ws[o] - ws[o + 4]) << CONST_BITS;
      long tmp10 = tmp0 + tmp3;
      long tmp13 = tmp0 - tmp3;
      long tmp11 = tmp1 + tmp2;
      long tmp12 = tmp1 - tmp2;
      tmp0 = ws[o + 7];
      tmp1 = ws[o + 5];
      tmp2 = ws[o + 3];
      tmp3 = ws[o + 1];
      z1 = tmp0 + tmp3;
      z2 = tmp1 + tmp2;
      z3 = tmp0 + tmp2;
      long z4 = tmp1 + tmp3;
      long z5 = (z3 + z4) * F_1_175;
      tmp0 *= F_0_298;
      tmp1 *= F_2_053;
      tmp2 *= F_3_072;
      tmp3 *= F_1_501;
      z1 *= -F_0_899;
      z2 *= -F_2_562;
      z3 *= -F_1_961;
      z4 *= -F_0_390;
      z3 += z5;
      z4 += z5;
      tmp0 += z1 + z3;
      tmp1 += z2 + z4;
      tmp2 += z2 + z3;
      tmp3 += z1 + z4;
      out[o] = clamp(((tmp10 + tmp3 + r2) >> d2) + center, max);
      out[o + 7] = clamp(((tmp10 - tmp3 + r2) >> d2) + center, max);
      out[o + 1] = clamp(((tmp11 + tmp2 + r2) >> d2) + center, max);
      out[o + 6] = clamp(((tmp11 - tmp2 + r2) >> d2) + center, max);
      out[o + 2] = clamp(((tmp12 + tmp1 + r2) >> d2) + center, max);
      out[o + 5] = clamp(((tmp12 - tmp1 + r2) >> d2) + center, max);
      out[o + 3] = clamp(((tmp13 + tmp0 + r2) >> d2) + center, max);
      out[o + 4] = clamp(((tmp13 - tmp0 + r2) >> d2) + center, max);
    }
  }

  private static int clamp(long v, int max) {
    return v < 0 ? 0 : v > max ? max : (int) v;
  }
}
