package dev.imagesmith.plan;

import java.util.List;
import java.util.Map;

/**
 * The runtime settings of the final image. A {@code null} list or string keeps the base image's
 * value; maps are merged over the base's (environment and labels), and so are the sets (exposed
 * ports, volumes).
 *
 * @param volumes absolute paths, Dockerfile {@code VOLUME}
 * @param stopSignal {@code SIGTERM}, {@code SIGRTMIN+3} or a number; {@code null} keeps the base's
 * @param healthcheck {@code null} keeps the base's
 */
public record ContainerSpec(
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> environment,
    String user,
    String workingDirectory,
    Map<String, String> labels,
    List<String> exposedPorts,
    List<String> volumes,
    String stopSignal,
    HealthcheckSpec healthcheck) {

  public ContainerSpec {
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
  }

  /**
   * The settings a Dockerfile's first seven instructions make; no volumes, stop signal or check.
   */
  public ContainerSpec(
      List<String> entrypoint,
      List<String> cmd,
      Map<String, String> environment,
      String user,
      String workingDirectory,
      Map<String, String> labels,
      List<String> exposedPorts) {
    this(
        entrypoint,
        cmd,
        environment,
        user,
        workingDirectory,
        labels,
        exposedPorts,
        List.of(),
        null,
        null);
  }

  public static ContainerSpec empty() {
    return new ContainerSpec(null, null, Map.of(), null, null, Map.of(), List.of());
  }

  /** This spec with {@code entrypoint} instead. */
  public ContainerSpec withEntrypoint(List<String> entrypoint) {
    return with(entrypoint, labels);
  }

  /** This spec with {@code labels} instead. */
  public ContainerSpec withLabels(Map<String, String> labels) {
    return with(entrypoint, labels);
  }

  /** The with-ers' one copy: every part as it is but the ones they change. */
  private ContainerSpec with(List<String> entrypoint, Map<String, String> labels) {
    return new ContainerSpec(
        entrypoint,
        cmd,
        environment,
        user,
        workingDirectory,
        labels,
        exposedPorts,
        volumes,
        stopSignal,
        healthcheck);
  }
}
