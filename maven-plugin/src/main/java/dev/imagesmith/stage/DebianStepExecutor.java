package dev.imagesmith.stage;

import dev.imagesmith.debian.DebianArchitectures;
import dev.imagesmith.debian.DebianInstaller;
import dev.imagesmith.debian.DebianReport;
import dev.imagesmith.debian.DebianRequest;
import dev.imagesmith.debian.RepositoryClient;
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
  /** The host's apt configuration, which names the repository a step without one uses. */
  static final Path ETC_APT = Path.of("/etc/apt");

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
    DebianReport report = installer.install(request, context.sandbox(), context.log());
    return StepOutcome.debian(report, report.scriptsNotRun(), List.of());
  }

  /** The installer's request for {@code step}; {@code where} names it in messages. */
  static DebianRequest request(StepSpec.Debian step, String platform, String where) {
    String architecture =
        step.architecture() != null
            ? step.architecture()
            : DebianArchitectures.of(platform, step.where());
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
}
