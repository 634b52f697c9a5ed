package org.lungnodule.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.lungnodule.io.dicom.codec.CodecException;
import org.lungnodule.io.dicom.codec.DecodedFrame;
import org.lungnodule.io.dicom.codec.FrameDecoder;
import org.lungnodule.io.dicom.codec.FrameDecoders;
import org.lungnodule.io.dicom.codec.FrameSpec;

/**
 * Coverage-guided fuzzing of the compressed-pixel decoders (JPEG: DCT and lossless; JPEG-LS). In
 * the default suite this replays the committed inputs under {@code CodecFuzzTestInputs/<method>/}
 * (seeds made by {@code dicom/compressed/make-fuzz-seeds.sh}, and regressions); {@code
 * JAZZER_FUZZ=1} fuzzes one method at a time. The frame the decoder is told to expect is taken from
 * the stream's own frame header, capped at 64×64 so that memory stays small (a larger or absent
 * header gives 16×16); each is tried as 16 and as 8 bits allocated. The only accepted failure is a
 * {@link CodecException}.
 */
class CodecFuzzTest {

  private static final int MAX_SIDE = 64;

  @FuzzTest(maxDuration = "60s")
  void jpeg(byte[] data) throws IOException {
    decode("1.2.840.10008.1.2.4.70", data, 0xC0, 0xC1, 0xC3);
  }

  @FuzzTest(maxDuration = "60s")
  void jpegLs(byte[] data) throws IOException {
    decode("1.2.840.10008.1.2.4.80", data, 0xF7, -1, -1);
  }

  private static void decode(String uid, byte[] data, int sof1, int sof2, int sof3)
      throws IOException {
    FrameDecoder d = FrameDecoders.forTransferSyntax(uid).orElseThrow();
    int rows = 16;
    int cols = 16;
    for (int i = 0; i + 8 < data.length; i++) {
      int m = data[i + 1] & 0xFF;
      if ((data[i] & 0xFF) == 0xFF && (m == sof1 || m == sof2 || m == sof3)) {
        int y = ((data[i + 5] & 0xFF) << 8) | (data[i + 6] & 0xFF);
        int x = ((data[i + 7] & 0xFF) << 8) | (data[i + 8] & 0xFF);
        if (y >= 1 && y <= MAX_SIDE && x >= 1 && x <= MAX_SIDE) {
          rows = y;
          cols = x;
        }
        break;
      }
    }
    for (int bits : new int[] {16, 8}) {
      try {
        DecodedFrame f = d.decode(data, 0, data.length, new FrameSpec(rows, cols, 1, bits, bits));
        assertEquals(rows * cols, f.size(), "samples of a " + cols + "x" + rows + " frame");
      } catch (CodecException expected) {
        // the documented failure
      }
    }
  }
}
