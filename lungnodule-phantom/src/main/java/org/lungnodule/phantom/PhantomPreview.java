package org.lungnodule.phantom;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.VoxelPoint;

/**
 * Pictures of the phantom: one axial slice per site, through the largest nodule, in a lung window
 * (−1350 to 150 HU), with the nodule outlines drawn in red (malignant) or green (benign).
 */
public final class PhantomPreview {

  private PhantomPreview() {}

  /**
   * Renders one panel per profile side by side, each slice scaled to 0.7 mm per pixel: for each
   * site, the first patient from {@code index} on with a nodule of at least 8 mm, in a QUICK
   * phantom with the seed.
   */
  public static BufferedImage render(List<SiteProfile> profiles, long seed, int index) {
    List<BufferedImage> panels = new ArrayList<>();
    for (SiteProfile p : profiles) {
      Phantom ph = Phantom.builder().profile(p).size(PhantomSize.QUICK).seed(seed).build();
      panels.add(panel(ph.scan(firstWithLargeNodule(ph, index)), p));
    }
    int w = 0;
    int h = 0;
    for (BufferedImage b : panels) {
      w += b.getWidth();
      h = Math.max(h, b.getHeight());
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D gr = out.createGraphics();
    int x = 0;
    for (BufferedImage b : panels) {
      gr.drawImage(b, x, 0, null);
      x += b.getWidth();
    }
    gr.dispose();
    return out;
  }

  /** The first patient from index on (up to 30 tries) with a nodule of at least 8 mm. */
  private static int firstWithLargeNodule(Phantom ph, int index) {
    for (int i = index; i < index + 30; i++) {
      for (Nodule n : ph.scanNodules(i)) {
        if (n.diameterMm() >= 8) {
          return i;
        }
      }
    }
    return index;
  }

  /** The slice of a scan through its largest nodule, with outlines and a caption. */
  static BufferedImage panel(AnnotatedScan scan, SiteProfile p) {
    CtVolume v = scan.volume();
    Dims d = v.dims();
    Nodule big = null;
    for (Nodule n : scan.nodules()) {
      if (big == null || n.diameterMm() > big.diameterMm()) {
        big = n;
      }
    }
    int k = d.nz() / 2;
    if (big != null) {
      VoxelPoint c = v.geometry().worldToVoxel(big.centerMm());
      k = Math.max(0, Math.min(d.nz() - 1, (int) Math.round(c.k())));
    }
    double px = v.spacing().xMm();
    double scale = px / 0.7;
    int w = (int) Math.round(d.nx() * scale);
    int h = (int) Math.round(d.ny() * scale);
    int cap = 36;
    BufferedImage img = new BufferedImage(w, h + cap, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      int j = Math.min(d.ny() - 1, (int) (y / scale));
      for (int x = 0; x < w; x++) {
        int i = Math.min(d.nx() - 1, (int) (x / scale));
        double hu = v.get(i, j, k);
        int g = (int) Math.round(255 * (hu + 1350) / 1500.0);
        g = Math.max(0, Math.min(255, g));
        int rgb = (g << 16) | (g << 8) | g;
        int label = outline(scan, i, j, k);
        if (label == 2) {
          rgb = 0xFF3030;
        } else if (label == 1) {
          rgb = 0x30FF30;
        }
        img.setRGB(x, y, rgb);
      }
    }
    Graphics2D gr = img.createGraphics();
    gr.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    gr.setColor(Color.BLACK);
    gr.fillRect(0, h, w, cap);
    gr.setColor(Color.WHITE);
    gr.setStroke(new BasicStroke(1));
    gr.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    gr.drawString(
        String.format(
            Locale.ROOT,
            "%s  %s  %.2f x %.2f x %.2f mm  slice %d",
            p.name(),
            scan.patientId(),
            v.spacing().xMm(),
            v.spacing().yMm(),
            v.spacing().zMm(),
            k),
        6,
        h + 15);
    gr.drawString(p.scannerLabel() + "  (red: malignant, green: benign)", 6, h + 31);
    gr.dispose();
    return img;
  }

  /** 2 if (i, j, k) is on the outline of a malignant nodule's mask, 1 benign, 0 neither. */
  private static int outline(AnnotatedScan scan, int i, int j, int k) {
    for (Nodule n : scan.nodules()) {
      if (n.mask().isEmpty()) {
        continue;
      }
      Mask m = n.mask().get();
      VoxelPoint o = m.geometry().worldToVoxel(scan.volume().geometry().voxelToWorld(i, j, k));
      int a = (int) Math.round(o.i());
      int b = (int) Math.round(o.j());
      int c = (int) Math.round(o.k());
      if (!in(m, a, b, c)) {
        continue;
      }
      if (!in(m, a - 1, b, c)
          || !in(m, a + 1, b, c)
          || !in(m, a, b - 1, c)
          || !in(m, a, b + 1, c)) {
        return n.label() == NoduleLabel.MALIGNANT ? 2 : 1;
      }
    }
    return 0;
  }

  private static boolean in(Mask m, int i, int j, int k) {
    return m.dims().contains(i, j, k) && m.isSet(i, j, k);
  }

  /**
   * Writes the PUBLIC, HB and XZ panels as a PNG, atomically (temp file, then move).
   *
   * @throws IOException if the file cannot be written (the message names the path)
   */
  public static void writePng(Path out, long seed, int index) throws IOException {
    Objects.requireNonNull(out, "out");
    BufferedImage img =
        render(List.of(SiteProfile.PUBLIC, SiteProfile.HB, SiteProfile.XZ), seed, index);
    AtomicFiles.write(
        out,
        tmp -> {
          if (!ImageIO.write(img, "png", tmp.toFile())) {
            throw new IOException("no PNG writer available for " + out);
          }
        });
  }
}
