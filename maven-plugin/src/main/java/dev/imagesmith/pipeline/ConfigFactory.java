package dev.imagesmith.pipeline;

import dev.imagesmith.image.ImageConfig;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.HealthcheckSpec;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Applies {@code <container>} to the base image's config the way a Dockerfile does: environment and
 * labels (and exposed ports and volumes) are merged over the base's, the rest replaces it when
 * given (a health check whole), and a new entrypoint clears the base's command (Docker resets CMD
 * when ENTRYPOINT is set).
 */
final class ConfigFactory {
  private ConfigFactory() {}

  static ImageConfig apply(ImageConfig base, ContainerSpec container) {
    ImageConfig config = base;
    if (!container.environment().isEmpty()) {
      config =
          config.withMergedEnv(
              container.environment().entrySet().stream()
                  .map(entry -> entry.getKey() + "=" + entry.getValue())
                  .toList());
    }
    if (container.entrypoint() != null) {
      config = config.withEntrypoint(container.entrypoint());
      if (container.cmd() == null) {
        config = config.withCmd(null);
      }
    }
    if (container.cmd() != null) {
      config = config.withCmd(container.cmd());
    }
    if (container.user() != null) {
      config = config.withUser(container.user());
    }
    if (container.workingDirectory() != null) {
      config = config.withWorkingDir(container.workingDirectory());
    }
    if (!container.labels().isEmpty()) {
      config = config.withMergedLabels(container.labels());
    }
    List<String> ports = container.exposedPorts();
    if (ports != null && !ports.isEmpty()) {
      LinkedHashSet<String> all = new LinkedHashSet<>(config.exposedPorts());
      all.addAll(ports);
      config = config.withExposedPorts(all);
    }
    if (!container.volumes().isEmpty()) {
      LinkedHashSet<String> all = new LinkedHashSet<>(config.volumes());
      all.addAll(container.volumes());
      config = config.withVolumes(all);
    }
    if (container.stopSignal() != null) {
      config = config.withStopSignal(container.stopSignal());
    }
    HealthcheckSpec check = container.healthcheck();
    if (check != null) {
      config =
          config.withHealthcheck(
              check.test(),
              nanos(check.interval()),
              nanos(check.timeout()),
              nanos(check.startPeriod()),
              nanos(check.startInterval()),
              check.retries());
    }
    return config;
  }

  private static Long nanos(Duration duration) {
    return duration == null ? null : duration.toNanos();
  }
}
