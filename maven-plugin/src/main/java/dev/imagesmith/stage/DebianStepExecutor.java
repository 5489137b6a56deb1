package dev.imagesmith.stage;

import dev.imagesmith.debian.DebianInstaller;
import dev.imagesmith.debian.DebianRequest;
import dev.imagesmith.debian.RepositoryClient;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StepSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code <debian>}: installs Debian packages with their dependencies into the stage. On a host
 * stage through {@link DebianInstaller} alone (no dpkg, no apt, no chroot; maintainer scripts are
 * not run); in a stage-isolated stage the stage's own dpkg installs the verified packages inside it
 * and runs their scripts ({@link StageDpkg}). The architecture defaults to the image platform's.
 */
final class DebianStepExecutor implements StepExecutor<StepSpec.Debian> {
  /** The host's apt configuration, which names the repository a step without one uses. */
  static final Path ETC_APT = Path.of("/etc/apt");

  /** Docker platform architectures and the Debian names for them. */
  private static final Map<String, String> DEBIAN_ARCHITECTURES =
      Map.of(
          "amd64", "amd64",
          "arm64", "arm64",
          "arm/v7", "armhf",
          "arm/v6", "armel",
          "arm/v5", "armel",
          "386", "i386",
          "ppc64le", "ppc64el",
          "s390x", "s390x",
          "riscv64", "riscv64",
          "mips64le", "mips64el");

  private final DebianInstaller installer;
  private final String platform;
  private final StageDpkg inside;

  /**
   * @param fetching how packages are fetched: limits, proxies, mirror
   * @param isolated runs dpkg inside stage-isolated stages
   * @param timestamp the build timestamp: {@code SOURCE_DATE_EPOCH} of the maintainer scripts
   */
  DebianStepExecutor(
      Path cacheDirectory,
      boolean offline,
      String platform,
      Fetching fetching,
      IsolatedRunStep isolated,
      Instant timestamp) {
    this.installer =
        new DebianInstaller(
            cacheDirectory,
            offline,
            ETC_APT,
            new RepositoryClient(fetching.limits(), fetching.proxies(), fetching.debianMirror()));
    this.platform = platform;
    this.inside = new StageDpkg(installer, isolated, timestamp);
  }

  @Override
  public String kind() {
    return "debian";
  }

  @Override
  public StepOutcome execute(StepSpec.Debian step, StepContext context) throws IOException {
    DebianRequest request = request(step, platform, context.describe(step, kind()));
    if (context.isolation() == RunIsolation.STAGE) {
      return inside.install(request, step, context);
    }
    return new StepOutcome(
        installer.install(request, context.sandbox(), context.log()).scriptsNotRun(), List.of());
  }

  /** The installer's request for {@code step}; {@code where} names it in messages. */
  static DebianRequest request(StepSpec.Debian step, String platform, String where) {
    String architecture =
        step.architecture() != null ? step.architecture() : architectureOf(platform, step.where());
    return new DebianRequest(
        step.packages(),
        step.repository(),
        step.suite(),
        step.components(),
        architecture,
        step.keyring(),
        step.excludes(),
        step.essential(),
        step.lockFile(),
        where);
  }

  /** {@code linux/arm64/v8} is {@code arm64}, {@code linux/arm/v7} is {@code armhf}. */
  static String architectureOf(String platform, String where) {
    String[] parts = platform.split("/");
    String arch = parts.length > 1 ? parts[1] : platform;
    String variant = parts.length > 2 ? parts[2] : null;
    String debian =
        arch.equals("arm")
            ? DEBIAN_ARCHITECTURES.get("arm/" + (variant == null ? "v7" : variant))
            : DEBIAN_ARCHITECTURES.get(arch);
    if (debian == null) {
      throw new UserInputException(
          where
              + ": the platform "
              + platform
              + " has no Debian architecture; name one with <architecture>");
    }
    return debian;
  }
}
