package org.lungnodule.models;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.serde.FlatBuffersMapper;
import org.nd4j.graph.FlatArray;
import org.nd4j.graph.FlatGraph;
import org.nd4j.graph.FlatVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SameDiff networks as this library stores them: <em>carriers</em>, SameDiff instances that hold
 * only trainable variables with their arrays (no operations, placeholders, constants, training
 * configuration or updater state), in SameDiff's FlatBuffers format ({@link SameDiff#save}).
 *
 * <p>Reading does not hand the bytes to {@code SameDiff.load}: that would instantiate whatever
 * operations the file names, parse an embedded training configuration with Jackson, and allocate
 * arrays of whatever shape the file declares before checking that the data is there. Instead the
 * FlatBuffers tables are walked here with bounds-checked accessors, everything but variables is
 * refused, each array's shape is checked (a contiguous array whose data bytes are all in the file,
 * within the memory budget) and only then built with {@link Nd4j#createFromFlatArray}, exactly as
 * {@code SameDiff.load} builds it.
 */
final class SameDiffCarriers {

  private SameDiffCarriers() {}

  /**
   * Checks that {@code sd} is a carrier, so that what is written can be read back.
   *
   * @throws IllegalArgumentException naming the first operation or non-variable
   */
  static void checkWritable(SameDiff sd) {
    if (sd.ops().length > 0) {
      throw new IllegalArgumentException(
          "a model archive stores SameDiff networks as variables only (a weights carrier), got "
              + sd.ops().length
              + " operations, for example '"
              + sd.ops()[0].getOwnName()
              + "'");
    }
    for (SDVariable v : sd.variables()) {
      if (v.getVariableType() != VariableType.VARIABLE || v.getArr() == null) {
        throw new IllegalArgumentException(
            "a model archive stores SameDiff variables with arrays only, got '"
                + v.name()
                + "' of type "
                + v.getVariableType());
      }
    }
  }

  /**
   * Reads a carrier.
   *
   * @param file the model file, for messages
   * @param entry the entry, for messages
   * @param bytes the entry's bytes (bounded by the memory budget already)
   * @throws ModelArchiveException for anything but a carrier, naming the file and entry
   */
  static SameDiff read(Path file, String entry, byte[] bytes) throws ModelArchiveException {
    try {
      return readCarrier(file, entry, bytes);
    } catch (ModelArchiveException e) {
      throw e;
    } catch (RuntimeException e) {
      // out-of-range offsets, bad data types: the FlatBuffers accessors check every read
      throw refuse(file, entry, "is not a readable samediff file: " + e);
    }
  }

  private static SameDiff readCarrier(Path file, String entry, byte[] bytes)
      throws ModelArchiveException {
    FlatGraph g = FlatGraph.getRootAsFlatGraph(ByteBuffer.wrap(bytes));
    if (g.nodesLength() != 0) {
      throw refuse(
          file,
          entry,
          "holds "
              + g.nodesLength()
              + " operations; a lungnodule network file"
              + " holds variables only");
    }
    if (g.placeholdersLength() != 0
        || g.lossVariablesLength() != 0
        || g.outputsLength() != 0
        || g.updaterStateLength() != 0
        || g.trainingConfigAsByteBuffer() != null
        || (g.sequenceItems() != null && g.sequenceItems().sequenceItemsLength() != 0)) {
      throw refuse(
          file,
          entry,
          "holds placeholders, outputs, a training configuration, updater state"
              + " or sequences; a lungnodule network file holds variables only");
    }
    int n = g.variablesLength();
    if (n < 0 || n > bytes.length / 4) {
      throw refuse(file, entry, "declares " + n + " variables in " + bytes.length + " bytes");
    }
    SameDiff sd = SameDiff.create();
    Set<String> names = new HashSet<>();
    long total = 0;
    for (int i = 0; i < n; i++) {
      FlatVariable v = g.variables(i);
      String name = name(file, entry, v.nameAsByteBuffer(), i);
      if (!names.add(name)) {
        throw refuse(file, entry, "holds variable '" + name + "' twice");
      }
      if (FlatBuffersMapper.fromVarType(v.variabletype()) != VariableType.VARIABLE) {
        throw refuse(
            file,
            entry,
            "variable '"
                + name
                + "' is of type "
                + FlatBuffersMapper.fromVarType(v.variabletype())
                + ", expected VARIABLE");
      }
      if (v.controlDepsLength() != 0
          || v.controlDepForOpLength() != 0
          || v.controlDepsForVarLength() != 0) {
        throw refuse(file, entry, "variable '" + name + "' has control dependencies");
      }
      FlatArray a = v.ndarray();
      if (a == null) {
        throw refuse(file, entry, "variable '" + name + "' has no array");
      }
      if (a.dtype() != v.dtype()) {
        throw refuse(file, entry, "variable '" + name + "' declares two data types");
      }
      total += checkArray(file, entry, name, a, bytes.length);
      if (total > bytes.length) {
        throw refuse(
            file,
            entry,
            "its arrays declare more data ("
                + total
                + " bytes) than the file holds ("
                + bytes.length
                + " bytes)");
      }
      sd.var(name, Nd4j.createFromFlatArray(a));
    }
    return sd;
  }

  private static String name(Path file, String entry, ByteBuffer b, int index)
      throws ModelArchiveException {
    if (b == null || !b.hasRemaining()) {
      throw refuse(file, entry, "variable " + index + " has no name");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(b)
          .toString();
    } catch (CharacterCodingException e) {
      throw refuse(file, entry, "variable " + index + " has a name that is not utf-8");
    }
  }

  /** Checks one array and returns its data size in bytes. */
  private static long checkArray(Path file, String entry, String name, FlatArray a, int fileBytes)
      throws ModelArchiveException {
    DataType type = FlatBuffersMapper.getDataTypeFromByte(a.dtype());
    int size =
        switch (type) {
          case FLOAT, INT -> 4;
          case DOUBLE, LONG -> 8;
          default ->
              throw refuse(
                  file,
                  entry,
                  "variable '"
                      + name
                      + "' is of type "
                      + type
                      + ", expected FLOAT, DOUBLE, INT or LONG");
        };
    ByteBuffer shape = a.shapeAsByteBuffer();
    if (shape == null || shape.remaining() < 8 * 4 || shape.remaining() > 8 * (2 * 32 + 4)) {
      throw refuse(file, entry, "variable '" + name + "' has no valid shape information");
    }
    int infoLength = a.shapeLength();
    long rank = a.shape(0);
    if (rank < 0 || rank > 32 || infoLength != 2 * rank + 4) {
      throw refuse(
          file,
          entry,
          "variable '"
              + name
              + "' has shape information of "
              + infoLength
              + " values for rank "
              + rank);
    }
    int r = (int) rank;
    long count = 1;
    long[] dims = new long[r];
    for (int i = 0; i < r; i++) {
      dims[i] = a.shape(1 + i);
      if (dims[i] < 1 || count > Integer.MAX_VALUE / dims[i]) {
        throw refuse(
            file,
            entry,
            "variable '"
                + name
                + "' has dimension "
                + dims[i]
                + " (dimensions must be positive, the array at most 2^31 values)");
      }
      count *= dims[i];
    }
    // the strides of a contiguous c-order array (ND4J writes any stride for a dimension of size 1,
    // which is never stepped along)
    long stride = 1;
    for (int i = r - 1; i >= 0; i--) {
      if (dims[i] > 1 && a.shape(1 + r + i) != stride) {
        throw refuse(file, entry, "variable '" + name + "' is not a contiguous c-order array");
      }
      stride *= dims[i];
    }
    long extras = a.shape(1 + 2 * r);
    if (extras != ArrayOptionsHelper.setOptionBit(0L, type)
        || a.shape(2 + 2 * r) != 1
        || a.shape(3 + 2 * r) != 'c') {
      throw refuse(file, entry, "variable '" + name + "' is not a plain contiguous c-order array");
    }
    long dataBytes = count * size;
    ByteBuffer data = a.bufferAsByteBuffer();
    if (data == null || data.remaining() != dataBytes || dataBytes > fileBytes) {
      throw refuse(
          file,
          entry,
          "variable '"
              + name
              + "' declares "
              + count
              + " values of "
              + size
              + " bytes but holds "
              + (data == null ? 0 : data.remaining())
              + " bytes");
    }
    return dataBytes;
  }

  private static ModelArchiveException refuse(Path file, String entry, String problem) {
    return new ModelArchiveException(file, "entry '" + entry + "' " + problem, null);
  }
}
