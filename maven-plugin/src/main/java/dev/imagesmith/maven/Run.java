package dev.imagesmith.maven;

import dev.imagesmith.plan.StepSpec;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code <run><command>make install DESTDIR="$STAGE_ROOT"</command></run>}: runs a host command
 * ({@code /bin/sh -c}) with {@code STAGE_ROOT} and {@code DESTDIR} set to the stage root. The
 * command is not confined to the stage: it runs with the build user's rights.
 */
public final class Run implements StepConfig {
  /** The shell command. */
  private String command;

  /** Extra environment variables, for example {@code <CFLAGS>-O2</CFLAGS>}. */
  private Map<String, String> environment;

  /** The absolute path inside the stage to start in; {@code /} when absent. */
  private String workingDirectory;

  @Override
  public String element() {
    return "run";
  }

  @Override
  public StepSpec toSpec(Path basedir, String where, Problems problems) {
    String shell =
        problems.required(
            command,
            XmlPath.child(where, "command"),
            "write the shell command to run, for example <command>make install"
                + " DESTDIR=\"$STAGE_ROOT\"</command>");
    String directory =
        workingDirectory == null
            ? "/"
            : problems.imagePath(
                workingDirectory,
                XmlPath.child(where, "workingDirectory"),
                "<workingDirectory>/src</workingDirectory>");
    if (shell == null || directory == null) {
      return null;
    }
    return new StepSpec.Run(shell, ConfigValues.map(environment), directory, where);
  }
}
