package dev.imagesmith.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.image.Digest;
import dev.imagesmith.report.LayerSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The layer chart's colours and legend: the base image's grey, then one colour per stage. */
class LayerChartTest {
  private static LayerSummary layer(String stage, String path, int size) {
    Digest digest = Digest.ofBytes(new byte[] {(byte) size});
    return new LayerSummary(
        digest, digest, "application/vnd.oci.image.layer.v1.tar", size, size, stage, path);
  }

  @Test
  void aStageNamedBase_isAStage_notTheBaseImage() {
    LayerSummary fromBase = layer(null, null, 1);
    LayerSummary stageBase = layer("base", "/opt", 2);
    LayerSummary app = layer("app", "/app", 3);
    List<LayerSummary> layers = List.of(fromBase, stageBase, app);

    Map<String, String> colours = LayerChart.colours(layers);
    assertEquals("c0", LayerChart.colour(colours, fromBase));
    assertEquals("c1", LayerChart.colour(colours, stageBase));
    assertEquals("c2", LayerChart.colour(colours, app));

    HtmlWriter out = new HtmlWriter();
    LayerChart.write(out, layers);
    String html = out.toString();
    assertTrue(html.contains("</span>base image "), html);
    assertTrue(html.contains("</span>stage base "), html);
    assertTrue(html.contains("</span>stage app "), html);
    assertNotEquals(
        LayerChart.colour(colours, fromBase), LayerChart.colour(colours, stageBase), html);
  }
}
