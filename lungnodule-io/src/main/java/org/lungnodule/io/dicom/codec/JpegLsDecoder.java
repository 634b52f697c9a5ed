package org.lungnodule.io.dicom.codec;

import java.util.Arrays;
import java.util.Set;

/**
 * JPEG-LS (ITU-T T.87, LOCO-I) for DICOM: lossless ({@code 1.2.840.10008.1.2.4.80}) and
 * near-lossless ({@code .81}) one-component frames of 2 to 16 bits, with default or preset (LSE)
 * coding parameters and restart intervals. Context modelling, the regular and run modes and the
 * run-interruption coding follow T.87 Annex A; mapping tables (palettes) and point transforms are
 * refused.
 */
final class JpegLsDecoder implements FrameDecoder {

  static final Set<String> UIDS = Set.of("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81");

  /** J[RUNindex]: the order of the run-length codes (T.87 A.7.1.1). */
  private static final int[] J = {
    0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13,
    14, 15
  };

  @Override
  public String name() {
    return "JPEG-LS (built-in, T.87)";
  }

  @Override
  public Set<String> transferSyntaxUids() {
    return UIDS;
  }

  @Override
  public DecodedFrame decode(byte[] data, int offset, int length, FrameSpec spec)
      throws CodecException {
    ByteStream in = new ByteStream(data, offset, length);
    if (length < 2 || in.marker() != 0xD8) {
      throw new CodecException(
          "not a JPEG-LS stream: it does not start with an SOI marker (0xffd8)");
    }
    int precision = -1;
    int maxVal = 0;
    int t1 = 0;
    int t2 = 0;
    int t3 = 0;
    int reset = 0;
    int restartInterval = 0;
    short[] out = null;
    boolean lossy = false;
    boolean scanned = false;
    while (true) {
      int m = in.marker();
      switch (m) {
        case 0xF7 -> {
          if (precision >= 0) {
            throw new CodecException("a second frame header (SOF55)");
          }
          int e = in.segmentEnd("SOF55");
          precision = in.u8();
          int y = in.u16();
          int x = in.u16();
          int nf = in.u8();
          if (precision < 2 || precision > 16) {
            throw new CodecException("JPEG-LS precision must be 2 to 16 bits, got " + precision);
          }
          if (precision > spec.bitsAllocated()) {
            throw new CodecException(
                "the stream holds "
                    + precision
                    + "-bit samples, more than the "
                    + spec.bitsAllocated()
                    + " bits allocated");
          }
          if (nf != 1 || spec.samplesPerPixel() != 1) {
            throw new CodecException(
                "the stream has "
                    + nf
                    + " component(s), the header declares "
                    + spec.samplesPerPixel()
                    + " sample(s) per pixel; only one-component (grayscale) JPEG-LS is supported");
          }
          if (y != spec.rows() || x != spec.columns()) {
            throw new CodecException(
                "the stream is "
                    + x
                    + "x"
                    + y
                    + ", the header declares "
                    + spec.columns()
                    + "x"
                    + spec.rows());
          }
          in.pos = e;
          out = FrameDecoders.allocate(spec);
        }
        case 0xF8 -> {
          int e = in.segmentEnd("LSE");
          int id = in.u8();
          if (id != 1) {
            throw new CodecException(
                "JPEG-LS preset segment of type "
                    + id
                    + " (mapping tables or oversize dimensions) is not supported");
          }
          maxVal = in.u16();
          t1 = in.u16();
          t2 = in.u16();
          t3 = in.u16();
          reset = in.u16();
          in.pos = e;
        }
        case 0xDD -> {
          int e = in.segmentEnd("DRI");
          restartInterval = in.u16();
          in.pos = e;
        }
        case 0xDA -> {
          if (out == null) {
            throw new CodecException("a scan (SOS) before the frame header (SOF55)");
          }
          if (scanned) {
            throw new CodecException("a second scan in a one-component JPEG-LS image");
          }
          int e = in.segmentEnd("SOS");
          int ns = in.u8();
          if (ns != 1) {
            throw new CodecException("a scan of " + ns + " components; only one is supported");
          }
          in.u8(); // component selector
          int tm = in.u8();
          int near = in.u8();
          in.u8(); // interleave mode: meaningless with one component
          int al = in.u8() & 15;
          if (in.pos != e) {
            throw new CodecException("the SOS segment length does not match one component");
          }
          if (tm != 0) {
            throw new CodecException("JPEG-LS mapping tables are not supported (table " + tm + ")");
          }
          if (al != 0) {
            throw new CodecException("JPEG-LS point transform " + al + " is not supported");
          }
          Params p = new Params(precision, maxVal, near, t1, t2, t3, reset);
          lossy = near > 0;
          JpegLsBits bits = new JpegLsBits(in.data, in.pos, in.end, in.start);
          try {
            new Scan(p, spec.columns(), spec.rows(), out, bits, restartInterval).run();
          } catch (CodecException ex) {
            throw bits.explain(ex);
          }
          bits.finish();
          in.pos = bits.pos;
          scanned = true;
        }
        case 0xD9 -> {
          if (!scanned) {
            throw new CodecException("the stream ends (EOI) before any scan");
          }
          in.checkTrailing();
          return new DecodedFrame(out, precision, lossy);
        }
        default -> {
          if ((m >= 0xE0 && m <= 0xEF) || m == 0xFE) {
            in.pos = in.segmentEnd("APP/COM");
          } else {
            throw new CodecException(
                "unexpected marker "
                    + ByteStream.hex(m)
                    + " in a JPEG-LS stream at offset "
                    + (in.pos - 2 - in.start));
          }
        }
      }
    }
  }

