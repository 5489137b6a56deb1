package dev.imagesmith.plan;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image reference, {@code [host[:port]/]path[:tag][@sha256:hex]}, after the distribution
 * reference grammar: the one grammar of the plugin. The plan validates {@code <from>} and {@code
 * <to>} with it, and the {@code registry} package reads it before expanding Docker Hub's short
 * names.
 *
 * <p>As in Docker, the part before the first {@code /} is the host only if it looks like one (has a
 * {@code .} or a {@code :}, is {@code localhost}, or is an IPv6 address in brackets): {@code
 * team/hello} is the path {@code team/hello} on the default registry.
 *
 * @param host {@code host[:port]} as written, or {@code null} for the default registry
 * @param path the repository path, lower case, for example {@code team/hello}
 * @param tag the tag, or {@code null}
 * @param digest {@code sha256:<hex>}, or {@code null}
 */
public record ImageReference(String host, String path, String tag, String digest) {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String HOST =
      "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
          + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST = "sha256:[a-f0-9]{64}";
  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?:("
              + HOST
              + ")/)?("
              + COMPONENT
              + "(?:/"
              + COMPONENT
              + ")*)(?::("
              + TAG
              + "))?(?:@("
              + DIGEST
              + "))?");
  private static final Pattern TAG_PATTERN = Pattern.compile(TAG);
  private static final Pattern COMPONENT_PATTERN = Pattern.compile(COMPONENT);
  private static final int MAX_LENGTH = 255;

  /** Reads {@code text}; empty if it is not a reference. */
  public static Optional<ImageReference> parse(String text) {
    if (text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Matcher matcher = REFERENCE.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String host = matcher.group(1);
    String path = matcher.group(2);
    if (host != null && !looksLikeHost(host)) {
      if (!COMPONENT_PATTERN.matcher(host).matches()) {
        return Optional.empty(); // an upper-case first path component
      }
      path = host + "/" + path;
      host = null;
    }
    return Optional.of(new ImageReference(host, path, matcher.group(3), matcher.group(4)));
  }

  private static boolean looksLikeHost(String host) {
    return host.contains(".")
        || host.contains(":")
        || host.equals("localhost")
        || host.startsWith("[");
  }

  public static boolean isValid(String reference) {
    return parse(reference).isPresent();
  }

  public static boolean isValidTag(String tag) {
    return TAG_PATTERN.matcher(tag).matches();
  }

  /**
   * The reference without its tag and digest, as written, for example {@code
   * example.org/team/hello}.
   */
  public String repository() {
    return host == null ? path : host + "/" + path;
  }

  /** The reference as written. */
  @Override
  public String toString() {
    return repository() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
