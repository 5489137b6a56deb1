package dev.imagesmith.plan;

import java.time.Duration;
import java.util.List;

/**
 * The image's health check, Docker's {@code HEALTHCHECK} (the config's {@code Healthcheck}, a
 * Docker extension of the OCI config). It replaces the base's whole.
 *
 * @param test {@code ["CMD", program, args...]}, {@code ["CMD-SHELL", command]} or {@code ["NONE"]}
 *     (no check, also none the base had)
 * @param interval between checks, {@code null} for the runtime's default (30 s)
 * @param timeout of one check, {@code null} for the default (30 s)
 * @param startPeriod during which failures do not count, {@code null} for the default (0)
 * @param startInterval between checks during the start period, {@code null} for the default
 * @param retries failures in a row that make the container unhealthy, {@code null} for the default
 *     (3)
 */
public record HealthcheckSpec(
    List<String> test,
    Duration interval,
    Duration timeout,
    Duration startPeriod,
    Duration startInterval,
    Integer retries) {
  public HealthcheckSpec {
    test = List.copyOf(test);
  }
}