  /** The coding parameters of a scan (T.87 C.2.4.1.1 for the defaults). */
  static final class Params {
    final int maxVal;
    final int near;
    final int range;
    final int qbpp;
    final int limit;
    final int t1;
    final int t2;
    final int t3;
    final int reset;

    Params(int precision, int maxVal, int near, int t1, int t2, int t3, int reset)
        throws CodecException {
      int mv = maxVal == 0 ? (1 << precision) - 1 : maxVal;
      if (mv >= (1 << precision) || mv < 1) {
        throw new CodecException(
            "JPEG-LS MAXVAL " + mv + " does not fit a precision of " + precision + " bits");
      }
      if (near > Math.min(255, mv / 2)) {
        throw new CodecException("JPEG-LS NEAR " + near + " is too large for MAXVAL " + mv);
      }
      this.maxVal = mv;
      this.near = near;
      this.range = (mv + 2 * near) / (2 * near + 1) + 1;
      this.qbpp = ceilLog2(range);
      int bpp = Math.max(2, ceilLog2(mv + 1));
      this.limit = 2 * (bpp + Math.max(8, bpp));
      int d1;
      int d2;
      int d3;
      if (mv >= 128) {
        int factor = (Math.min(mv, 4095) + 128) / 256;
        d1 = clamp(factor * (3 - 2) + 2 + 3 * near, near + 1, mv);
        d2 = clamp(factor * (7 - 3) + 3 + 5 * near, d1, mv);
        d3 = clamp(factor * (21 - 4) + 4 + 7 * near, d2, mv);
      } else {
        int factor = 256 / (mv + 1);
        d1 = clamp(Math.max(2, 3 / factor + 3 * near), near + 1, mv);
        d2 = clamp(Math.max(3, 7 / factor + 5 * near), d1, mv);
        d3 = clamp(Math.max(4, 21 / factor + 7 * near), d2, mv);
      }
      this.t1 = t1 == 0 ? d1 : t1;
      this.t2 = t2 == 0 ? d2 : t2;
      this.t3 = t3 == 0 ? d3 : t3;
      if (!(this.t1 >= near + 1 && this.t1 <= this.t2 && this.t2 <= this.t3 && this.t3 <= mv)) {
        throw new CodecException(
            "JPEG-LS thresholds "
                + this.t1
                + ", "
                + this.t2
                + ", "
                + this.t3
                + " are not ordered within "
                + (near + 1)
                + ".."
                + mv);
      }
      this.reset = reset == 0 ? 64 : reset;
      if (this.reset < 3 || this.reset > Math.max(255, mv)) {
        throw new CodecException(
            "JPEG-LS RESET " + this.reset + " is outside 3.." + Math.max(255, mv));
      }
    }

    private static int clamp(int i, int j, int maxVal) {
      return i > maxVal || i < j ? j : i;
    }

    private static int ceilLog2(int v) {
      return 32 - Integer.numberOfLeadingZeros(v - 1);
    }
  }

  /** What a gradient quantisation table depends on. */
  private record QuantizerKey(int maxVal, int near, int t1, int t2, int t3) {}

