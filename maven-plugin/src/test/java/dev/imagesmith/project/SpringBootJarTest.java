package dev.imagesmith.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.testkit.BootJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spring-boot mode of the project stage: a real jar, exploded layer by layer. */
class SpringBootJarTest {
  private static final Instant TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path temp;

  @Test
  void fill_layeredJar_onePartPerBootLayerInIndexOrder() throws IOException {
    Path jar = BootJars.layered().write(temp.resolve("target/app-1.0.jar"));

    ProjectStage stage = fill(jar, "work");

    assertEquals(
        List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application"),
        stage.parts().stream().map(ProjectStage.Part::label).toList());
    assertEquals(
        List.of(
            "/app/BOOT-INF/lib",
            "/app/org/springframework/boot/loader/launch",
            "/app/BOOT-INF/lib",
            "/app"),
        stage.parts().stream().map(ProjectStage.Part::selectedPath).toList());
    assertEquals(List.of("/app/BOOT-INF/lib/spring-core-7.0.0.jar"), files(stage.parts().get(0)));
    assertEquals(
        List.of("/app/org/springframework/boot/loader/launch/JarLauncher.class"),
        files(stage.parts().get(1)));
    assertEquals(List.of("/app/BOOT-INF/lib/util-1.0-SNAPSHOT.jar"), files(stage.parts().get(2)));
    assertEquals(
        List.of(
            "/app/BOOT-INF/classes/application.properties",
            "/app/BOOT-INF/classes/com/example/App.class",
            "/app/BOOT-INF/classpath.idx",
            "/app/BOOT-INF/layers.idx",
            "/app/META-INF/MANIFEST.MF"),
        files(stage.parts().get(3)));
    Path app =
        stage
            .parts()
            .get(3)
            .sandbox()
            .stat("/app/BOOT-INF/classes/com/example/App.class")
            .orElseThrow()
            .hostPath();
    assertEquals("app bytecode v1", Files.readString(app));
    assertEquals(5, stage.parts().get(3).files());
    assertEquals("Spring Boot layers from BOOT-INF/layers.idx", stage.layersFrom());
  }

  @Test
  void fill_anyJar_fixedModesAndTimes_andTheWholeStageHoldsEveryLayer() throws IOException {
    Path jar = BootJars.layered().write(temp.resolve("app.jar"));

    ProjectStage stage = fill(jar, "work");

    List<SandboxEntry> all = stage.whole().walk("/app");
    assertEquals(8, all.stream().filter(SandboxEntry::isRegularFile).count());
    for (SandboxEntry entry : all) {
      assertEquals(TIMESTAMP.getEpochSecond(), entry.mtimeSeconds(), entry.path());
      assertEquals(entry.isDirectory() ? 0755 : 0644, entry.mode() & 07777, entry.path());
    }
  }

  @Test
  void fill_sameJarTwice_sameTrees() throws IOException {
    Path jar = BootJars.layered().write(temp.resolve("app.jar"));

    List<String> first = describe(fill(jar, "work1"));
    List<String> second = describe(fill(jar, "work2"));

    assertEquals(first, second);
  }

  @Test
  void fill_withoutLayersIndex_splitsAsBootsDefaultIndex() throws IOException {
    Path jar =
        BootJars.layered()
            .attribute("Spring-Boot-Layers-Index", null)
            .remove("BOOT-INF/layers.idx")
            .file("BOOT-INF/lib/snap-2.0-20260101.120000-3.jar", "timestamped snapshot")
            .write(temp.resolve("app.jar"));

    ProjectStage stage = fill(jar, "work");

    assertEquals(
        List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application"),
        stage.parts().stream().map(ProjectStage.Part::label).toList());
    assertEquals(
        List.of(
            "/app/BOOT-INF/lib/snap-2.0-20260101.120000-3.jar",
            "/app/BOOT-INF/lib/util-1.0-SNAPSHOT.jar"),
        files(stage.parts().get(2)));
    assertTrue(files(stage.parts().get(3)).contains("/app/META-INF/MANIFEST.MF"));
    assertEquals(
        "Spring Boot jar without a layer index: split as Boot's default index would",
        stage.layersFrom());
  }

  @Test
  void fill_customLayersAndAnEmptyOne_followTheIndex() throws IOException {
    String index =
        """
        - "dependencies":
          - "BOOT-INF/lib/"
        - "spring-boot-loader":
          - "org/"
        - "snapshot-dependencies":
        - "config":
          - "BOOT-INF/classes/application.properties"
        - "application":
          - "BOOT-INF/"
          - "META-INF/"
        """;
    Path jar =
        BootJars.layered().replace("BOOT-INF/layers.idx", index).write(temp.resolve("a.jar"));

    ProjectStage stage = fill(jar, "work");

    assertEquals(
        List.of("dependencies", "spring-boot-loader", "config", "application"),
        stage.parts().stream().map(ProjectStage.Part::label).toList());
    assertEquals("/app/BOOT-INF/classes", stage.parts().get(2).selectedPath());
    assertEquals(2, stage.parts().get(0).files(), "both jars of BOOT-INF/lib/");
  }

  @Test
  void fill_jarWithoutBootManifest_saysItIsNoBootJar() throws IOException {
    Path jar =
        BootJars.layered()
            .attribute("Spring-Boot-Classes", null)
            .attribute("Spring-Boot-Lib", null)
            .write(temp.resolve("plain.jar"));

    UserInputException e = assertThrows(UserInputException.class, () -> fill(jar, "work"));

    assertTrue(e.getMessage().contains("the Spring Boot jar " + jar), e.getMessage());
    assertTrue(e.getMessage().contains("not a Spring Boot executable jar"), e.getMessage());
    assertFalse(Files.exists(temp.resolve("work")), "nothing left behind");
  }

  @Test
  void classPath_springBoot_isTheApplicationRoot() {
    assertEquals("/app", ProjectArtifacts.springBoot(temp, null).classPath());
    assertEquals(ProjectArtifacts.CLASS_PATH, ProjectArtifacts.none().classPath());
  }

  @Test
  void commonDirectory_ofNames() {
    assertEquals("a/b", SpringBootJar.commonDirectory(List.of("a/b/c", "a/b/d/e")));
    assertEquals("", SpringBootJar.commonDirectory(List.of("a/b/c", "ab/x")));
    assertEquals("a", SpringBootJar.commonDirectory(List.of("a/bc/x", "a/b/y")));
  }

  private ProjectStage fill(Path jar, String work) throws IOException {
    return ProjectStage.fill(ProjectArtifacts.springBoot(jar, null), temp.resolve(work), TIMESTAMP);
  }

  private static List<String> files(ProjectStage.Part part) throws IOException {
    return part.sandbox().walk("/app").stream()
        .filter(SandboxEntry::isRegularFile)
        .map(SandboxEntry::path)
        .sorted()
        .toList();
  }

  /** Every entry of every part: path, type, mode, time and content. */
  private static List<String> describe(ProjectStage stage) throws IOException {
    List<String> lines = new ArrayList<>();
    for (ProjectStage.Part part : stage.parts()) {
      for (SandboxEntry entry : part.sandbox().walk("/app")) {
        lines.add(
            part.label()
                + " "
                + entry.path()
                + " "
                + entry.type()
                + " "
                + Integer.toOctalString(entry.mode())
                + " "
                + entry.mtimeSeconds()
                + " "
                + (entry.isRegularFile() ? Files.readString(entry.hostPath()) : ""));
      }
    }
    return lines;
  }
}
