package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.debian.RepositorySettings;
import dev.imagesmith.elf.ElfReader;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Compression;
import dev.imagesmith.image.Digest;
import dev.imagesmith.isolation.Emulation;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.plan.SupplyChainSpec;
import dev.imagesmith.plan.TargetSpec;
import dev.imagesmith.registry.Registries;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryPusher;
import dev.imagesmith.registry.RegistryServer;
import dev.imagesmith.testkit.DebianOnline;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-platform builds for real: busybox-static for amd64 and for arm64 from the host's Debian
 * repository, one image each and an OCI index over them, read by skopeo and umoci, each busybox of
 * its platform's ELF machine, pushed to a real docker-registry; a stage-isolated run step of arm64
 * under qemu. Skipped, saying why, when Debian's archive cannot be reached.
 */
class MultiPlatformBuildTest {
  private static final URI MIRROR = DebianOnline.MIRROR;

  /** Shared by the runs of this class: each Packages index and .deb is fetched once. */
  private static final Path CACHE = Path.of("target/multiplatform-cache").toAbsolutePath();

  private static final List<String> TWO = List.of("linux/amd64", "linux/arm64");

  @TempDir Path temp;

  @BeforeAll
  static void debianReachable() {
    DebianOnline.assumeReachable(MultiPlatformBuildTest.class);
  }

  @Test
  void twoPlatforms_indexOfTwoImages_eachOfItsMachine_reproducible_pushed() throws Exception {
    Path project = temp.resolve("project");
    BuildResult first = new ImageBuilder(BuildLog.silent()).build(plan(project, TWO, null));
    Path output = project.resolve("target/image");
    assertEquals(
        first.digest().toString(),
        Files.readString(output.resolve("digest"), StandardCharsets.UTF_8).strip());
    assertFalse(Files.exists(output.resolve("image.tar")), "a docker-archive holds one platform");

    // skopeo reads the tagged entry as an OCI image index of the two platforms, in order.
    JsonNode index =
        json(run(temp, "skopeo", "inspect", "--raw", "oci:" + output.resolve("oci") + ":1"));
    assertEquals("application/vnd.oci.image.index.v1+json", index.get("mediaType").asText());
    List<String> platforms = new ArrayList<>();
    index
        .get("manifests")
        .forEach(m -> platforms.add(m.get("platform").get("architecture").asText()));
    assertEquals(List.of("amd64", "arm64"), platforms);
    assertEquals(
        "sha256:"
            + Digest.ofBytes(
                    Files.readAllBytes(
                        output.resolve("oci/blobs/sha256/" + first.digest().encoded())))
                .encoded(),
        first.digest().toString());

    // Each platform's image: its own layout unpacks with umoci, busybox has the platform's machine.
    Map<String, Integer> machines = Map.of("linux/amd64", 62, "linux/arm64", 183);
    for (int i = 0; i < TWO.size(); i++) {
      String platform = TWO.get(i);
      String dir = platform.replace('/', '-');
      Path bundle = temp.resolve("bundle-" + dir);
      unpack(output.resolve(dir + "/oci"), bundle);
      assertEquals(machines.get(platform), machine(bundle.resolve("rootfs/bin/busybox")), platform);
      // skopeo picks the platform's image from the index (its Digest is the index's own).
      JsonNode chosen =
          json(
              run(
                  temp,
                  "skopeo",
                  "--override-arch",
                  platform.split("/")[1],
                  "inspect",
                  "oci:" + output.resolve("oci") + ":1"));
      assertEquals(platform.split("/")[1], chosen.get("Architecture").asText(), platform);
      String manifest = index.get("manifests").get(i).get("digest").asText();
      assertEquals(
          manifest,
          Files.readString(output.resolve(dir + "/digest")).strip(),
          "the platform's digest");
      JsonNode layers =
          json(
              run(
                  temp,
                  "skopeo",
                  "inspect",
                  "--raw",
                  "oci:" + output.resolve(dir + "/oci") + ":1"));
      assertEquals(
          layers.get("layers").get(0).get("digest").asText(),
          chosen.get("Layers").get(0).asText(),
          platform);
      assertTrue(Files.isRegularFile(output.resolve(dir + "/image.tar")), platform);
      assertTrue(Files.isRegularFile(output.resolve(dir + "/sbom.cdx.json")), platform);
    }
    // The lock keeps a section per architecture.
    String lock = Files.readString(project.resolve("image-debian.lock"));
    assertTrue(lock.contains(" amd64 ") && lock.contains(" arm64 "), lock);

    // Built again from scratch elsewhere: the same index.
    Path again = temp.resolve("again");
    BuildResult second = new ImageBuilder(BuildLog.silent()).build(plan(again, TWO, null));
    assertEquals(first.digest(), second.digest());

    // Pushed to a real registry: every platform by its digest, the index under the tag.
    RegistryServer.assumeInstalled();
    try (RegistryServer registry =
        RegistryServer.start(temp.resolve("registry"), RegistryServer.Mode.PLAIN)) {
      String repository = registry.address() + "/multi/busybox";
      new RegistryPusher(
              new Registries(RegistryOptions.defaults(), BuildLog.silent()), BuildLog.silent())
          .push(output.resolve("oci"), first.digest(), List.of(repository + ":1"), "<to>/<image>");
      JsonNode pushed =
          json(
              run(
                  temp,
                  "skopeo",
                  "inspect",
                  "--tls-verify=false",
                  "--raw",
                  "docker://" + repository + ":1"));
      assertEquals(index, pushed);
      for (JsonNode manifest : index.get("manifests")) {
        String digest = manifest.get("digest").asText();
        JsonNode inspected =
            json(
                run(
                    temp,
                    "skopeo",
                    "inspect",
                    "--tls-verify=false",
                    "docker://" + repository + "@" + digest));
        assertEquals(digest, inspected.get("Digest").asText());
        assertEquals(
            manifest.get("platform").get("architecture").asText(),
            inspected.get("Architecture").asText());
      }
    }
  }

