package dev.imagesmith.isolation;

import dev.imagesmith.error.UserInputException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The command's environment as {@code NAME=VALUE} arguments, sorted by name, which the shell that
 * starts the command exports one by one ({@code export "NAME=VALUE"}): the helpers themselves run
 * with a fixed environment, so nothing in {@code <environment>} ({@code LD_PRELOAD}, {@code IFS})
 * reaches a host program.
 */
final class EnvironmentPairs {
  /** What a POSIX shell can export. */
  static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvironmentPairs() {}

  static List<String> of(Map<String, String> environment) {
    return new TreeMap<>(environment)
        .entrySet().stream()
            .map(
                entry -> {
                  if (!NAME.matcher(entry.getKey()).matches()) {
                    throw new UserInputException(
                        "environment variable '"
                            + entry.getKey()
                            + "' cannot be passed to a stage-isolated run step: the stage's shell"
                            + " can only export names of letters, digits and '_' not starting"
                            + " with a digit");
                  }
                  if (entry.getValue().indexOf('\0') >= 0) {
                    throw new UserInputException(
                        "environment variable '" + entry.getKey() + "' holds a NUL character");
                  }
                  return entry.getKey() + "=" + entry.getValue();
                })
            .toList();
  }
}
