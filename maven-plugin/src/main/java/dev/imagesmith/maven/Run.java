package dev.imagesmith.maven;

import dev.imagesmith.plan.CacheMount;
import dev.imagesmith.plan.StepSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <run><command>make install DESTDIR="$STAGE_ROOT"</command></run>}: runs a shell command
 * ({@code /bin/sh -c}). In a stage with {@code <isolation>host</isolation>} (the default) it runs
 * on the host with {@code STAGE_ROOT} and {@code DESTDIR} set to the stage root, with the build
 * user's rights; with {@code <isolation>stage</isolation>} it runs inside the stage, which is its
 * {@code /}. Its {@code <caches>} persist from build to build outside every stage and layer.
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

  /**
   * Directories that persist from build to build and never enter a layer (BuildKit's {@code RUN
   * --mount=type=cache}): a compiler cache, a package manager's downloads. In a stage with {@code
   * <isolation>stage</isolation>} each is mounted at its {@code <target>} for the step; in a host
   * stage the command finds each in {@code IMAGESMITH_CACHE_<ID>}. They live in {@code
   * <cacheDirectory>/mounts/<id>}, are shared by every build that names the id, one step at a time,
   * and are emptied by {@code -Dimage.cacheMounts.clear=true}.
   *
   * <pre>{@code <caches><cache>/root/.ccache</cache></caches>}</pre>
   */
  private List<Cache> caches;

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
    List<CacheMount> mounts = caches(XmlPath.child(where, "caches"), problems);
    if (shell == null
        || directory == null
        || withNetwork == null
        || limit == INVALID
        || mounts == null) {
      return null;
    }
    return new StepSpec.Run(
        shell, ConfigValues.map(environment), directory, withNetwork, limit, mounts, where);
  }

  /** The step's cache mounts, or {@code null} after recording each mistake. */
  private List<CacheMount> caches(String where, Problems problems) {
    List<CacheMount> mounts = new ArrayList<>();
    if (caches == null) {
      return mounts;
    }
    int before = problems.count();
    Map<String, String> firstOf = new HashMap<>();
    for (int i = 0; i < caches.size(); i++) {
      CacheMount mount = Cache.toSpec(caches.get(i), XmlPath.item(where, "cache", i), problems);
      if (mount == null) {
        continue;
      }
      List<String> keys = new ArrayList<>(List.of("id '" + mount.id() + "'", mount.variable()));
      if (mount.target() != null) {
        keys.add("target " + mount.target().replaceAll("/+$", ""));
      }
      for (String key : keys) {
        String earlier = firstOf.putIfAbsent(key, mount.where());
        if (earlier != null) {
          problems.add(
              mount.where()
                  + " has the "
                  + (key.startsWith("IMAGESMITH_") ? "variable " : "")
                  + key
                  + " of "
                  + earlier
                  + ": give each cache of a step its own id and target");
          break;
        }
      }
      mounts.add(mount);
    }
    return problems.count() == before ? mounts : null;
  }

  private static final Duration INVALID = Duration.ofNanos(-1);

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
    Duration duration = Durations.parse(timeout);
    if (duration != null && !duration.isZero()) {
      return duration;
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
