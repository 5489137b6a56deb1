package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.TestImages;
import dev.imagesmith.testkit.TestPlans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code oci:} base outside the project (a shared directory of bases, {@code
 * /home/ci/bases/debian}) is named in every output without its host path, as the SBOM names it:
 * image.json and report.html show {@code oci:debian:12} beside its digest, for the image's base and
 * a stage's alike, so that they do not change with the machine or the directory the build ran in.
 */
class BaseOutsideProjectTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void baseLayoutOutsideTheProject_isNamedByItsFileName_inImageJsonAndTheReport() throws Exception {
    Path layout = temp.resolve("bases/debian");
    Digest base =
        TestImages.layout(
            layout,
            TestImages.image(
                Platform.LINUX_AMD64, Map.of(), TestImages.layer("etc/base.txt", "base")),
            "12");
    Path project = Files.createDirectories(temp.resolve("project"));
    Files.writeString(Files.createDirectories(project.resolve("src")).resolve("app.txt"), "app");
    BaseSpec from = new BaseSpec.OciLayout(layout, "12", "oci:" + layout + ":12");
    StageSpec app =
        new StageSpec(
            "app",
            from,
            List.of(new StepSpec.Copy(project.resolve("src"), "/app", "app/<copy>")),
            PruneSpec.defaults(),
            "<stages>/<stage>[1] (app)");
    Path output =
        new ImageBuilder(BuildLog.silent())
            .build(
                TestPlans.in(project)
                    .from(from)
                    .stages(List.of(app))
                    .layers(List.of(new LayerSpec("app", "/app", "<layers>/<layer>[1]")))
                    .to(TestPlans.image("example.org/team/app:1.0"))
                    .workDirectory(project.resolve("target/work"))
                    .outputDirectory(project.resolve("target/image"))
                    .cacheDirectory(temp.resolve("cache"))
                    .cache(false)
                    .build())
            .outputDirectory();

    for (String file : List.of("image.json", "report.html", "sbom.cdx.json", "provenance.json")) {
      String text = Files.readString(output.resolve(file));
      assertFalse(text.contains(temp.toString()), file + " names a host path:\n" + text);
    }
    JsonNode json = JSON.readTree(output.resolve("image.json").toFile());
    assertEquals("oci:debian:12", json.at("/base/from").asText(), json.toString());
    assertEquals(base.toString(), json.at("/base/digest").asText());
    assertEquals("oci:debian:12", json.at("/stages/0/from").asText(), json.toString());
    assertEquals("oci:debian:12", json.at("/layers/0/source/base").asText());
  }
}
