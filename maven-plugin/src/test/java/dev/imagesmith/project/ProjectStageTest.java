package dev.imagesmith.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.plan.ProjectArtifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectStageTest {
  private static final Instant TIMESTAMP = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path temp;
  private Path classes;
  private Path release;
  private Path snapshot;

  @BeforeEach
  void project() throws IOException {
    classes = temp.resolve("target/classes");
    Files.createDirectories(classes.resolve("com/example"));
    Files.writeString(classes.resolve("com/example/Main.class"), "bytecode");
    Files.writeString(classes.resolve("com/example/Main$1.class"), "inner");
    Files.writeString(classes.resolve("com/example/messages.properties"), "hello=world");
    Files.writeString(classes.resolve("logback.xml"), "<configuration/>");
    Files.setPosixFilePermissions(
        classes.resolve("logback.xml"), PosixFilePermissions.fromString("rwx------"));
    Files.createSymbolicLink(classes.resolve("config.xml"), Path.of("logback.xml"));
    release = Files.writeString(temp.resolve("lang3.jar"), "release jar");
    snapshot = Files.writeString(temp.resolve("util.jar"), "snapshot jar");
  }

  @Test
  void fill_classesMode_splitsPartsInLayerOrder() throws IOException {
    ProjectStage stage =
        ProjectStage.fill(
            new ProjectArtifacts(
                List.of(
                    new ProjectArtifacts.Library(snapshot, "util-1.0-SNAPSHOT.jar", true),
                    new ProjectArtifacts.Library(release, "commons-lang3-3.14.0.jar", false)),
                classes,
                null),
            temp.resolve("work"),
            TIMESTAMP);

    assertEquals(
        List.of(
            ProjectPart.RELEASE_DEPENDENCIES.label(),
            ProjectPart.SNAPSHOT_DEPENDENCIES.label(),
            ProjectPart.RESOURCES.label(),
            ProjectPart.CLASSES.label()),
        stage.parts().stream().map(ProjectStage.Part::label).toList());
    assertEquals(
        List.of("/app/libs", "/app/libs", "/app/resources", "/app/classes"),
        stage.parts().stream().map(ProjectStage.Part::selectedPath).toList());
    assertEquals(
        List.of("/app", "/app/libs", "/app/libs/commons-lang3-3.14.0.jar"),
        paths(stage.parts().get(0)));
    assertEquals(
        List.of("/app", "/app/libs", "/app/libs/util-1.0-SNAPSHOT.jar"),
        paths(stage.parts().get(1)));
    assertEquals(
        List.of(
            "/app",
            "/app/resources",
            "/app/resources/com",
            "/app/resources/com/example",
            "/app/resources/com/example/messages.properties",
            "/app/resources/config.xml",
            "/app/resources/logback.xml"),
        paths(stage.parts().get(2)));
    assertEquals(
        List.of(
            "/app",
            "/app/classes",
            "/app/classes/com",
            "/app/classes/com/example",
            "/app/classes/com/example/Main$1.class",
            "/app/classes/com/example/Main.class"),
        paths(stage.parts().get(3)));
    assertEquals(2, stage.parts().get(3).files());
    assertEquals("bytecode".length() + "inner".length(), stage.parts().get(3).bytes());
  }

  @Test
  void fill_anyHost_fixesModesAndTimesAndKeepsLinks() throws IOException {
    ProjectStage stage =
        ProjectStage.fill(
            new ProjectArtifacts(List.of(), classes, null), temp.resolve("work"), TIMESTAMP);

    for (SandboxEntry entry : stage.parts().get(0).sandbox().walk("/app")) {
      assertEquals(TIMESTAMP.getEpochSecond(), entry.mtimeSeconds(), entry.path());
      if (entry.isDirectory()) {
        assertEquals(0755, entry.mode() & 07777, entry.path());
      } else if (entry.isRegularFile()) {
        assertEquals(0644, entry.mode() & 07777, entry.path() + ": not the host's 0700");
      }
    }
    SandboxEntry link =
        stage.parts().get(0).sandbox().stat("/app/resources/config.xml").orElseThrow();
    assertEquals("logback.xml", link.linkTarget());
  }

  @Test
  void fill_jarMode_putsTheJarInTheClassesLayer() throws IOException {
    Path jar = Files.writeString(temp.resolve("app-1.0.jar"), "jar");

    ProjectStage stage =
        ProjectStage.fill(
            new ProjectArtifacts(
                List.of(new ProjectArtifacts.Library(release, "commons-lang3-3.14.0.jar", false)),
                null,
                jar),
            temp.resolve("work"),
            TIMESTAMP);

    assertEquals(
        List.of(ProjectPart.RELEASE_DEPENDENCIES.label(), ProjectPart.CLASSES.label()),
        stage.parts().stream().map(ProjectStage.Part::label).toList());
    assertEquals(
        List.of("/app", "/app/libs", "/app/libs/app-1.0.jar"), paths(stage.parts().get(1)));
  }

  @Test
  void fill_warMode_splitsTheExplodedWarUnderTheAppRoot() throws IOException {
    Path war = temp.resolve("target/hello-1.0");
    Files.createDirectories(war.resolve("WEB-INF/lib"));
    Files.createDirectories(war.resolve("WEB-INF/classes/com/example"));
    Files.createDirectories(war.resolve("css"));
    Files.createDirectories(war.resolve("empty"));
    Files.writeString(war.resolve("WEB-INF/lib/commons-lang3-3.14.0.jar"), "release");
    Files.writeString(war.resolve("WEB-INF/lib/util-1.0-SNAPSHOT.jar"), "snapshot");
    Files.writeString(war.resolve("WEB-INF/lib/util2-1.0-20260101.120000-3-tests.jar"), "timed");
    Files.writeString(war.resolve("WEB-INF/classes/com/example/Hello.class"), "bytecode");
    Files.writeString(war.resolve("WEB-INF/classes/app.properties"), "greeting=hi");
    Files.writeString(war.resolve("WEB-INF/web.xml"), "<web-app/>");
    Files.writeString(war.resolve("css/site.css"), "body{}");
    Files.writeString(war.resolve("index.html"), "<h1>hi</h1>");
    String root = "/usr/local/tomcat/webapps/ROOT";

    ProjectStage stage =
        ProjectStage.fill(ProjectArtifacts.war(war, root), temp.resolve("work"), TIMESTAMP);

    assertEquals(
        List.of(
            ProjectPart.RELEASE_DEPENDENCIES.label(),
            ProjectPart.SNAPSHOT_DEPENDENCIES.label(),
            ProjectPart.RESOURCES.label(),
            ProjectPart.CLASSES.label()),
        stage.parts().stream().map(ProjectStage.Part::label).toList());
    assertEquals(
        List.of(root + "/WEB-INF/lib", root + "/WEB-INF/lib", root, root + "/WEB-INF/classes"),
        stage.parts().stream().map(ProjectStage.Part::selectedPath).toList());
    assertEquals(
        List.of(root + "/WEB-INF/lib/commons-lang3-3.14.0.jar"), files(stage.parts().get(0), root));
    assertEquals(
        List.of(
            root + "/WEB-INF/lib/util-1.0-SNAPSHOT.jar",
            root + "/WEB-INF/lib/util2-1.0-20260101.120000-3-tests.jar"),
        files(stage.parts().get(1), root));
    assertEquals(
        List.of(
            root + "/WEB-INF/classes/app.properties",
            root + "/WEB-INF/web.xml",
            root + "/css/site.css",
            root + "/index.html"),
        files(stage.parts().get(2), root));
    assertEquals(
        List.of(root + "/WEB-INF/classes/com/example/Hello.class"),
        files(stage.parts().get(3), root));
    assertEquals(
        0644,
        stage.parts().get(2).sandbox().stat(root + "/index.html").orElseThrow().mode() & 07777);
  }

  @Test
  void fill_nothing_hasNoParts() throws IOException {
    ProjectStage stage =
        ProjectStage.fill(
            new ProjectArtifacts(List.of(), temp.resolve("missing/classes"), null),
            temp.resolve("work"),
            TIMESTAMP);

    assertTrue(stage.parts().isEmpty());
    assertEquals(0, stage.bytes());
  }

  @Test
  void whole_everyPartInOneSandbox() throws IOException {
    ProjectStage stage =
        ProjectStage.fill(
            new ProjectArtifacts(
                List.of(new ProjectArtifacts.Library(release, "a.jar", false)), classes, null),
            temp.resolve("work"),
            TIMESTAMP);

    List<String> all = stage.whole().walk("/app").stream().map(SandboxEntry::path).toList();

    assertTrue(all.contains("/app/libs/a.jar"));
    assertTrue(all.contains("/app/classes/com/example/Main.class"));
    assertTrue(all.contains("/app/resources/logback.xml"));
    assertFalse(all.contains("/app/classes/logback.xml"));
  }

  @Test
  void fill_twoLibrariesOneName_isOurBug() {
    ProjectArtifacts artifacts =
        new ProjectArtifacts(
            List.of(
                new ProjectArtifacts.Library(release, "a.jar", false),
                new ProjectArtifacts.Library(snapshot, "a.jar", true)),
            null,
            null);

    assertThrows(
        ImagesmithException.class,
        () -> ProjectStage.fill(artifacts, temp.resolve("work"), TIMESTAMP));
  }

  /** The regular files of a part below {@code root}, in walk order. */
  private static List<String> files(ProjectStage.Part part, String root) throws IOException {
    return part.sandbox().walk(root).stream()
        .filter(SandboxEntry::isRegularFile)
        .map(SandboxEntry::path)
        .toList();
  }

  private static List<String> paths(ProjectStage.Part part) throws IOException {
    return part.sandbox().walk("/app").stream().map(SandboxEntry::path).toList();
  }
}
