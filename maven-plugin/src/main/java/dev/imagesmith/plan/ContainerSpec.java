package dev.imagesmith.plan;

import java.util.List;
import java.util.Map;

/**
 * The runtime settings of the final image. A {@code null} list or string keeps the base image's
 * value; maps are merged over the base's (environment and labels).
 */
public record ContainerSpec(
    List<String> entrypoint,
    List<String> cmd,
    Map<String, String> environment,
    String user,
    String workingDirectory,
    Map<String, String> labels,
    List<String> exposedPorts) {

  public static ContainerSpec empty() {
    return new ContainerSpec(null, null, Map.of(), null, null, Map.of(), List.of());
  }
}
