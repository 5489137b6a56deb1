package dev.imagesmith.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which mechanism runs a foreign platform's programs: binfmt_misc with the F flag, else proot with
 * QEMU, else one error that names the platform and what to install.
 */
class EmulationTest {
  @TempDir Path binfmt;

  /** Finds only the programs named, at /usr/bin. */
  private static Function<String, Optional<Path>> only(String... names) {
    Set<String> present = Set.of(names);
    return name ->
        present.contains(name) ? Optional.of(Path.of("/usr/bin", name)) : Optional.empty();
  }

  @Test
  void architectures_asImagesNameThem() {
    assertEquals("arm64", Emulation.architecture("linux/arm64/v8"));
    assertEquals("amd64", Emulation.architecture("linux/x86_64"));
    assertEquals("riscv64", Emulation.architecture("linux/riscv64"));
  }

  @Test
  void nothingInstalled_namesPlatformHostAndWhatToInstall() {
    Emulation.Refused refused =
        assertThrows(
            Emulation.Refused.class,
            () -> Emulation.chooseForeign("auto", "linux/arm64", binfmt, only()));
    assertEquals(
        "its programs are built for linux/arm64 and this host runs "
            + Emulation.hostArchitecture()
            + ", so they need user-mode emulation, and qemu-aarch64-static is not installed and"
            + " proot is not installed: install them (apt-get install qemu-user-static proot), or"
            + " register binfmt_misc handlers with the F flag (package qemu-user-static with"
            + " binfmt-support, or docker run --privileged tonistiigi/binfmt --install all); or"
            + " build this platform on a arm64 host, or run the step on the host"
            + " (<isolation>host</isolation>) with a cross-compiler",
        refused.getMessage());
  }

  @Test
  void qemuMissing_saysSo() {
    String message =
        assertThrows(
                Emulation.Refused.class,
                () -> Emulation.chooseForeign("auto", "linux/arm64", binfmt, only("proot")))
            .getMessage();
    assertTrue(message.contains("and qemu-aarch64-static is not installed: install them"), message);
  }

  @Test
  void forcedNamespaceMechanism_cannotRunQemuItself() {
    String message =
        assertThrows(
                Emulation.Refused.class,
                () ->
                    Emulation.chooseForeign(
                        "unshare", "linux/arm64", binfmt, only("proot", "qemu-aarch64-static")))
            .getMessage();
    assertTrue(
        message.contains(
            "image.isolation.mechanism=unshare cannot emulate without a binfmt_misc handler for"
                + " qemu-aarch64 (only proot runs QEMU itself); leave the mechanism to auto"),
        message);
  }

  @Test
  void unknownArchitecture_hasNoEmulator() {
    String message =
        assertThrows(
                Emulation.Refused.class,
                () -> Emulation.chooseForeign("auto", "linux/sparc64", binfmt, only("proot")))
            .getMessage();
    assertTrue(message.contains("there is no QEMU emulator known for sparc64"), message);
  }

  @Test
  void binfmtWithoutFixBinaryFlag_isNotEnough_prootRunsQemu() throws Exception {
    Assumptions.assumeTrue(
        HostTools.find("proot").isPresent() && HostTools.find("qemu-aarch64-static").isPresent(),
        "proot and qemu-user-static are not installed");
    // Without F the kernel looks for the interpreter inside the stage, where it is not.
    Files.writeString(
        binfmt.resolve("qemu-aarch64"),
        "enabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: OC\noffset 0\n");
    Isolation chosen = Emulation.chooseForeign("auto", "linux/arm64", binfmt, HostTools::find);
    assertEquals("proot", chosen.name());
    assertTrue(chosen.describe().contains("every program emulated by qemu-aarch64-static"));
  }

  @Test
  void binfmtWithFixBinaryFlag_anyMechanismRunsThePrograms() throws Exception {
    Files.writeString(
        binfmt.resolve("qemu-aarch64"),
        "enabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: OCF\noffset 0\n");
    Isolation chosen;
    try {
      chosen = Emulation.chooseForeign("auto", "linux/arm64", binfmt, only());
    } catch (IsolationRefusedException e) {
      Assumptions.abort("no isolation mechanism works on this host: " + e.getMessage());
      return;
    }
    assertEquals(IsolationProbe.choose("auto").name(), chosen.name());
    assertTrue(!chosen.describe().contains("emulated"), chosen.describe());
  }
}
