package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.HealthcheckSpec;
import java.time.Duration;
import java.util.List;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/**
 * {@code <container>}'s Dockerfile counterparts of {@code EXPOSE}, {@code VOLUME}, {@code
 * STOPSIGNAL} and {@code HEALTHCHECK}: what they become, and each mistake's message with its XML
 * path.
 */
@MojoTest
class BuildMojoContainerTest extends HarnessTestBase {
  private static final String HEAD =
      POM_HEAD
          + "<from>scratch</from><stages><stage><name>builder</name></stage>"
          + "</stages><layers><layer><stage>builder</stage><path>/install</path></layer></layers>"
          + "<container>";
  private static final String TAIL = "</container>" + POM_TAIL;

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<exposedPorts><port>8080</port><port>8443/tcp</port><port>53/UDP</port>"
              + "</exposedPorts>"
              + "<volumes><volume>/var/lib/app/</volume><volume>/tmp/cache</volume></volumes>"
              + "<stopSignal>term</stopSignal>"
              + "<healthcheck><command><arg>/app/health</arg><arg>--quick</arg></command>"
              + "<interval>1m30s</interval><timeout>500ms</timeout><startPeriod>10s</startPeriod>"
              + "<startInterval>2s</startInterval><retries>5</retries></healthcheck>"
              + TAIL)
  void plan_dockerfileFields_becomeTheSpec(BuildMojo mojo) {
    ContainerSpec container = mojo.plan().container();
    assertEquals(List.of("8080/tcp", "8443/tcp", "53/udp"), container.exposedPorts());
    assertEquals(List.of("/var/lib/app", "/tmp/cache"), container.volumes());
    assertEquals("SIGTERM", container.stopSignal());
    assertEquals(
        new HealthcheckSpec(
            List.of("CMD", "/app/health", "--quick"),
            Duration.ofSeconds(90),
            Duration.ofMillis(500),
            Duration.ofSeconds(10),
            Duration.ofSeconds(2),
            5),
        container.healthcheck());
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<stopSignal>SIGRTMIN+3</stopSignal><healthcheck><shellCommand>curl -f"
              + " http://localhost:8080/ || exit 1</shellCommand></healthcheck>"
              + TAIL)
  void plan_shellHealthcheckAndRealtimeSignal(BuildMojo mojo) {
    ContainerSpec container = mojo.plan().container();
    assertEquals("SIGRTMIN+3", container.stopSignal());
    assertEquals(
        List.of("CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"),
        container.healthcheck().test());
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom =
          HEAD
              + "<exposedPorts><port>8080/http</port><port>70000</port></exposedPorts>"
              + "<volumes><volume>data</volume><volume>/</volume></volumes>"
              + "<stopSignal>SIGTREM</stopSignal>"
              + "<healthcheck><disabled>true</disabled><shellCommand>true</shellCommand>"
              + "<interval>soon</interval><retries>0</retries></healthcheck>"
              + TAIL)
  void plan_everyMistake_namesItsPath(BuildMojo mojo) {
    String n = System.lineSeparator() + "  - ";
    assertEquals(
        "9 mistakes in the image-maven-plugin configuration:"
            + n
            + "<container>/<exposedPorts>/<port>[1] '8080/http' is not a port: write a number from"
            + " 1 to 65535, optionally with /tcp, /udp or /sctp, for example <port>8080</port> or"
            + " <port>53/udp</port>"
            + n
            + "<container>/<exposedPorts>/<port>[2] '70000' is not a port: write a number from 1"
            + " to 65535, optionally with /tcp, /udp or /sctp, for example <port>8080</port> or"
            + " <port>53/udp</port>"
            + n
            + "<container>/<volumes>/<volume>[1] 'data' is not an absolute path in the image:"
            + " start it with /, for example <volume>/var/lib/app</volume>"
            + n
            + "<container>/<volumes>/<volume>[2] is the image's root: name the directory that"
            + " holds the container's data, for example <volume>/var/lib/app</volume>"
            + n
            + "<container>/<stopSignal> 'SIGTREM' is not a signal: write a name such as SIGTERM,"
            + " SIGINT or SIGQUIT, SIGRTMIN+3, or a number from 1 to 64"
            + n
            + "<container>/<healthcheck> gives more than one check: write one of"
            + " <command><arg>/app/health</arg></command>, <shellCommand>curl -f"
            + " http://localhost:8080/ || exit 1</shellCommand> or <disabled>true</disabled>"
            + n
            + "<container>/<healthcheck>/<interval> 'soon' is not a duration of 1ms or more:"
            + " write a number with a unit, such as 500ms, 30s, 1m30s or 1h"
            + n
            + "<container>/<healthcheck>/<retries> is 0: write how many failed checks in a row"
            + " make the container unhealthy, 1 or more, or leave it out for the runtime's"
            + " default of 3"
            + n
            + "<container>/<healthcheck>: <disabled>true</disabled> turns the check off, so"
            + " <interval>, <timeout>, <startPeriod>, <startInterval> and <retries> mean nothing:"
            + " remove them, or <disabled>",
        mistake(mojo));
  }

  @Test
  @InjectMojo(
      goal = "build",
      pom = HEAD + "<healthcheck><interval>30s</interval></healthcheck>" + TAIL)
  void plan_healthcheckWithoutTest_saysWhatToWrite(BuildMojo mojo) {
    assertEquals(
        "<container>/<healthcheck> says no check: write one of"
            + " <command><arg>/app/health</arg></command>, <shellCommand>curl -f"
            + " http://localhost:8080/ || exit 1</shellCommand> or <disabled>true</disabled>",
        mistake(mojo));
  }
}
