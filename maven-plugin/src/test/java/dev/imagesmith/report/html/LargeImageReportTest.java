package dev.imagesmith.report.html;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.testkit.TestTar;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 30,000-file image keeps report.html usable: a few hundred kB, not tens of MB, rendered in well
 * under a second of CPU, each tree cut to its budget with the cut said and the rest summed.
 * Measured in CPU time of this thread, so other builds on the machine do not make it fail.
 */
class LargeImageReportTest {
  private static final int FILES = 30_000;

  @TempDir Path scratch;

  @Test
  void report_30000Files_isSmallFastAndSaysWhatItCut() throws Exception {
    Random random = new Random(3);
    TestTar base = TestTar.tar();
    for (int i = 0; i < FILES * 2 / 3; i++) {
      base.file(
          "usr/" + (i % 7 == 0 ? "share/doc/p" + i % 300 : "lib/m" + i % 40) + "/f" + i,
          new byte[random.nextInt(600)]);
    }
    TestTar app = TestTar.tar().whiteout("usr/share/doc");
    for (int i = 0; i < FILES / 3; i++) {
      app.file("opt/app/lib/m" + i % 40 + "/c" + i + ".class", new byte[random.nextInt(600)]);
    }
    ReportData data = InspectedImage.of(scratch, base, app);
    assertTrue(data.inspection().tree().all().size() > 25_000, "the docs are deleted, not more");

    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    byte[] html = null;
    long best = Long.MAX_VALUE;
    for (int run = 0; run < 3; run++) { // the first run pays for loading and compiling the code
      long start = cpu.getCurrentThreadCpuTime();
      html = HtmlReport.render(data);
      best = Math.min(best, cpu.getCurrentThreadCpuTime() - start);
    }
    String page = new String(html, StandardCharsets.UTF_8);
    System.out.printf(
        "report.html of %,d files: %,d bytes, rendered in %.3f s of CPU%n",
        data.inspection().tree().all().size(), html.length, best / 1e9);
    assertTrue(html.length < 1_500_000, "report.html has " + html.length + " bytes");
    assertTrue(best < 1_000_000_000L, "rendering took " + best / 1e6 + " ms of CPU");

    assertTrue(
        page.contains("about 2,000 in all, at most 50 per directory"),
        "the filesystem tree says its cut");
    assertTrue(
        page.contains("about 1,000 in all, at most 50 per directory"),
        "the added layer's tree says its cut");
    assertTrue(page.contains("more entries, not shown"), "what is cut is summed");
    assertTrue(
        page.contains("<span class=\"n d\">doc/</span><span class=\"k d\" title=\"removed\">R"),
        "the removed directory is shown although small: removals come first");
  }
}
