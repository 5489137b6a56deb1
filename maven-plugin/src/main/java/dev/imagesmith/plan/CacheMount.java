package dev.imagesmith.plan;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A cache mount of a {@code run} step ({@code <caches><cache>}), BuildKit's {@code RUN
 * --mount=type=cache}: a directory that persists from build to build in the user's cache ({@code
 * <cacheDirectory>/mounts/<id>}), shared by every build that names the same id, and never part of a
 * stage or a layer. A stage-isolated step sees it at {@code target}; a host step finds its host
 * path in the variable {@link #variable()}.
 *
 * @param id a safe name ({@link #ID}): no {@code /}, never {@code .} or {@code ..}
 * @param target the absolute stage path it is mounted at, or {@code null} (host stages only)
 * @param where the XML path of the {@code <cache>}, for messages
 */
public record CacheMount(String id, String target, String where) {
  /** A name that is one directory below {@code mounts/}: it cannot start with a dot or a dash. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");

  /** The prefix of the variable a host-isolated step finds each cache's host path in. */
  public static final String VARIABLE_PREFIX = "IMAGESMITH_CACHE_";

  public CacheMount {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a cache mount id: " + id);
    }
  }

  /**
   * The id a target gives when none is written: its components joined with {@code -}, each
   * character outside {@code [A-Za-z0-9._-]} made {@code _}, so {@code /root/.ccache} is {@code
   * root-.ccache}; {@code null} when nothing is left (the target {@code /}).
   */
  public static String idOf(String target) {
    StringBuilder id = new StringBuilder();
    for (String part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (id.length() > 0) {
        id.append('-');
      }
      id.append(part.replaceAll("[^A-Za-z0-9._-]", "_"));
    }
    if (id.length() == 0) {
      return null;
    }
    if (!Character.isLetterOrDigit(id.charAt(0)) && id.charAt(0) != '_') {
      id.insert(0, '_');
    }
    return id.length() > 100 ? id.substring(0, 100) : id.toString();
  }

  /**
   * {@code IMAGESMITH_CACHE_} and the id in capitals with every other character than a letter or
   * digit made {@code _}: {@code ccache} is {@code IMAGESMITH_CACHE_CCACHE}.
   */
  public String variable() {
    return VARIABLE_PREFIX + id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
