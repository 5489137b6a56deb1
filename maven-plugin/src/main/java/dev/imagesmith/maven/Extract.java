package dev.imagesmith.maven;

import dev.imagesmith.plan.StepSpec;
import java.nio.file.Path;

/**
 * {@code <extract><source>vendor/lib.tar.gz</source><target>/src/lib</target>
 * <stripComponents>1</stripComponents></extract>}: unpacks a project archive into the stage.
 */
public final class Extract implements StepConfig {
  /** A tar (plain, .gz, .xz, .zst, .bz2), zip or .deb file of the project. */
  private String source;

  /** The absolute directory in the stage to unpack into. */
  private String target;

  /** How many leading path components to drop from each entry, like {@code tar --strip}. */
  private Integer stripComponents;

  @Override
  public String element() {
    return "extract";
  }

  @Override
  public StepSpec toSpec(Path basedir, String where, Problems problems) {
    String from =
        problems.required(
            source,
            XmlPath.child(where, "source"),
            "name the project archive to unpack, for example <source>vendor/lib.tar.gz</source>");
    String to =
        problems.imagePath(target, XmlPath.child(where, "target"), "<target>/src/lib</target>");
    int strip = stripComponents == null ? 0 : stripComponents;
    if (strip < 0) {
      problems.add(
          XmlPath.child(where, "stripComponents")
              + " is "
              + strip
              + ": it counts leading path components to drop, so use 0 or more");
      return null;
    }
    if (from == null || to == null) {
      return null;
    }
    return new StepSpec.Extract(basedir.resolve(from).normalize(), to, strip, where);
  }
}
