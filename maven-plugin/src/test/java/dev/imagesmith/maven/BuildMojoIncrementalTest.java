package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.plan.Incremental;
import dev.imagesmith.plan.StageSpec;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/** {@code <incremental>} of a stage and the property {@code image.incremental}. */
@MojoTest
class BuildMojoIncrementalTest extends HarnessTestBase {
  private static final String POM =
      "<project><build><plugins><plugin><artifactId>image-maven-plugin</artifactId>"
          + "<configuration><from>scratch</from><stages>"
          + "<stage><name>a</name><incremental>true</incremental>"
          + "<steps><run><command>make</command></run></steps></stage>"
          + "<stage><name>b</name><incremental>false</incremental></stage>"
          + "<stage><name>c</name></stage>"
          + "</stages><layers><layer><stage>a</stage><path>/</path></layer></layers>"
          + "</configuration></plugin></plugins></build></project>";

  private static List<Incremental> incremental(BuildMojo mojo) {
    return mojo.plan().stages().stream().map(StageSpec::incremental).toList();
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  void plan_incrementalAsWritten(BuildMojo mojo) {
    assertEquals(List.of(Incremental.YES, Incremental.NO, Incremental.NO), incremental(mojo));
  }

  @Test
  @InjectMojo(goal = "build", pom = POM)
  @MojoParameter(name = "incremental", value = "false")
  void plan_propertyOff_runsFromScratch_andSaysWhy(BuildMojo mojo) {
    assertEquals(
        List.of(Incremental.OFF_BY_PROPERTY, Incremental.NO, Incremental.NO), incremental(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          POM_HEAD
              + "<from>scratch</from><stages><stage><name>a</name><incremental>yes</incremental>"
              + "</stage></stages><layers><layer><stage>a</stage><path>/</path></layer></layers>"
              + POM_TAIL)
  void plan_incrementalMisspelled_isOneMessage_notASilentFalse(BuildMojo mojo) {
    assertEquals(
        "<stages>/<stage>[1] (a)/<incremental> 'yes' is neither true nor false: write"
            + " <incremental>true</incremental> to run the stage's steps on the tree they left"
            + " last time, or leave it out",
        mistake(mojo));
  }
}
