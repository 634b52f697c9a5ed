package org.lungnodule.io.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lungnodule.core.Dims;

class VoxelCodecTest {

  /** 300 x 301 x 2 = 180600 voxels: several chunks, the last one partial. */
  static final Dims DIMS = new Dims(300, 301, 2);

  @Test
  void writeRead_everyType_bothOrders_acrossChunks() throws IOException {
    SplittableRandom r = new SplittableRandom(3);
    float[] v = new float[DIMS.voxelCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(0, 100);
    }
    for (SampleType t : SampleType.values()) {
      for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VoxelCodec.write(out, v, DIMS, t, o);
        byte[] bytes = out.toByteArray();
        assertTrue(bytes.length == v.length * t.bytes(), t + " " + bytes.length);
        float[] back = VoxelCodec.read(new ByteArrayInputStream(bytes), DIMS, t, o, 1, 0);
        assertArrayEquals(v, back, t + " " + o);
        float[] scaled = VoxelCodec.read(new ByteArrayInputStream(bytes), DIMS, t, o, 2, -1);
        float[] want = v.clone();
        for (int i = 0; i < want.length; i++) {
          want[i] = 2 * want[i] - 1;
        }
        assertArrayEquals(want, scaled, t + " " + o + " scaled");
      }
    }
  }

  @Test
  void read_endsInSecondSlice_saysWhere() {
    byte[] bytes = new byte[300 * 301 + 10];
    EOFException e =
        assertThrows(
            EOFException.class,
            () ->
                VoxelCodec.read(
                    new ByteArrayInputStream(bytes),
                    DIMS,
                    SampleType.UINT8,
                    ByteOrder.LITTLE_ENDIAN,
                    1,
                    0));
    assertTrue(
        e.getMessage()
            .equals(
                "voxel data ends early in slice 1 of 2: 90310 of the 180600 bytes of UINT8 expected"),
        e.getMessage());
  }
}
