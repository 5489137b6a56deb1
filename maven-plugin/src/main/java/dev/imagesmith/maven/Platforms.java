package dev.imagesmith.maven;

import dev.imagesmith.image.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code <platforms>} (or the property {@code image.platforms}, comma-separated): the platforms a
 * multi-platform build makes an image for. Absent or empty, the build makes one image for {@code
 * <platform>}, exactly as without it.
 */
final class Platforms {
  static final String PROPERTY = "image.platforms";

  /** {@code os/arch[/variant]} in lower case; {@code <platform>} is held to it too. */
  static final Pattern PLATFORM = Pattern.compile("[a-z0-9]+/[a-z0-9_]+(?:/[a-z0-9]+)?");

  private Platforms() {}

  /**
   * The platforms to build, in the order given; {@code List.of(single)} without {@code
   * <platforms>}. Each entry may itself hold several, separated by commas (how a property arrives).
   *
   * @param single the validated {@code <platform>}, or {@code null} if it was wrong
   */
  static List<String> of(List<String> entries, String single, Problems problems) {
    List<String> platforms = new ArrayList<>();
    List<Platform> parsed = new ArrayList<>();
    int index = 0;
    for (String entry : entries == null ? List.<String>of() : entries) {
      index++;
      for (String part : entry == null ? new String[0] : entry.split(",")) {
        String text = part.strip();
        if (text.isEmpty()) {
          continue;
        }
        String where =
            XmlPath.item(XmlPath.root("platforms"), "platform", index - 1)
                + " (property "
                + PROPERTY
                + ")";
        if (!PLATFORM.matcher(text).matches()) {
          problems.add(
              where
                  + " '"
                  + text
                  + "' is not a platform: write os/arch[/variant] in lower case, for example"
                  + " linux/amd64 or linux/arm64");
          continue;
        }
        Platform platform = Platform.parse(text, where);
        if (parsed.stream().anyMatch(platform::matches)) {
          problems.add(
              where
                  + " '"
                  + text
                  + "' names a platform listed before: name each platform once (an index holds one"
                  + " image per platform)");
          continue;
        }
        parsed.add(platform);
        platforms.add(text);
      }
    }
    if (platforms.isEmpty()) {
      return single == null ? List.of() : List.of(single);
    }
    return List.copyOf(platforms);
  }
}
