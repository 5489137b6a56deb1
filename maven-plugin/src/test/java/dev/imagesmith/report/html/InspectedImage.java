package dev.imagesmith.report.html;

import dev.imagesmith.image.Digest;
import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.inspect.ImageInspector;
import dev.imagesmith.inspect.LayerInput;
import dev.imagesmith.report.ImageSummary;
import dev.imagesmith.report.LayerSummary;
import dev.imagesmith.testkit.TestTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Report data for layers given as tars: inspected by the real {@link ImageInspector} from the real
 * tar bytes, the first layer a base layer, the others added by a stage "app". Sizes in the summary
 * are the tars' own (uncompressed; "compressed" the same, since no test here looks at it).
 */
final class InspectedImage {
  private InspectedImage() {}

  static ReportData of(Path scratch, TestTar... layers) throws IOException {
    List<LayerInput> inputs = new ArrayList<>();
    List<LayerSummary> summaries = new ArrayList<>();
    List<String> history = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      byte[] tar = layers[i].bytes();
      boolean base = i == 0;
      inputs.add(new LayerInput("layer " + (i + 1), !base, () -> new ByteArrayInputStream(tar)));
      Digest digest = Digest.ofBytes(tar);
      summaries.add(
          new LayerSummary(
              digest,
              digest,
              "application/vnd.oci.image.layer.v1.tar",
              tar.length,
              tar.length,
              base ? null : "app",
              base ? null : "/opt/app" + i));
      history.add(base ? "base" : "imagesmith COPY --from=app /opt/app" + i);
    }
    ImageInspection inspection = ImageInspector.inspect(inputs, scratch);
    Digest image = Digest.ofBytes(new byte[] {1});
    ImageSummary summary =
        new ImageSummary(
            image,
            List.of("example.org/test:1"),
            "linux/amd64",
            "oci:base",
            image,
            summaries,
            List.of());
    return new ReportData(summary, inspection, history, null, List.of(), null, null);
  }
}
