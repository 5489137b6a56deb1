package dev.imagesmith.stage;

import dev.imagesmith.debian.DebianInstaller;
import dev.imagesmith.debian.DebianReport;
import dev.imagesmith.debian.DebianRequest;
import dev.imagesmith.debian.RepositoryClient;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.TransferLimits;
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
   * @param isolated runs dpkg inside stage-isolated stages
   * @param timestamp the build timestamp: {@code SOURCE_DATE_EPOCH} of the maintainer scripts
   */
  DebianStepExecutor(
      Path cacheDirectory,
      boolean offline,
      String platform,
      TransferLimits limits,
      IsolatedRunStep isolated,
      Instant timestamp) {
    this.installer =
        new DebianInstaller(
            cacheDirectory, offline, Path.of("/etc/apt"), new RepositoryClient(limits));
    this.platform = platform;
    this.inside = new StageDpkg(installer, isolated, timestamp);
  }

  @Override
  public String kind() {
    return "debian";
  }

  @Override
  public StepOutcome execute(StepSpec.Debian step, StepContext context) throws IOException {
    String architecture =
        step.architecture() != null ? step.architecture() : architectureOf(platform, step.where());
    DebianRequest request =
        new DebianRequest(
            step.packages(),
            step.repository(),
            step.suite(),
            step.components(),
            architecture,
            step.keyring(),
            step.excludes(),
            step.essential(),
            step.lockFile(),
            context.describe(step, kind()));
    if (context.isolation() == RunIsolation.STAGE) {
      return inside.install(request, step, context);
    }
    DebianReport report = installer.install(request, context.sandbox(), context.log());
    return StepOutcome.debian(report, report.scriptsNotRun(), List.of());
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
