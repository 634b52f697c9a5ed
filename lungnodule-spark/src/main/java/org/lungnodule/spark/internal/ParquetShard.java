package org.lungnodule.spark.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Writes one scan's rows as one Parquet file, through a task-attempt file and a rename ({@link
 * Commit}). A job's table is the folder of these files: Spark ({@code spark.read().parquet(dir)}),
 * pandas and pyarrow read such a folder as one table, and hidden attempt files are skipped.
 */
public final class ParquetShard {

  private ParquetShard() {}

  /**
   * Writes {@code rows} (of {@code schema}) to {@code target}, committing by rename.
   *
   * @throws IOException if writing or the rename fails (no file is then left under the target's
   *     name)
   */
  public static void write(Path target, MessageType schema, List<Group> rows) throws IOException {
    Path attempt = Commit.attemptFile(target);
    try {
      try (ParquetWriter<Group> w =
          ExampleParquetWriter.builder(new LocalFile(attempt))
              .withConf(new Configuration(false))
              .withType(schema)
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .build()) {
        for (Group g : rows) {
          w.write(g);
        }
      }
      Commit.commitFile(attempt, target);
    } finally {
      Files.deleteIfExists(attempt);
    }
  }

  /** A Parquet output file on a local (or mounted) file system. */
  private record LocalFile(Path path) implements OutputFile {
    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      return new Stream(Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      return new Stream(Files.newOutputStream(path));
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return path.toString();
    }
  }

  private static final class Stream extends PositionOutputStream {
    private final OutputStream out;
    private long pos;

    Stream(OutputStream out) {
      this.out = new java.io.BufferedOutputStream(out, 1 << 16);
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      pos += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
