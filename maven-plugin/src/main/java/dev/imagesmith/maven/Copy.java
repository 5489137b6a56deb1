package dev.imagesmith.maven;

import dev.imagesmith.plan.StepSpec;
import java.nio.file.Path;

/**
 * {@code <copy><source>src/native</source><target>/src</target></copy>}: copies a project file or
 * directory (a directory's contents, like Docker's COPY) into the stage.
 */
public final class Copy implements StepConfig {
  /** A file or directory of the project, relative to the project directory. */
  private String source;

  /** The absolute path in the stage that receives it. */
  private String target;

  @Override
  public String element() {
    return "copy";
  }

  @Override
  public StepSpec toSpec(Path basedir, String where, Problems problems) {
    String from =
        problems.required(
            source,
            XmlPath.child(where, "source"),
            "name the project file or directory to copy, for example <source>src/native</source>");
    String to = problems.imagePath(target, XmlPath.child(where, "target"), "<target>/src</target>");
    if (from == null || to == null) {
      return null;
    }
    return new StepSpec.Copy(basedir.resolve(from).normalize(), to, where);
  }
}
