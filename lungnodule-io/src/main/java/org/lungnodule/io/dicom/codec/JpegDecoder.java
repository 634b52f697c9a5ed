package org.lungnodule.io.dicom.codec;

import java.util.Set;

/**
 * JPEG (ITU-T T.81) for DICOM: the Huffman-coded sequential DCT processes, baseline (8 bit, {@code
 * 1.2.840.10008.1.2.4.50}) and extended (8 or 12 bit, {@code .51}), and the lossless process (2–16
 * bit, any of the seven predictors and a point transform, {@code .57} and {@code .70}), for
 * one-component (grayscale) frames. The inverse DCT is the accurate integer one of the IJG library
 * ({@code jidctint.c}), so that lossy frames decode as dcmtk, GDCM and libjpeg-turbo decode them.
 * Progressive, hierarchical and arithmetic-coded streams are refused. Frames are reported lossy for
 * the DCT processes and for lossless streams with a point transform (low bits dropped).
 */
final class JpegDecoder implements FrameDecoder {

  static final Set<String> UIDS =
      Set.of(
          "1.2.840.10008.1.2.4.50",
          "1.2.840.10008.1.2.4.51",
          "1.2.840.10008.1.2.4.57",
          "1.2.840.10008.1.2.4.70");

  /** Zigzag order: ZIGZAG[k] is the natural (row-major) index of the k-th coefficient. */
  static final int[] ZIGZAG = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
  };

  @Override
  public String name() {
    return "JPEG (built-in, T.81 Huffman DCT and lossless)";
  }

  @Override
  public Set<String> transferSyntaxUids() {
    return UIDS;
  }

  @Override
  public DecodedFrame decode(byte[] data, int offset, int length, FrameSpec spec)
      throws CodecException {
    return new State(new ByteStream(data, offset, length), spec).run();
  }

  /** The tables and frame header seen so far in one stream. */
  private static final class State {
    final ByteStream in;
    final FrameSpec spec;
    final int[][] quant = new int[4][];
    final Huffman[] dc = new Huffman[4];
    final Huffman[] ac = new Huffman[4];
    int restartInterval;
    int sof = -1;
    int precision;
    int quantSel;

    /** The lossless point transform: low bits dropped by the encoder, so lossy when above 0. */
    int pointTransform;

    short[] out;

    State(ByteStream in, FrameSpec spec) {
      this.in = in;
      this.spec = spec;
    }

    DecodedFrame run() throws CodecException {
      if (in.end - in.pos < 2 || in.marker() != 0xD8) {
        throw new CodecException(
            "not a JPEG stream: it does not start with an SOI marker (0xffd8)");
      }
      boolean scanned = false;
      while (true) {
        int m = in.marker();
        switch (m) {
          case 0xD9 -> {
            if (!scanned) {
              throw new CodecException("the stream ends (EOI) before any scan");
            }
            in.checkTrailing();
            return new DecodedFrame(out, precision, sof != 0xC3 || pointTransform > 0);
          }
          case 0xC4 -> readHuffmanTables();
          case 0xDB -> readQuantTables();
          case 0xDD -> {
            int e = in.segmentEnd("DRI");
            restartInterval = in.u16();
            in.pos = e;
          }
          case 0xC0, 0xC1, 0xC3 -> readFrameHeader(m);
          case 0xDA -> {
            if (scanned) {
              throw new CodecException(
                  "a second scan: only single-scan (sequential or lossless) streams are supported");
            }
            readScan();
            scanned = true;
          }
          case 0xC2, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF ->
              throw new CodecException(
                  "unsupported JPEG process "
                      + processName(m)
                      + " (SOF marker "
                      + ByteStream.hex(m)
                      + "); only baseline, extended sequential and lossless Huffman are read");
          case 0xDC ->
              throw new CodecException(
                  "DNL markers (a height given after the scan) are not supported");
          case 0xD8 -> throw new CodecException("a second SOI marker inside the image");
          default -> {
            if ((m >= 0xE0 && m <= 0xEF) || m == 0xFE || (m >= 0xF0 && m <= 0xFD)) {
              in.pos = in.segmentEnd("APP/COM");
            } else {
              throw new CodecException(
                  "unexpected marker "
                      + ByteStream.hex(m)
                      + " at offset "
                      + (in.pos - 2 - in.start));
            }
          }
        }
      }
    }

    static String processName(int m) {
      return switch (m) {
        case 0xC2 -> "progressive DCT";
        case 0xC5, 0xC6, 0xC7 -> "hierarchical";
        default -> "arithmetic-coded";
      };
    }

    void readQuantTables() throws CodecException {
      int e = in.segmentEnd("DQT");
      while (in.pos < e) {
        int pq = in.u8();
        int t = pq & 15;
        int p = pq >> 4;
        if (t > 3 || p > 1) {
          throw new CodecException("bad quantization table header 0x" + Integer.toHexString(pq));
        }
        int[] q = new int[64];
        for (int k = 0; k < 64; k++) {
          q[ZIGZAG[k]] = p == 0 ? in.u8() : in.u16();
        }
        quant[t] = q;
      }
      if (in.pos != e) {
        throw new CodecException("the DQT segment's tables overrun its length");
      }
    }

    void readHuffmanTables() throws CodecException {
      int e = in.segmentEnd("DHT");
      while (in.pos < e) {
        int tc = in.u8();
        int cls = tc >> 4;
        int th = tc & 15;
        if (cls > 1 || th > 3) {
          throw new CodecException("bad Huffman table header 0x" + Integer.toHexString(tc));
        }
        int[] counts = new int[17];
        int total = 0;
        for (int i = 1; i <= 16; i++) {
          counts[i] = in.u8();
          total += counts[i];
        }
        if (total > 256 || total > e - in.pos) {
          throw new CodecException(
              "a Huffman table declares " + total + " symbols, more than its segment holds");
        }
        int[] values = new int[total];
        for (int i = 0; i < total; i++) {
          values[i] = in.u8();
        }
        Huffman h = new Huffman(counts, values);
        if (cls == 0) {
          dc[th] = h;
        } else {
          ac[th] = h;
        }
      }
      if (in.pos != e) {
        throw new CodecException("the DHT segment's tables overrun its length");
      }
    }

    void readFrameHeader(int m) throws CodecException {
      if (sof >= 0) {
        throw new CodecException("a second frame header (SOF)");
      }
      int e = in.segmentEnd("SOF");
      precision = in.u8();
      int y = in.u16();
      int x = in.u16();
      int nf = in.u8();
      if (m == 0xC0 && precision != 8
          || m == 0xC1 && precision != 8 && precision != 12
          || m == 0xC3 && (precision < 2 || precision > 16)) {
        throw new CodecException(
            "a "
                + (m == 0xC3 ? "lossless" : m == 0xC0 ? "baseline" : "extended")
                + " JPEG cannot have a precision of "
                + precision
                + " bits");
      }
      if (precision > spec.bitsAllocated()) {
        throw new CodecException(
            "the stream holds "
                + precision
                + "-bit samples, more than the "
                + spec.bitsAllocated()
                + " bits allocated");
      }
      if (nf != spec.samplesPerPixel() || nf != 1) {
        throw new CodecException(
            "the stream has "
                + nf
                + " component(s), the header declares "
                + spec.samplesPerPixel()
                + " sample(s) per pixel; only one-component (grayscale) JPEG is supported");
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
      in.u8(); // component id
      in.u8(); // sampling factors: irrelevant for one component
      quantSel = in.u8();
      if (quantSel > 3) {
        throw new CodecException("quantization table selector " + quantSel + " is not 0 to 3");
      }
      if (in.pos != e) {
        throw new CodecException(
            "the SOF segment length does not match its " + nf + " component(s)");
      }
      sof = m;
      out = FrameDecoders.allocate(spec);
    }

    void readScan() throws CodecException {
      if (sof < 0) {
        throw new CodecException("a scan (SOS) before the frame header (SOF)");
      }
      int e = in.segmentEnd("SOS");
      int ns = in.u8();
      if (ns != 1) {
        throw new CodecException("a scan of " + ns + " components; only one is supported");
      }
      in.u8(); // component selector
      int tables = in.u8();
      int ss = in.u8();
      int se = in.u8();
      int a = in.u8();
      if (in.pos != e) {
        throw new CodecException("the SOS segment length does not match one component");
      }
      Huffman dcTable = dc[tables >> 4 & 3];
      if (tables >> 4 > 3 || dcTable == null) {
        throw new CodecException(
            "the scan uses DC/lossless Huffman table " + (tables >> 4) + ", which is not defined");
      }
      JpegBits bits = new JpegBits(in.data, in.pos, in.end, in.start);
      if (sof == 0xC3) {
        if (ss < 1 || ss > 7) {
          throw new CodecException("lossless predictor must be 1 to 7, got " + ss);
        }
        int pt = a & 15;
        pointTransform = pt;
        if (pt >= precision) {
          throw new CodecException(
              "point transform " + pt + " is not below the precision " + precision);
        }
        try {
          decodeLossless(bits, dcTable, ss, pt);
        } catch (CodecException ex) {
          throw bits.explain(ex);
        }
      } else {
        Huffman acTable = ac[tables & 15 & 3];
        if ((tables & 15) > 3 || acTable == null) {
          throw new CodecException(
              "the scan uses AC Huffman table " + (tables & 15) + ", which is not defined");
        }
        if (ss != 0 || se != 63 || a != 0) {
          throw new CodecException(
              "a sequential scan must cover coefficients 0..63 without approximation, got "
                  + ss
                  + ".."
                  + se
                  + ", 0x"
                  + Integer.toHexString(a));
        }
        int[] q = quant[quantSel];
        if (q == null) {
          throw new CodecException("quantization table " + quantSel + " is not defined");
        }
        try {
          decodeDct(bits, dcTable, acTable, q);
        } catch (CodecException ex) {
          throw bits.explain(ex);
        }
      }
      bits.finishInterval();
      in.pos = bits.markerPosition();
    }

    void decodeLossless(JpegBits bits, Huffman table, int predictor, int pt) throws CodecException {
      int w = spec.columns();
      int h = spec.rows();
      int[] prev = new int[w];
      int[] cur = new int[w];
      int initial = 1 << (precision - pt - 1);
      int interval = restartInterval;
      int left = interval;
      int rst = 0;
      boolean firstLine = true;
      short[] o = out;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          if (interval > 0) {
            if (left == 0) {
              bits.restart(rst);
              rst = (rst + 1) & 7;
              left = interval;
              if (x == 0) {
                firstLine = true;
              }
            }
            left--;
          }
          int t = bits.decode(table);
          int diff;
          if (t == 16) {
            diff = 32768;
          } else if (t > 16) {
            throw new CodecException("corrupt lossless data: difference category " + t);
          } else {
            diff = bits.receiveExtend(t);
          }
          int pred;
          if (firstLine) {
            pred = x == 0 ? initial : cur[x - 1];
          } else if (x == 0) {
            pred = prev[0];
          } else {
            int ra = cur[x - 1];
            int rb = prev[x];
            int rc = prev[x - 1];
            pred =
                switch (predictor) {
                  case 1 -> ra;
                  case 2 -> rb;
                  case 3 -> rc;
                  case 4 -> ra + rb - rc;
                  case 5 -> ra + ((rb - rc) >> 1);
                  case 6 -> rb + ((ra - rc) >> 1);
                  default -> (ra + rb) >> 1;
                };
          }
          int v = (pred + diff) & 0xFFFF;
          cur[x] = v;
          o[y * w + x] = (short) (v << pt);
        }
        firstLine = false;
        int[] t = prev;
        prev = cur;
        cur = t;
      }
    }

    void decodeDct(JpegBits bits, Huffman dcTable, Huffman acTable, int[] q) throws CodecException {
      int w = spec.columns();
      int h = spec.rows();
      int bw = (w + 7) / 8;
      int bh = (h + 7) / 8;
      int[] coef = new int[64];
      int[] block = new int[64];
      long[] ws = new long[64];
      int interval = restartInterval;
      int left = interval;
      int rst = 0;
      int pred = 0;
      boolean twelve = precision == 12;
      int maxSize = twelve ? 15 : 11;
      short[] o = out;
      for (int by = 0; by < bh; by++) {
        for (int bx = 0; bx < bw; bx++) {
          if (interval > 0) {
            if (left == 0) {
              bits.restart(rst);
              rst = (rst + 1) & 7;
              left = interval;
              pred = 0;
            }
            left--;
          }
          java.util.Arrays.fill(coef, 0);
          int t = bits.decode(dcTable);
          if (t > maxSize) {
            throw new CodecException("corrupt DCT data: DC difference category " + t);
          }
          pred += bits.receiveExtend(t);
          coef[0] = (short) pred * q[0];
          for (int k = 1; k < 64; k++) {
            int rs = bits.decode(acTable);
            int r = rs >> 4;
            int s = rs & 15;
            if (s == 0) {
              if (r != 15) {
                break;
              }
              k += 15;
              continue;
            }
            k += r;
            if (k > 63) {
              throw new CodecException("corrupt DCT data: a run of zeros passes coefficient 63");
            }
            int z = ZIGZAG[k];
            coef[z] = (short) bits.receiveExtend(s) * q[z];
          }
          Idct.islow(coef, ws, block, twelve);
          int x0 = bx * 8;
          int y0 = by * 8;
          int nx = Math.min(8, w - x0);
          int ny = Math.min(8, h - y0);
          for (int yy = 0; yy < ny; yy++) {
            int row = (y0 + yy) * w + x0;
            for (int xx = 0; xx < nx; xx++) {
              o[row + xx] = (short) block[yy * 8 + xx];
            }
          }
        }
      }
    }
  }
}