  /** Quantisation tables by parameters (read-only once built; at most 64 kept). */
  private static final java.util.concurrent.ConcurrentHashMap<QuantizerKey, byte[]> QUANTIZERS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Decoding state of one scan. */
  private static final class Scan {
    final Params p;
    final int w;
    final int h;
    final short[] out;
    final JpegLsBits in;
    final int restartInterval;
    final int[] a = new int[367];
    final int[] b = new int[367];
    final int[] c = new int[367];
    final int[] n = new int[367];
    final int[] nn = new int[2];
    final int step;

    /** Quantized gradient of every difference d, at d + maxVal (T.87 A.3.3). */
    final byte[] qt;

    final int qoff;
    int runIndex;

    Scan(Params p, int w, int h, short[] out, JpegLsBits in, int restartInterval) {
      this.p = p;
      this.w = w;
      this.h = h;
      this.out = out;
      this.in = in;
      this.restartInterval = restartInterval;
      this.step = 2 * p.near + 1;
      this.qoff = p.maxVal;
      this.qt =
          QUANTIZERS.computeIfAbsent(
              new QuantizerKey(p.maxVal, p.near, p.t1, p.t2, p.t3), k -> quantizer());
      if (QUANTIZERS.size() > 64) {
        QUANTIZERS.clear();
      }
      resetContexts();
    }

    void resetContexts() {
      int a0 = Math.max(2, (p.range + 32) / 64);
      Arrays.fill(a, a0);
      Arrays.fill(b, 0);
      Arrays.fill(c, 0);
      Arrays.fill(n, 1);
      nn[0] = 0;
      nn[1] = 0;
      runIndex = 0;
    }

    void run() throws CodecException {
      int[] prev = new int[w + 2];
      int[] cur = new int[w + 2];
      int rst = 0;
      for (int y = 0; y < h; y++) {
        if (restartInterval > 0 && y > 0 && y % restartInterval == 0) {
          in.restart(rst);
          rst = (rst + 1) & 7;
          resetContexts();
          Arrays.fill(prev, 0);
          Arrays.fill(cur, 0);
        }
        prev[w + 1] = prev[w];
        cur[0] = prev[1];
        line(prev, cur);
        for (int x = 0; x < w; x++) {
          out[y * w + x] = (short) cur[x + 1];
        }
        int[] t = prev;
        prev = cur;
        cur = t;
      }
    }

    /** Decodes one line into cur[1..w]; index i of the arrays is column i - 1. */
    void line(int[] prev, int[] cur) throws CodecException {
      int x = 1;
      int rb = prev[0];
      int rd = prev[1];
      while (x <= w) {
        int ra = cur[x - 1];
        int rc = rb;
        rb = rd;
        rd = prev[x + 1];
        int q = (qt[rd - rb + qoff] * 9 + qt[rb - rc + qoff]) * 9 + qt[rc - ra + qoff];
        if (q != 0) {
          cur[x] = regular(q, ra, rb, rc);
          x++;
        } else {
          x += runMode(x, prev, cur);
          rb = prev[x - 1];
          rd = prev[x];
        }
      }
    }

    private byte[] quantizer() {
      byte[] t = new byte[2 * p.maxVal + 1];
      for (int d = -p.maxVal; d <= p.maxVal; d++) {
        t[d + qoff] = (byte) quantize(d);
      }
      return t;
    }

    int quantize(int d) {
      if (d <= -p.t3) {
        return -4;
      }
      if (d <= -p.t2) {
        return -3;
      }
      if (d <= -p.t1) {
        return -2;
      }
      if (d < -p.near) {
        return -1;
      }
      if (d <= p.near) {
        return 0;
      }
      if (d < p.t1) {
        return 1;
      }
      if (d < p.t2) {
        return 2;
      }
      if (d < p.t3) {
        return 3;
      }
      return 4;
    }

    int regular(int qs, int ra, int rb, int rc) throws CodecException {
      int sign = qs >> 31;
      int q = (qs ^ sign) - sign;
      int px;
      if (rc >= Math.max(ra, rb)) {
        px = Math.min(ra, rb);
      } else if (rc <= Math.min(ra, rb)) {
        px = Math.max(ra, rb);
      } else {
        px = ra + rb - rc;
      }
      px += (c[q] ^ sign) - sign;
      if (px < 0) {
        px = 0;
      } else if (px > p.maxVal) {
        px = p.maxVal;
      }
      int k = 0;
      while ((n[q] << k) < a[q]) {
        k++;
        if (k > 24) {
          throw new CodecException("corrupt JPEG-LS data: context statistics out of range");
        }
      }
      int m = golomb(k, p.limit);
      int err = (m & 1) == 0 ? m >> 1 : -((m + 1) >> 1);
      if (k == 0 && p.near == 0 && 2 * b[q] + n[q] - 1 < 0) {
        err = ~err;
      }
      update(q, err);
      err = (err ^ sign) - sign;
      return reconstruct(px, err);
    }