  @Test
  void foreignRunStep_runsUnderQemu_orFailsNamingStepPlatformAndWhatToInstall() throws Exception {
    Assumptions.assumeTrue(
        Emulation.hostArchitecture().equals("amd64"), "the test's foreign platform is arm64");
    // An arm64 root with a shell: busybox-static's image, unpacked, with /bin/sh.
    BuildResult busybox =
        new ImageBuilder(BuildLog.silent())
            .build(plan(temp.resolve("busybox"), List.of("linux/arm64"), null));
    Path bundle = temp.resolve("bundle-busybox");
    unpack(busybox.outputDirectory().resolve("oci"), bundle);
    Files.createSymbolicLink(bundle.resolve("rootfs/bin/sh"), Path.of("busybox"));

    String where = "<stages>/<stage>[1] (rootfs)/<steps>/<run>[2]";
    StageSpec inside =
        new StageSpec(
            "rootfs",
            null,
            List.of(
                new StepSpec.Copy(
                    bundle.resolve("rootfs"),
                    "/",
                    "<stages>/<stage>[1] (rootfs)/<steps>/<copy>[1]"),
                new StepSpec.Run("busybox uname -m > /machine", Map.of(), "/", where)),
            PruneSpec.defaults(),
            "<stages>/<stage>[1] (rootfs)",
            RunIsolation.STAGE);
    BuildPlan plan = plan(temp.resolve("project"), List.of("linux/arm64"), inside);
    boolean emulated =
        Files.isExecutable(Path.of("/usr/bin/qemu-aarch64-static"))
            && Files.isExecutable(Path.of("/usr/bin/proot"));
    if (!emulated) {
      String message =
          assertThrows(
                  UserInputException.class, () -> new ImageBuilder(BuildLog.silent()).build(plan))
              .getMessage();
      System.out.println(
          "MultiPlatformBuildTest: no qemu-aarch64-static or proot here, checked the failure: "
              + message);
      assertTrue(message.contains(where + " (run) runs inside its stage"), message);
      assertTrue(message.contains("built for linux/arm64"), message);
      assertTrue(message.contains("apt-get install qemu-user-static proot"), message);
      return;
    }
    BuildResult result = new ImageBuilder(BuildLog.silent()).build(plan);
    Path unpacked = temp.resolve("bundle");
    unpack(result.outputDirectory().resolve("oci"), unpacked);
    assertEquals("aarch64\n", Files.readString(unpacked.resolve("rootfs/machine")));
  }

