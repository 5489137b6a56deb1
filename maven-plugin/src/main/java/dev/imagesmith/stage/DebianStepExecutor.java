package dev.imagesmith.stage;

import dev.imagesmith.debian.DebianArchitectures;
import dev.imagesmith.debian.DebianInstaller;
import dev.imagesmith.debian.DebianRequest;
import dev.imagesmith.debian.RepositoryClient;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.plan.RunIsolation;
import dev.imagesmith.plan.StepSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code <debian>}: installs Debian packages with their dependencies into the stage. On a host
 * stage through {@link DebianInstaller} alone (no dpkg, no apt, no chroot; maintainer scripts are
 * not run); in a stage-isolated stage the stage's own dpkg installs the verified packages inside it
 * and runs their scripts ({@link StageDpkg}). The architecture defaults to the image platform's.
 */
final class DebianStepExecutor implements StepExecutor<StepSpec.Debian> {
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
        step.architecture() != null
            ? step.architecture()
            : DebianArchitectures.of(platform, step.where());
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
    return new StepOutcome(
        installer.install(request, context.sandbox(), context.log()).scriptsNotRun(), List.of());
  }
}
