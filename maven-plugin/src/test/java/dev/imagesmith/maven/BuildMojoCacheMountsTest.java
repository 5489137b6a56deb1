package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.CacheMount;
import dev.imagesmith.plan.CacheMountsSpec;
import dev.imagesmith.plan.StepSpec;
import java.time.Duration;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/** {@code <caches>} of run steps and the properties {@code image.cacheMounts.*}. */
@MojoTest
class BuildMojoCacheMountsTest extends HarnessTestBase {
  private static final String HEAD = BUILDER_HEAD;
  private static final String TAIL = BUILDER_TAIL;
  private static final String RUN = "<stages>/<stage>[1] (builder)/<steps>/<run>[1]";
  private static final String CACHES = RUN + "/<caches>";

  private static StepSpec.Run run(BuildMojo mojo) {
    return (StepSpec.Run) mojo.plan().stages().get(0).steps().get(0);
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<isolation>stage</isolation><steps><run><command>make</command><caches>"
              + "<cache>/root/.ccache</cache>"
              + "<cache><target>/root/.m2/repository/</target><id>m2</id></cache>"
              + "<cache><id>pip</id><target>/root/.cache/pip</target></cache>"
              + "</caches></run>"
              + TAIL)
  void plan_stageIsolated_shortAndLongForms(BuildMojo mojo) {
    assertEquals(
        List.of(
            new CacheMount("root-.ccache", "/root/.ccache", CACHES + "/<cache>[1]"),
            new CacheMount("m2", "/root/.m2/repository/", CACHES + "/<cache>[2]"),
            new CacheMount("pip", "/root/.cache/pip", CACHES + "/<cache>[3]")),
        run(mojo).caches());
    assertEquals(CacheMountsSpec.DEFAULT, mojo.plan().cacheMounts());
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<steps><run><command>make</command><caches><cache>ccache</cache></caches></run>"
              + TAIL)
  @MojoParameter(name = "cacheMountsClear", value = "true")
  @MojoParameter(name = "cacheMountsWait", value = "90s")
  void plan_hostStage_idAlone_andTheProperties(BuildMojo mojo) {
    BuildPlan plan = mojo.plan();
    assertEquals(
        List.of(new CacheMount("ccache", null, CACHES + "/<cache>[1]")), run(mojo).caches());
    assertEquals("IMAGESMITH_CACHE_CCACHE", run(mojo).caches().get(0).variable());
    assertEquals(new CacheMountsSpec(true, Duration.ofSeconds(90)), plan.cacheMounts());
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<isolation>stage</isolation><steps><run><command>make</command><caches>"
              + "<cache><id>../up</id><target>/a</target></cache>"
              + "<cache><id>x/y</id><target>/b</target></cache>"
              + "<cache><target>relative</target></cache>"
              + "<cache>/proc/x</cache>"
              + "<cache></cache>"
              + "<cache>/c</cache><cache><target>/c/</target><id>c2</id></cache>"
              + "</caches></run>"
              + TAIL)
  @MojoParameter(name = "cacheMountsWait", value = "soon")
  void I23_badCaches_eachReportedWithTheFix(BuildMojo mojo) {
    String message = mistake(mojo);
    String n = System.lineSeparator();
    assertEquals(
        "7 mistakes in the image-maven-plugin configuration:"
            + n
            + "  - "
            + CACHES
            + "/<cache>[1]/<id> '../up' is not a cache id: use up to 100 letters, digits, '.',"
            + " '_' and '-', starting with a letter, digit or '_' (no '/', no '..'), for example"
            + " <id>ccache</id>"
            + n
            + "  - "
            + CACHES
            + "/<cache>[2]/<id> 'x/y' is not a cache id: use up to 100 letters, digits, '.', '_'"
            + " and '-', starting with a letter, digit or '_' (no '/', no '..'), for example"
            + " <id>ccache</id>"
            + n
            + "  - "
            + CACHES
            + "/<cache>[3]/<target> 'relative' is not an absolute path in the stage: start it"
            + " with /, for example <target>/root/.ccache</target>"
            + n
            + "  - "
            + CACHES
            + "/<cache>[4]/<target> '/proc/x' would cover the stage's /proc/x, which the step"
            + " needs for itself: mount the cache at a directory of its own, for example"
            + " <target>/root/.cache</target>"
            + n
            + "  - "
            + CACHES
            + "/<cache>[5] is empty: name the directory to mount in the stage, for example"
            + " <cache>/root/.ccache</cache>, or, in a host stage, the cache's id, for example"
            + " <cache>ccache</cache>"
            + n
            + "  - "
            + CACHES
            + "/<cache>[7] has the target /c of "
            + CACHES
            + "/<cache>[6]: give each cache of a step its own id and target"
            + n
            + "  - <cacheMountsWait> (property image.cacheMounts.wait) 'soon' is not a duration: write a number and a unit,"
            + " for example -Dimage.cacheMounts.wait=90s, 30m or 2h (0s: fail at once when"
            + " another build holds a cache)",
        message);
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<isolation>stage</isolation><steps><run><command>make</command><caches>"
              + "<cache>only-id</cache></caches></run>"
              + TAIL)
  void plan_stageIsolated_cacheWithoutTarget_refused(BuildMojo mojo) {
    assertEquals(
        CACHES
            + "/<cache>[1] names no <target>: a stage-isolated run step mounts each cache at the"
            + " stage path its command uses, for example"
            + " <cache><target>/root/.ccache</target><id>only-id</id></cache>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<steps><run><command>make</command><caches>"
              + "<cache>a.b</cache><cache>a-b</cache></caches></run>"
              + TAIL)
  void plan_clashingVariables_refused(BuildMojo mojo) {
    assertEquals(
        CACHES
            + "/<cache>[2] has the variable IMAGESMITH_CACHE_A_B of "
            + CACHES
            + "/<cache>[1]: give each cache of a step its own id and target",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<steps><run><command>make</command><caches><cache>/root/.ccache</cache>"
              + "</caches></run>"
              + TAIL)
  void plan_hostStage_target_refused(BuildMojo mojo) {
    assertEquals(
        CACHES
            + "/<cache>[1] names the <target> /root/.ccache, but a host stage's command runs on"
            + " the host, where nothing is mounted: it finds the cache's directory in"
            + " $IMAGESMITH_CACHE_ROOT__CCACHE. Name the cache by its id alone"
            + " (<cache>root-.ccache</cache>), or run the stage's steps inside it with"
            + " <isolation>stage</isolation>",
        mistake(mojo));
  }
}
