package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StepSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/** {@code <isolation>} of a stage, {@code <network>} and {@code <timeout>} of its run steps. */
@MojoTest
class BuildMojoIsolationTest extends HarnessTestBase {
  private static final String HEAD = BUILDER_HEAD;
  private static final String TAIL = BUILDER_TAIL;
  private static final String STAGE = "<stages>/<stage>[1] (builder)";
  private static final String STEPS = STAGE + "/<steps>";

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<isolation>stage</isolation><steps>"
              + "<run><command>make -C /src install PREFIX=/install</command></run>"
              + "<run><command>make check</command><network>none</network>"
              + "<timeout>90s</timeout></run>"
              + "<run><command>true</command><network>default</network><timeout>2h</timeout>"
              + "</run>"
              + TAIL)
  void plan_stageIsolation_withNetworkAndTimeout(BuildMojo mojo) {
    BuildPlan plan = mojo.plan();
    assertEquals(RunIsolation.STAGE, plan.stages().get(0).isolation());
    assertEquals(
        List.of(
            new StepSpec.Run(
                "make -C /src install PREFIX=/install",
                Map.of(),
                "/",
                true,
                null,
                STEPS + "/<run>[1]"),
            new StepSpec.Run(
                "make check", Map.of(), "/", false, Duration.ofSeconds(90), STEPS + "/<run>[2]"),
            new StepSpec.Run(
                "true", Map.of(), "/", true, Duration.ofHours(2), STEPS + "/<run>[3]")),
        plan.stages().get(0).steps());
    assertEquals("auto", plan.isolationMechanism());
  }

  @Test
  @InjectMojo(goal = "build", pom = HEAD + "<steps><run><command>make</command></run>" + TAIL)
  void plan_noIsolation_runsOnTheHost(BuildMojo mojo) {
    assertEquals(RunIsolation.HOST, mojo.plan().stages().get(0).isolation());
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<isolation>chroot</isolation><steps>"
              + "<run><command>a</command><network>host</network><timeout>soon</timeout></run>"
              + TAIL)
  void plan_badValues_eachReported(BuildMojo mojo) {
    String message = mistake(mojo);
    String n = System.lineSeparator();
    assertEquals(
        "3 mistakes in the image-maven-plugin configuration:"
            + n
            + "  - "
            + STEPS
            + "/<run>[1]/<network> 'host' is not a network mode: write <network>none</network> to"
            + " cut the network, or leave it out"
            + n
            + "  - "
            + STEPS
            + "/<run>[1]/<timeout> 'soon' is not a duration: write a positive number and a unit,"
            + " for example <timeout>90s</timeout>, <timeout>30m</timeout> or"
            + " <timeout>2h</timeout>"
            + n
            + "  - "
            + STAGE
            + "/<isolation> 'chroot' is neither host nor stage: write"
            + " <isolation>stage</isolation> to run the stage's run steps inside it, or leave it"
            + " out to run them on the host",
        message);
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom = HEAD + "<steps><run><command>make check</command><network>none</network></run>" + TAIL)
  void plan_networkOnTheHost_refused(BuildMojo mojo) {
    assertEquals(
        STEPS
            + "/<run>[1]: <network> and <timeout> need <isolation>stage</isolation> on the stage"
            + " (a command on the host can neither be cut from the network nor be stopped with"
            + " every process it started)",
        mistake(mojo));
  }
}
