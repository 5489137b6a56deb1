package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.image.ImageConfig;
import dev.imagesmith.image.Platform;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.HealthcheckSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigFactoryTest {
  private static final ImageConfig BASE =
      ImageConfig.scratch(Platform.LINUX_AMD64)
          .withEnv(List.of("PATH=/usr/bin", "LANG=C.UTF-8"))
          .withEntrypoint(List.of("/bin/sh"))
          .withCmd(List.of("-c", "echo base"))
          .withUser("0")
          .withLabels(Map.of("vendor", "base", "keep", "yes"));

  @Test
  void apply_entrypointWithoutCmd_clearsTheBaseCommandLikeDocker() {
    ContainerSpec container =
        new ContainerSpec(List.of("/app/run"), null, Map.of(), null, null, Map.of(), List.of());

    ImageConfig config = ConfigFactory.apply(BASE, container);

    assertEquals(List.of("/app/run"), config.entrypoint());
    assertTrue(config.cmd().isEmpty(), config.cmd()::toString);
  }

  @Test
  void apply_mergesEnvironmentAndLabelsOverTheBase() {
    ContainerSpec container =
        new ContainerSpec(
            null,
            List.of("--help"),
            Map.of("PATH", "/install/bin:/usr/bin", "APP", "1"),
            "1000:1000",
            "/work",
            Map.of("vendor", "us"),
            List.of("8080/tcp"));

    ImageConfig config = ConfigFactory.apply(BASE, container);

    assertEquals(List.of("PATH=/install/bin:/usr/bin", "LANG=C.UTF-8", "APP=1"), config.env());
    assertEquals(List.of("/bin/sh"), config.entrypoint(), "kept from the base");
    assertEquals(List.of("--help"), config.cmd());
    assertEquals(Optional.of("1000:1000"), config.user());
    assertEquals(Optional.of("/work"), config.workingDir());
    assertEquals(Map.of("vendor", "us", "keep", "yes"), config.labels());
    assertTrue(config.exposedPorts().contains("8080/tcp"));
  }

  @Test
  void apply_volumesStopSignalHealthcheck_asDockerWritesThem() {
    ImageConfig base =
        BASE.withVolumes(java.util.Set.of("/var/lib/base"))
            .withHealthcheck(List.of("CMD", "/base-check"), 5_000_000_000L, null, null, null, 9);
    ContainerSpec container =
        otherwiseEmpty(
            List.of("/data", "/var/lib/base"),
            "SIGINT",
            new HealthcheckSpec(
                List.of("CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"),
                Duration.ofSeconds(30),
                Duration.ofMillis(2500),
                Duration.ofMinutes(1),
                null,
                3));

    ImageConfig config = ConfigFactory.apply(base, container);

    String json = config.toString();
    assertTrue(
        json.contains(
            "\"Healthcheck\":{\"Interval\":30000000000,\"Retries\":3,\"StartPeriod\":60000000000,"
                + "\"Test\":[\"CMD-SHELL\",\"curl -f http://localhost:8080/ || exit 1\"],"
                + "\"Timeout\":2500000000}"),
        json);
    assertTrue(json.contains("\"StopSignal\":\"SIGINT\""), json);
    assertTrue(json.contains("\"Volumes\":{\"/data\":{},\"/var/lib/base\":{}}"), json);
  }

  @Test
  void apply_disabledHealthcheck_replacesTheBasesWithNone() {
    ImageConfig base =
        BASE.withHealthcheck(List.of("CMD", "/base-check"), 5_000_000_000L, null, null, null, 9);
    ContainerSpec container =
        otherwiseEmpty(
            List.of(), null, new HealthcheckSpec(List.of("NONE"), null, null, null, null, null));

    String json = ConfigFactory.apply(base, container).toString();

    assertTrue(json.contains("\"Healthcheck\":{\"Test\":[\"NONE\"]}"), json);
  }

  @Test
  void apply_emptyContainer_keepsTheBaseConfig() {
    assertEquals(BASE, ConfigFactory.apply(BASE, ContainerSpec.empty()));
  }

  /** A container section with only volumes, a stop signal and a healthcheck. */
  private static ContainerSpec otherwiseEmpty(
      List<String> volumes, String stopSignal, HealthcheckSpec healthcheck) {
    return new ContainerSpec(
        null, null, Map.of(), null, null, Map.of(), List.of(), volumes, stopSignal, healthcheck);
  }
}
