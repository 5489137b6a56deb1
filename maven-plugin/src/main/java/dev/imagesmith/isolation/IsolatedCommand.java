package dev.imagesmith.isolation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A run step to execute inside a stage.
 *
 * @param stageRoot the host directory that is the stage's {@code /}; its parent holds the step's
 *     private run directory while it runs
 * @param workingDirectory a clean absolute path inside the stage, which exists
 * @param environment the command's whole environment ({@code PATH} included)
 * @param network {@code false} for a network namespace with only loopback
 * @param timeout {@code null} for none
 * @param owners the owners other than root the stage's files have, given to them before the command
 *     runs when the mechanism {@link Isolation#holdsOwners() holds owners}
 * @param caches host directories bound into the stage for the step (cache mounts), none of them
 *     below another
 */
public record IsolatedCommand(
    Path stageRoot,
    String workingDirectory,
    String command,
    Map<String, String> environment,
    boolean network,
    Duration timeout,
    List<OwnedPath> owners,
    List<CacheBind> caches) {
  public IsolatedCommand {
    environment = Map.copyOf(environment);
    owners = List.copyOf(owners);
    caches = caches == null ? List.of() : List.copyOf(caches);
  }

  /** A command without cache mounts. */
  public IsolatedCommand(
      Path stageRoot,
      String workingDirectory,
      String command,
      Map<String, String> environment,
      boolean network,
      Duration timeout,
      List<OwnedPath> owners) {
    this(stageRoot, workingDirectory, command, environment, network, timeout, owners, List.of());
  }
}
