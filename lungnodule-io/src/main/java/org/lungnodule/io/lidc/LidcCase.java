package org.lungnodule.io.lidc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomReadOptions;
import org.lungnodule.io.dicom.DicomSeries;
import org.lungnodule.io.dicom.MultipleSeriesException;

/**
 * One LIDC XML file with the scan it annotates, as found by {@link LidcLayout#locate}: the parsed
 * annotations and where the scan is (a DICOM series in the XML's folder, or a volume file named by
 * the SeriesInstanceUID). The scan is read only by {@link #readGrid()} or {@link #readVolume()}.
 *
 * @param xml the XML file
 * @param message its parsed content
 * @param seriesUid the SeriesInstanceUID it annotates
 * @param scan the DICOM folder ({@code dicom} true) or the volume file
 * @param dicom whether {@code scan} is a folder of DICOM files
 */
public record LidcCase(
    Path xml, LidcReadMessage message, String seriesUid, Path scan, boolean dicom) {

  private static final Pattern LIDC_PATIENT = Pattern.compile("LIDC-IDRI-\\d+");

  /** Validates. */
  public LidcCase {
    Objects.requireNonNull(xml, "xml");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(seriesUid, "seriesUid");
    Objects.requireNonNull(scan, "scan");
  }

  /**
   * The patient and grid of a case.
   *
   * @param patientId the DICOM PatientID, else the {@code LIDC-IDRI-nnnn} folder in the XML's path,
   *     else the series UID
   * @param geometry the scan's grid
   */
  public record Grid(String patientId, VolumeGeometry geometry) {}

  /**
   * The patient and scan of a case.
   *
   * @param patientId as in {@link Grid}
   * @param volume the whole scan
   */
  public record Volume(String patientId, CtVolume volume) {}

  /**
   * Reads the patient id and the scan's grid: a volume file's header only, a DICOM series whole.
   *
   * @throws LidcScanException ({@link LidcScanException.Problem#SCAN_NOT_FOUND} if the DICOM folder
   *     holds no series with this UID, else {@link LidcScanException.Problem#SCAN_UNREADABLE})
   *     naming the XML, the series and the cause
   */
  public Grid readGrid() throws LidcScanException {
    if (dicom) {
      DicomSeries s = readDicom();
      return new Grid(s.patientId().orElseGet(this::patientFromPath), s.volume().geometry());
    }
    try {
      return new Grid(patientFromPath(), VolumeFiles.readGeometry(scan));
    } catch (IOException | RuntimeException e) {
      throw unreadable(e);
    }
  }

  /**
   * Reads the patient id and the whole scan.
   *
   * @throws LidcScanException as {@link #readGrid()}
   */
  public Volume readVolume() throws LidcScanException {
    if (dicom) {
      DicomSeries s = readDicom();
      return new Volume(s.patientId().orElseGet(this::patientFromPath), s.volume());
    }
    try {
      return new Volume(patientFromPath(), VolumeFiles.read(scan));
    } catch (IOException | RuntimeException e) {
      throw unreadable(e);
    }
  }

  private DicomSeries readDicom() throws LidcScanException {
    try {
      return Dicom.readSeriesWithInfo(
          scan, DicomReadOptions.builder().seriesInstanceUid(seriesUid).build());
    } catch (MultipleSeriesException e) {
      throw new LidcScanException(
          xml,
          seriesUid,
          LidcScanException.Problem.SCAN_NOT_FOUND,
          "no scan for series " + seriesUid + ": " + e.getMessage(),
          e);
    } catch (IOException | RuntimeException e) {
      throw unreadable(e);
    }
  }

  private LidcScanException unreadable(Exception e) {
    return new LidcScanException(
        xml,
        seriesUid,
        LidcScanException.Problem.SCAN_UNREADABLE,
        "cannot read the scan of series " + seriesUid + " (" + scan + "): " + e.getMessage(),
        e);
  }

  private String patientFromPath() {
    Optional<String> p = Optional.empty();
    for (Path part : xml.toAbsolutePath()) {
      Matcher m = LIDC_PATIENT.matcher(part.toString());
      if (m.matches()) {
        p = Optional.of(part.toString());
      }
    }
    return p.orElse(seriesUid);
  }
}
