package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.plan.LayerOwner;
import dev.imagesmith.plan.LayerSpec;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/** {@code <layer><owner>}: numeric {@code uid:gid} or {@code uid}; a name is refused, and why. */
@MojoTest
class BuildMojoLayerOwnerTest extends HarnessTestBase {
  private static final String HEAD =
      POM_HEAD
          + "<from>scratch</from><stages><stage><name>builder</name></stage>"
          + "</stages><layers>";
  private static final String TAIL = "</layers>" + POM_TAIL;

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<layer><stage>builder</stage><path>/install</path><owner>1000:2000</owner></layer>"
              + "<layer><stage>builder</stage><path>/data</path><owner> 33 </owner></layer>"
              + "<layer><stage>project</stage><owner>1000:1000</owner></layer>"
              + "<layer><stage>builder</stage><path>/etc</path></layer>"
              + TAIL)
  void plan_owners(BuildMojo mojo) {
    assertEquals(
        List.of(
            new LayerSpec("builder", "/install", "<layers>/<layer>[1]", new LayerOwner(1000, 2000)),
            new LayerSpec("builder", "/data", "<layers>/<layer>[2]", new LayerOwner(33, 33)),
            new LayerSpec("project", null, "<layers>/<layer>[3]", new LayerOwner(1000, 1000)),
            new LayerSpec("builder", "/etc", "<layers>/<layer>[4]")),
        mojo.plan().layers());
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<layer><stage>builder</stage><path>/app</path><owner>app:app</owner></layer>"
              + TAIL)
  void plan_ownerByName_isRefusedWithTheReason(BuildMojo mojo) {
    assertEquals(
        "<layers>/<layer>[1]/<owner> 'app:app' is not a numeric owner: write uid:gid, for example"
            + " <owner>1000:1000</owner>. Names are not looked up (the layer is written before any"
            + " /etc/passwd of the image could be read): use the numbers, as `id -u NAME` and `id"
            + " -g NAME` print them in the image",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<layer><stage>builder</stage><path>/app</path><owner>1000:9999999999</owner>"
              + "</layer>"
              + TAIL)
  void plan_ownerOutOfRange_isRefused(BuildMojo mojo) {
    assertEquals(
        "<layers>/<layer>[1]/<owner> '1000:9999999999' is not a numeric owner: write uid:gid, for"
            + " example <owner>1000:1000</owner> (each id at most 4294967294)",
        mistake(mojo));
  }
}
