package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.plan.StepSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/** {@code <debian>} maps to {@link StepSpec.Debian}; its mistakes name their XML paths. */
@MojoTest
class BuildMojoDebianTest extends HarnessTestBase {
  private static final String HEAD =
      POM_HEAD + "<from>scratch</from><stages><stage><name>runtime</name><steps>";
  private static final String TAIL =
      "</steps></stage></stages><layers><layer><stage>runtime</stage><path>/</path></layer>"
          + "</layers>"
          + POM_TAIL;
  private static final String STEP = "<stages>/<stage>[1] (runtime)/<steps>/<debian>[1]";

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<debian><packages><package>busybox</package><package>ca-certificates</package>"
              + "</packages></debian>"
              + TAIL)
  void plan_minimalDebian_leavesRepositoryToTheHost(BuildMojo mojo) {
    Path basedir = Path.of(MojoExtension.getBasedir());
    assertEquals(
        new StepSpec.Debian(
            List.of("busybox", "ca-certificates"),
            null,
            null,
            List.of(),
            null,
            null,
            List.of(),
            false,
            basedir.resolve("image-debian.lock"),
            STEP),
        mojo.plan().stages().get(0).steps().get(0));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<debian><packages><package>samtools</package></packages>"
              + "<repository>https://mirror.example/debian</repository><suite>bookworm</suite>"
              + "<components>main contrib</components><architecture>arm64</architecture>"
              + "<keyring>keys/archive.gpg</keyring><excludes><exclude>perl</exclude></excludes>"
              + "<essential>true</essential></debian>"
              + TAIL)
  void plan_everyOption(BuildMojo mojo) {
    Path basedir = Path.of(MojoExtension.getBasedir());
    assertEquals(
        new StepSpec.Debian(
            List.of("samtools"),
            URI.create("https://mirror.example/debian"),
            "bookworm",
            List.of("main", "contrib"),
            "arm64",
            basedir.resolve("keys/archive.gpg"),
            List.of("perl"),
            true,
            basedir.resolve("image-debian.lock"),
            STEP),
        mojo.plan().stages().get(0).steps().get(0));
  }

  @Test
  @InjectMojo(goal = "build", pom = HEAD + "<debian/>" + TAIL)
  void plan_noPackages_saysWhatToWrite(BuildMojo mojo) {
    assertEquals(
        STEP
            + "/<packages> is empty: name the packages to install, for example"
            + " <packages><package>busybox</package></packages>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<debian><packages><package>BusyBox</package></packages>"
              + "<repository>ftp://mirror.example/debian</repository></debian>"
              + TAIL)
  void plan_badNameAndRepository_bothReported(BuildMojo mojo) {
    String message = mistake(mojo);
    assertEquals(
        "2 mistakes in the image-maven-plugin configuration:"
            + System.lineSeparator()
            + "  - "
            + STEP
            + "/<packages>/<package>[1] 'BusyBox' is not a Debian package name: use lower-case"
            + " letters, digits and + - ., for example <package>ca-certificates</package>"
            + System.lineSeparator()
            + "  - "
            + STEP
            + "/<repository> 'ftp://mirror.example/debian' is not an http:, https: or file: URL"
            + " of a repository root (the directory holding dists/ and pool/)",
        message);
  }
}
