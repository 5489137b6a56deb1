package dev.imagesmith.maven;

import dev.imagesmith.plan.StepSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code <run><command>make install DESTDIR="$STAGE_ROOT"</command></run>}: runs a shell command
 * ({@code /bin/sh -c}). In a stage with {@code <isolation>host</isolation>} (the default) it runs
 * on the host with {@code STAGE_ROOT} and {@code DESTDIR} set to the stage root, with the build
 * user's rights; with {@code <isolation>stage</isolation>} it runs inside the stage, which is its
 * {@code /}.
 */
public final class Run implements StepConfig {
  /**
   * The shell command. On the host an absolute path is the host's; inside the stage it is the
   * stage's ({@code make -C /src install PREFIX=/install}).
   */
  private String command;

  /**
   * Extra environment variables, for example {@code <CFLAGS>-O2</CFLAGS>}. Inside the stage they
   * come last, after {@code PATH}, {@code HOME} and the base image's {@code Env}; their names must
   * be shell names (letters, digits, {@code _}).
   */
  private Map<String, String> environment;

  /** The absolute path inside the stage to start in; {@code /} when absent. */
  private String workingDirectory;

  /**
   * {@code none} cuts the network: the command gets a network of its own with only a loopback
   * interface. Without it (or with {@code default}) a stage-isolated step reaches the network as
   * the host does. Needs {@code <isolation>stage</isolation>}, and unshare or bwrap (not proot).
   */
  private String network;

  /**
   * How long the command may run, for example {@code 90s}, {@code 30m} or {@code 2h}. When it is
   * reached the command and every process it started are stopped and the build fails. None when
   * absent. Needs {@code <isolation>stage</isolation>}.
   */
  private String timeout;

  @Override
  public String element() {
    return "run";
  }

  @Override
  public StepSpec toSpec(Path basedir, String where, Problems problems) {
    String shell =
        problems.required(
            command,
            XmlPath.child(where, "command"),
            "write the shell command to run, for example <command>make install"
                + " DESTDIR=\"$STAGE_ROOT\"</command>");
    String directory =
        workingDirectory == null
            ? "/"
            : problems.imagePath(
                workingDirectory,
                XmlPath.child(where, "workingDirectory"),
                "<workingDirectory>/src</workingDirectory>");
    Boolean withNetwork = network(XmlPath.child(where, "network"), problems);
    Duration limit = timeout(XmlPath.child(where, "timeout"), problems);
    if (shell == null || directory == null || withNetwork == null || limit == INVALID) {
      return null;
    }
    return new StepSpec.Run(
        shell, ConfigValues.map(environment), directory, withNetwork, limit, where);
  }

  private static final Duration INVALID = Duration.ofNanos(-1);
  private static final Pattern TIMEOUT = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

  private Boolean network(String where, Problems problems) {
    if (network == null || network.isBlank() || network.strip().equals("default")) {
      return true;
    }
    if (network.strip().equals("none")) {
      return false;
    }
    problems.add(
        where
            + " '"
            + network.strip()
            + "' is not a network mode: write <network>none</network> to cut the network, or leave"
            + " it out");
    return null;
  }

  private Duration timeout(String where, Problems problems) {
    if (timeout == null || timeout.isBlank()) {
      return null;
    }
    Matcher matcher = TIMEOUT.matcher(timeout.strip());
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      Duration duration =
          switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
          };
      if (!duration.isZero()) {
        return duration;
      }
    }
    problems.add(
        where
            + " '"
            + timeout.strip()
            + "' is not a duration: write a positive number and a unit, for example"
            + " <timeout>90s</timeout>, <timeout>30m</timeout> or <timeout>2h</timeout>");
    return INVALID;
  }
}
