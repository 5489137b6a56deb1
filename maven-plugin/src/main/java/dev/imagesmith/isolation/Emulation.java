package dev.imagesmith.isolation;

import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a stage of another architecture than the host's runs its own programs: under user-mode
 * emulation. When the kernel has a {@code binfmt_misc} handler for the architecture registered with
 * the {@code F} flag (the interpreter opened at registration, so it works inside any namespace),
 * any mechanism runs the stage's programs as it would native ones. Otherwise proot runs every
 * program through {@code qemu-<arch>-static} ({@code proot -q}). Without either, the step fails
 * saying what to install.
 */
public final class Emulation {
  /** Platform architectures (Go's names, as images use) and QEMU's names for them. */
  private static final Map<String, String> QEMU =
      Map.ofEntries(
          Map.entry("amd64", "x86_64"),
          Map.entry("arm64", "aarch64"),
          Map.entry("arm", "arm"),
          Map.entry("386", "i386"),
          Map.entry("ppc64le", "ppc64le"),
          Map.entry("s390x", "s390x"),
          Map.entry("riscv64", "riscv64"),
          Map.entry("mips64le", "mips64el"),
          Map.entry("loong64", "loongarch64"));

  static final Path BINFMT = Path.of("/proc/sys/fs/binfmt_misc");

  private Emulation() {}

  /** The host's architecture as images name it ({@code amd64}, {@code arm64}). */
  public static String hostArchitecture() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i686" -> "386";
      default -> arch;
    };
  }

  /** The architecture of {@code platform} ({@code linux/arm64/v8} is {@code arm64}). */
  public static String architecture(String platform) {
    String[] parts = platform.split("/");
    String arch = parts.length > 1 ? parts[1] : platform;
    return switch (arch) {
      case "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
  }

  /** Whether programs of {@code platform} run on this host without emulation. */
  public static boolean isNative(String platform) {
    return architecture(platform).equals(hostArchitecture());
  }

  /**
   * The mechanism that runs {@code platform}'s programs inside a stage: {@link
   * IsolationProbe#choose} itself for the host's platform or where binfmt_misc emulates it, else
   * proot with QEMU.
   *
   * @throws IsolationRefusedException naming the platform and what to install when neither serves
   */
  public static Isolation choose(String mechanism, String platform) {
    if (isNative(platform)) {
      return IsolationProbe.choose(mechanism);
    }
    return chooseForeign(mechanism, platform, BINFMT, HostTools::find);
  }

  /**
   * For a platform not the host's, with binfmt_misc's entries read from {@code binfmt} and host
   * programs found by {@code find}.
   */
  static Isolation chooseForeign(
      String mechanism, String platform, Path binfmt, Function<String, Optional<Path>> find) {
    String qemu = QEMU.get(architecture(platform));
    if (qemu != null && binfmtRegistered(binfmt, qemu)) {
      return IsolationProbe.choose(mechanism);
    }
    String forced = mechanism == null ? "auto" : mechanism.strip().toLowerCase(Locale.ROOT);
    Optional<Path> emulator =
        qemu == null
            ? Optional.empty()
            : find.apply("qemu-" + qemu + "-static").or(() -> find.apply("qemu-" + qemu));
    Optional<Path> proot = find.apply("proot");
    if (emulator.isPresent() && proot.isPresent() && forced.matches("auto|proot")) {
      IsolationProbe.choose("proot"); // proot must work on this host at all
      return new ProotIsolation(proot.get(), HostIds.uid() == 0, emulator.get());
    }
    throw new Refused(
        "its programs are built for "
            + platform
            + " and this host runs "
            + hostArchitecture()
            + ", so they need user-mode emulation, and "
            + (qemu == null
                ? "there is no QEMU emulator known for " + architecture(platform)
                : !forced.matches("auto|proot")
                    ? "image.isolation.mechanism="
                        + forced
                        + " cannot emulate without a binfmt_misc handler for qemu-"
                        + qemu
                        + " (only proot runs QEMU itself); leave the mechanism to auto"
                    : (emulator.isEmpty() ? "qemu-" + qemu + "-static is not installed" : "")
                        + (emulator.isEmpty() && proot.isEmpty() ? " and " : "")
                        + (proot.isEmpty() ? "proot is not installed" : "")
                        + ": install them (apt-get install qemu-user-static proot), or register"
                        + " binfmt_misc handlers with the F flag (package qemu-user-static"
                        + " with binfmt-support, or docker run --privileged"
                        + " tonistiigi/binfmt --install all)")
            + "; or build this platform on a "
            + architecture(platform)
            + " host, or run the step on the host ("
            + ConfigPaths.written(ConfigPaths.POM.steps().isolation(), "host")
            + ") with a"
            + " cross-compiler");
  }

  /** No emulation for a foreign platform: the message starts with "its programs are built for". */
  public static final class Refused extends IsolationRefusedException {
    Refused(String message) {
      super(message);
    }
  }

  /** Whether binfmt_misc emulates {@code qemu} in every namespace: enabled, with the F flag. */
  static boolean binfmtRegistered(Path binfmt, String qemu) {
    Path entry = binfmt.resolve("qemu-" + qemu);
    try {
      if (!Files.isRegularFile(entry)) {
        return false;
      }
      String text = Files.readString(entry);
      return text.startsWith("enabled") && text.lines().anyMatch(l -> l.matches("flags:.*F.*"));
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
