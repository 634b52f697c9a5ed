package org.lungnodule.io.jpeg2000;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.lungnodule.io.dicom.codec.CodecException;
import org.lungnodule.io.dicom.codec.DecodedFrame;
import org.lungnodule.io.dicom.codec.FrameSpec;

/**
 * Coverage-guided fuzzing of the JPEG 2000 decoder (our header checks, then JJ2000). The default
 * suite replays {@code Jpeg2000FuzzTestInputs/decode/} (16×16 seeds made by GDCM, see
 * lungnodule-io's {@code dicom/compressed/make-fuzz-seeds.sh}); {@code JAZZER_FUZZ=1} fuzzes. The
 * declared frame is 16×16, 16 bits; the only accepted failure is a {@link CodecException}.
 */
class Jpeg2000FuzzTest {

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] data) throws CodecException {
    try {
      DecodedFrame f =
          new Jpeg2000Decoder().decode(data, 0, data.length, new FrameSpec(16, 16, 1, 16, 16));
      assertEquals(256, f.size(), "samples of a 16x16 frame");
    } catch (CodecException expected) {
      // the documented failure
    }
  }
}
