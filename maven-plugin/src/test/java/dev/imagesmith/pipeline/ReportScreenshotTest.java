package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.BudgetSpec;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html rendered by a real browser (headless Chromium, installed by scripts/install-deps):
 * the page must draw, its chart must show each stage's colour, and a failed check its red banner.
 * The screenshot is kept in target/report-screenshot.png for people to look at.
 */
class ReportScreenshotTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 1600;

  @TempDir Path dir;

  @Test
  void screenshot_failedBudgetReport_drawsChartAndBanner() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "needs chromium (scripts/install-deps)");
    assertThrows(
        UserInputException.class,
        () ->
            ReportFixture.build(
                ReportFixture.plan(
                    dir,
                    ReportFixture.budget(
                        new BudgetSpec(null, null, 2, null, ReportFixture.BUDGET_PATHS)))));
    Path report = dir.resolve("target/image/report.html");
    Path png = Path.of("target/report-screenshot.png").toAbsolutePath();
    Files.deleteIfExists(png);
    Process chromium =
        new ProcessBuilder(
                List.of(
                    CHROMIUM.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--user-data-dir=" + dir.resolve("profile"),
                    "--screenshot=" + png,
                    "--window-size=" + WIDTH + "," + HEIGHT,
                    report.toUri().toString()))
            .redirectErrorStream(true)
            .start();
    String log = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, chromium.waitFor(), log);

    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(WIDTH, image.getWidth());
    assertEquals(HEIGHT, image.getHeight());
    int inked = 0;
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        if (rgb != 0xffffff) {
          inked++;
        }
      }
    }
    assertTrue(inked > WIDTH * HEIGHT / 20, "mostly blank: " + inked + " non-white pixels");
    assertTrue(colours.size() > 50, "only " + colours.size() + " colours");
    assertTrue(count(image, 0x2f6fd6) > 100, "the chart's bar of stage files");
    assertTrue(count(image, 0xd9822b) > 100, "the chart's bar of stage other");
    assertTrue(count(image, 0xfdecea) > 2000, "the red banner of the failed check");
  }

  /** Pixels within a small distance of {@code rgb} (antialiasing and colour management). */
  private static int count(BufferedImage image, int rgb) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        if (Math.abs(((p >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= 10
            && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 10
            && Math.abs((p & 0xff) - (rgb & 0xff)) <= 10) {
          n++;
        }
      }
    }
    return n;
  }
}
