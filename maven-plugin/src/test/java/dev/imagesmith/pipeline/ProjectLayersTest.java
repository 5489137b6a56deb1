package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.testkit.BootJars;
import dev.imagesmith.testkit.TestPlans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in stage {@code project} through the whole pipeline: layers, their order, caching. */
class ProjectLayersTest {
  private static final String WHERE = "<layers>/<layer>[1]";

  @TempDir Path temp;
  private Path classes;
  private ProjectArtifacts artifacts;

  @BeforeEach
  void project() throws IOException {
    classes = temp.resolve("target/classes");
    Files.createDirectories(classes.resolve("com/example"));
    Files.writeString(classes.resolve("com/example/Main.class"), "bytecode v1");
    Files.writeString(classes.resolve("app.properties"), "greeting=hello");
    Path lang = Files.writeString(temp.resolve("lang3.jar"), "release jar");
    Path util = Files.writeString(temp.resolve("util.jar"), "snapshot jar");
    artifacts =
        new ProjectArtifacts(
            List.of(
                new ProjectArtifacts.Library(lang, "commons-lang3-3.14.0.jar", false),
                new ProjectArtifacts.Library(util, "util-1.0-SNAPSHOT.jar", true)),
            classes,
            null);
  }

  @Test
  void build_projectWithoutPath_fourLayersInChangeOrder() throws IOException {
    JsonNode image = build(new LayerSpec(ProjectArtifacts.STAGE, null, WHERE), "out1");

    List<String> sources = new ArrayList<>();
    image.get("layers").forEach(layer -> sources.add(origin(layer)));
    assertEquals(
        List.of(
            "project/release-dependencies:/app/libs",
            "project/snapshot-dependencies:/app/libs",
            "project/resources:/app/resources",
            "project/classes:/app/classes"),
        sources);
    assertTrue(
        stageNames(image).contains(ProjectArtifacts.STAGE), "the report lists the stage once");
  }

  @Test
  void build_codeOnlyChange_changesOnlyTheClassesLayer() throws IOException {
    LayerSpec layer = new LayerSpec(ProjectArtifacts.STAGE, null, WHERE);
    JsonNode first = build(layer, "out1");
    // A recompile rewrites every file of target/classes; only one class's bytes differ.
    Files.writeString(classes.resolve("com/example/Main.class"), "bytecode v2");
    Files.writeString(classes.resolve("app.properties"), "greeting=hello");

    JsonNode second = build(layer, "out2");

    List<String> before = digests(first);
    List<String> after = digests(second);
    assertEquals(before.subList(0, 3), after.subList(0, 3));
    assertNotEquals(before.get(3), after.get(3));
  }

  @Test
  void build_projectWithPath_selectsFromTheWholeStage() throws IOException {
    JsonNode image = build(new LayerSpec(ProjectArtifacts.STAGE, "/app/libs", WHERE), "out1");

    assertEquals(1, image.get("layers").size());
    assertEquals("project:/app/libs", origin(image.get("layers").get(0)));
  }

  @Test
  void build_warMode_layersUnderTheAppRootInChangeOrder() throws IOException {
    Path war = temp.resolve("target/hello-1.0");
    Files.createDirectories(war.resolve("WEB-INF/lib"));
    Files.createDirectories(war.resolve("WEB-INF/classes/com/example"));
    Files.writeString(war.resolve("WEB-INF/lib/commons-lang3-3.14.0.jar"), "release jar");
    Files.writeString(war.resolve("WEB-INF/classes/com/example/Hello.class"), "bytecode");
    Files.writeString(war.resolve("WEB-INF/web.xml"), "<web-app/>");
    artifacts = ProjectArtifacts.war(war, ProjectArtifacts.DEFAULT_WEB_APP_ROOT);

    JsonNode image = build(new LayerSpec(ProjectArtifacts.STAGE, null, WHERE), "out1");

    List<String> sources = new ArrayList<>();
    image.get("layers").forEach(layer -> sources.add(origin(layer)));
    assertEquals(
        List.of(
            "project/release-dependencies:/var/lib/jetty/webapps/ROOT/WEB-INF/lib",
            "project/resources:/var/lib/jetty/webapps/ROOT",
            "project/classes:/var/lib/jetty/webapps/ROOT/WEB-INF/classes"),
        sources);
  }

  @Test
  void build_emptyProject_saysWhatIsMissing() {
    artifacts = ProjectArtifacts.none();

    UserInputException mistake =
        assertThrows(
            UserInputException.class,
            () -> build(new LayerSpec(ProjectArtifacts.STAGE, null, WHERE), "out1"));

    assertTrue(mistake.getMessage().startsWith(WHERE + " selects the stage project, but"));
  }

  @Test
  void build_springBootJar_oneLayerPerBootLayer_sameJarSameDigests_codeChangeMovesOnlyApplication()
      throws IOException {
    artifacts = ProjectArtifacts.springBoot(BootJars.layered().write(temp.resolve("a.jar")), null);
    LayerSpec project = new LayerSpec(ProjectArtifacts.STAGE, null, WHERE);

    JsonNode first = build(project, "out1");
    JsonNode again = build(project, "out2");
    artifacts =
        ProjectArtifacts.springBoot(
            BootJars.layered()
                .replace("BOOT-INF/classes/com/example/App.class", "app bytecode v2")
                .write(temp.resolve("b.jar")),
            null);
    JsonNode changed = build(project, "out3");

    List<String> sources = new ArrayList<>();
    first.get("layers").forEach(layer -> sources.add(origin(layer)));
    assertEquals(
        List.of(
            "project/dependencies:/app/BOOT-INF/lib",
            "project/spring-boot-loader:/app/org/springframework/boot/loader/launch",
            "project/snapshot-dependencies:/app/BOOT-INF/lib",
            "project/application:/app"),
        sources);
    assertEquals(digests(first), digests(again), "the same jar gives the same layers");
    assertEquals(first.get("digest"), again.get("digest"));
    assertEquals(digests(first).subList(0, 3), digests(changed).subList(0, 3));
    assertNotEquals(digests(first).get(3), digests(changed).get(3));
  }

  private JsonNode build(LayerSpec layer, String output) throws IOException {
    BuildPlan plan =
        TestPlans.in(temp)
            .layers(List.of(layer))
            .to(TestPlans.image("app:1"))
            .workDirectory(temp.resolve("target/work"))
            .outputDirectory(temp.resolve(output))
            .project(artifacts)
            .build();
    new ImageBuilder(BuildLog.silent()).build(plan);
    return new ObjectMapper().readTree(temp.resolve(output).resolve("image.json").toFile());
  }

  private static String origin(JsonNode layer) {
    return layer.get("source").get("stage").asText()
        + ":"
        + layer.get("source").get("path").asText();
  }

  private static List<String> digests(JsonNode image) {
    List<String> digests = new ArrayList<>();
    image.get("layers").forEach(layer -> digests.add(layer.get("digest").asText()));
    return digests;
  }

  private static List<String> stageNames(JsonNode image) {
    List<String> names = new ArrayList<>();
    image.get("stages").forEach(stage -> names.add(stage.get("name").asText()));
    return names;
  }
}
