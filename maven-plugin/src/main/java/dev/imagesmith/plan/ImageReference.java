package dev.imagesmith.plan;

import java.util.regex.Pattern;

/**
 * The grammar of image references ({@code [host[:port]/]path[:tag][@sha256:hex]}) after the
 * distribution reference spec, used to validate {@code <from>} and {@code <to>} values early.
 */
public final class ImageReference {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String HOST =
      "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
          + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST = "sha256:[a-f0-9]{64}";
  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?:" + HOST + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*(?::" + TAG + ")?(?:@" + DIGEST
              + ")?");
  private static final Pattern TAG_PATTERN = Pattern.compile(TAG);

  private ImageReference() {}

  public static boolean isValid(String reference) {
    return reference.length() <= 255 && REFERENCE.matcher(reference).matches();
  }

  public static boolean isValidTag(String tag) {
    return TAG_PATTERN.matcher(tag).matches();
  }

  /** The tag of a reference, or {@code null} if it has none (a digest is not a tag). */
  public static String tagOf(String reference) {
    String withoutDigest =
        reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
    int slash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > slash ? withoutDigest.substring(colon + 1) : null;
  }

  /** The reference without its tag and digest, for example {@code example.org/team/hello}. */
  public static String repositoryOf(String reference) {
    String withoutDigest =
        reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
    String tag = tagOf(withoutDigest);
    return tag == null
        ? withoutDigest
        : withoutDigest.substring(0, withoutDigest.length() - tag.length() - 1);
  }
}
