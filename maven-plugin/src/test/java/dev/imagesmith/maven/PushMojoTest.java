package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image:push} follows the same command-line overrides as {@code image:build}, so that a
 * pipeline's {@code -Dimage.to}/{@code -Dimage.tags}/{@code -Dimage.skip} reach the registry too.
 * (Pushing itself is tested against a real registry in the registry package and the reactor IT.)
 */
@MojoTest
class PushMojoTest extends HarnessTestBase {
  private static final String CONTRACT = "/projects/contract";

  @TempDir Path host;

  @Test
  @Basedir(CONTRACT)
  @InjectMojo(goal = "push", pom = "pom.xml")
  void target_withoutOverrides_isThePomsTo(PushMojo mojo) {
    assertEquals(
        List.of("example.org/team/hello:1.0", "example.org/team/hello:latest"),
        mojo.targetSpec().references());
  }

  @Test
  @Basedir(CONTRACT)
  @InjectMojo(goal = "push", pom = "pom.xml")
  @MojoParameter(name = "toImage", value = "registry.example.org/release/hello:2.0")
  @MojoParameter(name = "tags", value = "stable,2")
  void target_imageToAndImageTags_replaceThePomsTo(PushMojo mojo) {
    assertEquals(
        List.of(
            "registry.example.org/release/hello:2.0",
            "registry.example.org/release/hello:stable",
            "registry.example.org/release/hello:2"),
        mojo.targetSpec().references());
  }

  @Test
  @Basedir(CONTRACT)
  @InjectMojo(goal = "push", pom = "pom.xml")
  @MojoParameter(name = "skipImage", value = "true")
  void execute_imageSkip_pushesNothingAndNeedsNoImage(PushMojo mojo) throws Exception {
    Path output = Path.of(MojoExtension.getBasedir(), "target", "image");
    assertFalse(Files.exists(output.resolve("digest")), "the test needs a project never built");

    mojo.execute(); // would fail reading target/image/digest if it did not skip

    assertFalse(Files.exists(output.resolve("pushed.json")));
  }

  @Test
  @Basedir(CONTRACT)
  @InjectMojo(goal = "push", pom = "pom.xml")
  void execute_withoutABuiltImage_failsSayingWhatToRun(PushMojo mojo) {
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().contains("image:build"), e::getMessage);
  }

  @Test
  @Basedir(CONTRACT)
  @InjectMojo(goal = "push", pom = "pom.xml")
  void W19_outputDirectoryIsSymlink_pushRefusesBeforeWritingPushedJson(PushMojo mojo)
      throws Exception {
    Path victim = Files.createDirectories(host.resolve("victim"));
    Files.writeString(victim.resolve("digest"), "sha256:" + "ab".repeat(32) + "\n");
    Path output = Path.of(MojoExtension.getBasedir(), "target", "image");
    Files.createDirectories(output.getParent());
    Files.createSymbolicLink(output, victim);
    try {
      MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
      assertTrue(
          e.getMessage().contains(output + " is a symbolic link (to " + victim + ")"),
          e::getMessage);
      try (var listing = Files.list(victim)) {
        assertEquals(List.of(victim.resolve("digest")), listing.toList(), "nothing written");
      }
    } finally {
      Files.delete(output);
    }
  }
}
