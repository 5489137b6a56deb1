package dev.imagesmith.stage;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.archive.ArchiveExtractor;
import dev.imagesmith.fs.archive.ExtractLimits;
import dev.imagesmith.fs.archive.ExtractOptions;
import dev.imagesmith.fs.archive.ExtractReport;
import dev.imagesmith.plan.StepSpec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code <extract>}: unpacks a project archive (tar, tar.gz, tar.xz, tar.zst, tar.bz2, zip, or the
 * data of a .deb) into a directory of the stage with the hardened extractor: entries that climb out
 * of the target are refused, links resolve inside the stage. A source that is a symbolic link is
 * followed only inside the project ({@link ProjectFile}).
 */
final class ExtractStepExecutor implements StepExecutor<StepSpec.Extract> {
  private final ArchiveExtractor extractor = new ArchiveExtractor();
  private final Path projectBasedir;

  ExtractStepExecutor(Path projectBasedir) {
    this.projectBasedir = projectBasedir;
  }

  @Override
  public String kind() {
    return "extract";
  }

  @Override
  public StepOutcome execute(StepSpec.Extract step, StepContext context) throws IOException {
    String describe = context.describe(step, kind());
    // The same file the stage key hashed: a link is followed only inside the project.
    Path archive = ProjectFile.resolve(step.source(), projectBasedir, describe);
    ExtractReport report;
    try {
      report =
          extractor.extractFile(
              archive,
              context.sandbox(),
              step.target(),
              new ExtractOptions(step.stripComponents(), ExtractLimits.DEFAULTS));
    } catch (UserInputException e) {
      throw new UserInputException(describe + ": " + e.getMessage(), e);
    }
    context.log().info("  " + report.entries() + " entries into " + step.target());
    return StepOutcome.NONE;
  }
}
