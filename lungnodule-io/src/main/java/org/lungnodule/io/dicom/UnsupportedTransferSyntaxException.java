package org.lungnodule.io.dicom;

import java.nio.file.Path;

/**
 * A file whose transfer syntax the reader does not decode (JPEG 2000 without {@code
 * lungnodule-io-jpeg2000}, JPEG 2000 Part 2, HTJ2K, MPEG and other video, or a syntax it does not
 * know). The message names the transfer syntax UID and the file.
 */
public class UnsupportedTransferSyntaxException extends DicomException {

  private static final long serialVersionUID = 1L;

  private final String transferSyntaxUid;

  /**
   * Creates the exception.
   *
   * @param path the file
   * @param transferSyntaxUid the transfer syntax UID found in the file
   */
  public UnsupportedTransferSyntaxException(Path path, String transferSyntaxUid) {
    super(
        path,
        "unsupported transfer syntax "
            + transferSyntaxUid
            + " ("
            + TransferSyntax.describe(transferSyntaxUid)
            + ")"
            + (transferSyntaxUid.startsWith("1.2.840.10008.1.2.4.9")
                    && TransferSyntax.ofUid(transferSyntaxUid).isPresent()
                ? ": add the lungnodule-io-jpeg2000 artifact to the class path to read it"
                : "")
            + "; supported: "
            + TransferSyntax.supportedList());
    this.transferSyntaxUid = transferSyntaxUid;
  }

  /** Returns the transfer syntax UID that was refused. */
  public String transferSyntaxUid() {
    return transferSyntaxUid;
  }
}