    int reconstruct(int px, int err) {
      int rx = px + err * step;
      if (rx < -p.near) {
        rx += p.range * step;
      } else if (rx > p.maxVal + p.near) {
        rx -= p.range * step;
      }
      return rx < 0 ? 0 : rx > p.maxVal ? p.maxVal : rx;
    }

    void update(int q, int err) {
      int aq = a[q] + Math.abs(err);
      int bq = b[q] + err * step;
      int nq = n[q];
      if (nq == p.reset) {
        aq >>= 1;
        bq >>= 1;
        nq >>= 1;
      }
      nq++;
      a[q] = aq;
      n[q] = nq;
      if (bq + nq <= 0) {
        bq += nq;
        if (bq <= -nq) {
          bq = -nq + 1;
        }
        if (c[q] > -128) {
          c[q]--;
        }
      } else if (bq > 0) {
        bq -= nq;
        if (bq > 0) {
          bq = 0;
        }
        if (c[q] < 127) {
          c[q]++;
        }
      }
      b[q] = bq;
    }

    /** Decodes a length-limited Golomb code (T.87 A.5.3). */
    int golomb(int k, int limit) throws CodecException {
      int high = in.zeros(limit);
      if (high >= limit - (p.qbpp + 1)) {
        return in.read(p.qbpp) + 1;
      }
      if (k == 0) {
        return high;
      }
      if (k > 24) {
        throw new CodecException("corrupt JPEG-LS data: Golomb parameter " + k);
      }
      return (high << k) + in.read(k);
    }

    /** Run mode from column x (array index); returns the number of samples decoded. */
    int runMode(int x, int[] prev, int[] cur) throws CodecException {
      int ra = cur[x - 1];
      int count = w - x + 1;
      int i = 0;
      while (in.bit() == 1) {
        int len = Math.min(1 << J[runIndex], count - i);
        i += len;
        if (len == (1 << J[runIndex]) && runIndex < 31) {
          runIndex++;
        }
        if (i == count) {
          break;
        }
      }
      if (i != count) {
        i += J[runIndex] > 0 ? in.read(J[runIndex]) : 0;
      }
      if (i > count) {
        throw new CodecException(
            "corrupt JPEG-LS data: a run of " + i + " samples passes the end of the line");
      }
      for (int k = 0; k < i; k++) {
        cur[x + k] = ra;
      }
      int end = x + i;
      if (end == w + 1) {
        return i;
      }
      int rb = prev[end];
      int rx;
      if (Math.abs(ra - rb) <= p.near) {
        rx = reconstruct(ra, interruption(1));
      } else {
        int e = interruption(0);
        rx = reconstruct(rb, rb > ra ? e : -e);
      }
      cur[end] = rx;
      if (runIndex > 0) {
        runIndex--;
      }
      return i + 1;
    }

    /** Decodes the error of a run-interruption sample (T.87 A.7.2); ri is RItype. */
    int interruption(int ri) throws CodecException {
      int q = 365 + ri;
      int temp = a[q] + (n[q] >> 1) * ri;
      int k = 0;
      while ((n[q] << k) < temp) {
        k++;
        if (k > 24) {
          throw new CodecException("corrupt JPEG-LS data: run context statistics out of range");
        }
      }
      int em = golomb(k, p.limit - J[runIndex] - 1);
      int t = em + ri;
      boolean map = (t & 1) == 1;
      int abs = (t + (map ? 1 : 0)) / 2;
      int err = ((k != 0 || 2 * nn[ri] >= n[q]) == map) ? -abs : abs;
      if (err < 0) {
        nn[ri]++;
      }
      a[q] += (em + 1 - ri) >> 1;
      if (n[q] == p.reset) {
        a[q] >>= 1;
        n[q] >>= 1;
        nn[ri] >>= 1;
      }
      n[q]++;
      return err;
    }
  }
}
