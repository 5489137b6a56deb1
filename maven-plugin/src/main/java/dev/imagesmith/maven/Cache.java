package dev.imagesmith.maven;

import dev.imagesmith.plan.CacheMount;

/**
 * One {@code <cache>} of a run step's {@code <caches>}: a directory that persists from build to
 * build and never enters a layer (BuildKit's {@code RUN --mount=type=cache}), for compiler caches
 * and package managers' downloads. Written as {@code <cache><target>/root/.ccache</target>
 * <id>ccache</id></cache>}, or short: {@code <cache>/root/.ccache</cache>} (a target) or {@code
 * <cache>ccache</cache>} (an id).
 */
public final class Cache {
  /**
   * The directory inside the stage the cache is mounted at, for a stage with {@code
   * <isolation>stage</isolation>}: {@code /root/.ccache}, {@code /root/.m2/repository}, {@code
   * /root/.cache/pip}.
   */
  private String target;

  /**
   * The cache's name: builds that name the same id share it, in every project of the user. Letters,
   * digits, {@code .}, {@code _} and {@code -}, not starting with a dot or dash. Made from the
   * target when absent ({@code /root/.ccache} gives {@code root-.ccache}). In a host stage the
   * command finds the cache's directory in {@code IMAGESMITH_CACHE_<ID>} ({@code ccache}: {@code
   * IMAGESMITH_CACHE_CCACHE}).
   */
  private String id;

  /** {@code <cache>TEXT</cache>}: a target when it starts with {@code /}, else an id. */
  public void set(String text) {
    String value = text == null ? "" : text.strip();
    if (value.startsWith("/")) {
      target = value;
    } else {
      id = value;
    }
  }

  /**
   * The validated mount, or {@code null} after recording each mistake.
   *
   * @param where this element's XML path
   */
  static CacheMount toSpec(Cache cache, String where, Problems problems) {
    Cache given = cache == null ? new Cache() : cache;
    String target = given.target == null || given.target.isBlank() ? null : given.target.strip();
    String id = given.id == null || given.id.isBlank() ? null : given.id.strip();
    boolean valid = true;
    if (target == null && id == null) {
      problems.add(
          where
              + " is empty: name the directory to mount in the stage, for example"
              + " <cache>/root/.ccache</cache>, or, in a host stage, the cache's id, for example"
              + " <cache>ccache</cache>");
      return null;
    }
    if (target != null) {
      valid &= checkTarget(target, XmlPath.child(where, "target"), problems);
    }
    if (id == null && valid) {
      id = CacheMount.idOf(target);
    }
    if (id != null && !CacheMount.ID.matcher(id).matches()) {
      problems.add(
          XmlPath.child(where, "id")
              + " '"
              + id
              + "' is not a cache id: use up to 100 letters, digits, '.', '_' and '-', starting"
              + " with a letter, digit or '_' (no '/', no '..'), for example <id>ccache</id>");
      valid = false;
    }
    return valid ? new CacheMount(id, target, where) : null;
  }

  private static boolean checkTarget(String target, String where, Problems problems) {
    if (!target.startsWith("/")) {
      problems.add(
          where
              + " '"
              + target
              + "' is not an absolute path in the stage: start it with /, for example"
              + " <target>/root/.ccache</target>");
      return false;
    }
    String clean = lexicalClean(target);
    if (target.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      problems.add(where + " has a control character: name a plain directory of the stage");
      return false;
    }
    if (clean.equals("/") || within(clean, "/proc") || within(clean, "/dev")) {
      problems.add(
          where
              + " '"
              + target
              + "' would cover the stage's "
              + (clean.equals("/") ? "root" : clean)
              + ", which the step needs for itself: mount the cache at a directory of its own,"
              + " for example <target>/root/.cache</target>");
      return false;
    }
    return true;
  }

  /** {@code /a/./b/../c} is {@code /a/c}; {@code ..} stops at {@code /}. */
  private static String lexicalClean(String path) {
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        parts.pollLast();
      } else if (!part.isEmpty() && !part.equals(".")) {
        parts.addLast(part);
      }
    }
    return "/" + String.join("/", parts);
  }

  private static boolean within(String path, String directory) {
    return path.equals(directory) || path.startsWith(directory + "/");
  }
}
