package org.lungnodule.spark.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
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

  /**
   * Reads one scan's rows back (on the driver: a few rows per scan, no Spark job needed).
   *
   * @throws IOException if the file cannot be read or is not Parquet
   */
  public static List<Group> read(Path file) throws IOException {
    List<Group> out = new ArrayList<>();
    try (ParquetReader<Group> r =
        ParquetReader.builder(new GroupReadSupport(), hadoopPath(file))
            .withConf(new Configuration(false))
            .build()) {
      for (Group g; (g = r.read()) != null; ) {
        out.add(g);
      }
    }
    return out;
  }

  /**
   * Reads every scan's rows of a table folder (its {@code scan-*.parquet} files; hidden attempt
   * files are skipped), in no particular order.
   *
   * @throws java.nio.file.NoSuchFileException if the folder does not exist
   * @throws IOException if a file cannot be read or is not Parquet
   */
  public static List<Group> readTable(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new java.nio.file.NoSuchFileException(
          folder.toString(), null, "no table folder " + folder);
    }
    List<Group> out = new ArrayList<>();
    try (java.nio.file.DirectoryStream<Path> files =
        Files.newDirectoryStream(folder, "scan-*.parquet")) {
      for (Path f : files) {
        out.addAll(read(f));
      }
    }
    return out;
  }

  /**
   * Returns the number of rows in a file, from its footer.
   *
   * @throws IOException if the file cannot be read or is not Parquet
   */
  public static long rowCount(Path file) throws IOException {
    try (ParquetFileReader r =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(hadoopPath(file), new Configuration(false)))) {
      return r.getRecordCount();
    }
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path file) {
    return new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri());
  }

  /** A Parquet output file on a local (or mounted) file system. */
  private record LocalFile(Path path) implements OutputFile {
    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      return new Stream(
          Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
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