  @Test
  void platformWithoutEmulator_failsNamingThePlatformAndTheWaysOut() {
    Emulation.Refused refused =
        assertThrows(Emulation.Refused.class, () -> Emulation.choose("auto", "linux/sparc64"));
    assertTrue(
        refused.getMessage().startsWith("its programs are built for linux/sparc64"),
        refused.getMessage());
    assertTrue(
        refused.getMessage().contains("no QEMU emulator known for sparc64"), refused.getMessage());
  }

  /**
   * The image of stage {@code rootfs}: {@code stage}, or without it busybox-static from Debian's
   * bookworm.
   */
  private static BuildPlan plan(Path project, List<String> platforms, StageSpec stage)
      throws IOException {
    Files.createDirectories(project);
    StageSpec rootfs =
        stage != null
            ? stage
            : new StageSpec(
                "rootfs",
                null,
                List.of(
                    new StepSpec.Debian(
                        List.of("busybox-static"),
                        MIRROR,
                        "bookworm",
                        List.of("main"),
                        null,
                        RepositorySettings.DEBIAN_ARCHIVE_KEYRING,
                        List.of(),
                        false,
                        project.resolve("image-debian.lock"),
                        "<stages>/<stage>[1] (rootfs)/<steps>/<debian>[1]")),
                PruneSpec.defaults(),
                "<stages>/<stage>[1] (rootfs)");
    return new BuildPlan(
        new BaseSpec.Scratch(),
        List.of(rootfs),
        List.of(new LayerSpec("rootfs", "/", "<layers>/<layer>[1]")),
        ContainerSpec.empty().withEntrypoint(List.of("/bin/busybox")),
        new TargetSpec("example.org/multi/busybox:1", List.of()),
        project,
        project.resolve("target/imagesmith-work/default"),
        project.resolve("target/image"),
        CACHE,
        Instant.parse("2026-01-01T00:00:00Z"),
        Compression.GZIP,
        false,
        ProjectArtifacts.none(),
        // busybox ships an initramfs hook, a #!/bin/sh script no container runs.
        new ChecksSpec(
            dev.imagesmith.plan.BudgetSpec.NONE,
            true,
            List.of(),
            true,
            List.of("/usr/share/initramfs-tools/**")),
        false,
        "auto",
        null,
        SupplyChainSpec.DEFAULT,
        platforms,
        null,
        null);
  }

  /**
   * The ELF machine of {@code file}, e_machine as the elf package reads it (62 x86-64, 183
   * AArch64).
   */
  private static int machine(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      return ElfReader.read(channel).orElseThrow().ident().machine();
    }
  }

  private static JsonNode json(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }

  /**
   * umoci's rootless unpack of the image tagged {@code 1} in {@code layout} into {@code bundle}.
   */
  private void unpack(Path layout, Path bundle) throws IOException, InterruptedException {
    run(temp, "umoci", "unpack", "--rootless", "--image", layout + ":1", bundle.toString());
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(false)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    if (code != 0) {
      throw new AssertionError(
          String.join(" ", command)
              + " failed ("
              + code
              + "):\n"
              + Files.readString(dir.resolve("stderr.txt")));
    }
    return out;
  }
}
