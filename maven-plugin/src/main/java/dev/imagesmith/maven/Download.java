package dev.imagesmith.maven;

import dev.imagesmith.io.Redaction;
import dev.imagesmith.plan.StepSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code <download><url>https://...</url><sha256>HEX</sha256><target>/src/x.tar.gz</target>
 * </download>}: fetches a file whose SHA-256 is known, through the download cache.
 */
public final class Download implements StepConfig {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final String URL_EXAMPLE =
      "name the file to fetch, for example <url>https://example.org/x-1.0.tar.gz</url>";

  /** An absolute URL (https:, http:, file:). */
  private String url;

  /** The expected SHA-256 of the file: 64 hexadecimal digits, optionally after {@code sha256:}. */
  private String sha256;

  /**
   * Per-platform SHA-256s of a multi-platform build, by platform with {@code -} for {@code /}:
   * {@code <checksums><linux-amd64>HEX</linux-amd64><linux-arm64>HEX</linux-arm64></checksums>}. A
   * platform it does not name takes {@code <sha256>}.
   */
  private Map<String, String> checksums;

  /** The absolute path in the stage the file is written to. */
  private String target;

  @Override
  public String element() {
    return "download";
  }

  @Override
  public StepSpec toSpec(Path basedir, String where, Problems problems) {
    URI uri =
        parseUrl(problems.required(url, XmlPath.child(where, "url"), URL_EXAMPLE), where, problems);
    Map<String, String> perPlatform = new TreeMap<>();
    if (checksums != null) {
      checksums.forEach(
          (platform, text) ->
              perPlatform.put(
                  platform,
                  sha256(
                      text, XmlPath.child(XmlPath.child(where, "checksums"), platform), problems)));
    }
    String hash = sha256 == null && !perPlatform.isEmpty() ? null : parseSha256(where, problems);
    String to =
        problems.imagePath(
            target, XmlPath.child(where, "target"), "<target>/src/x.tar.gz</target>");
    if (uri == null || (hash == null && perPlatform.isEmpty()) || to == null) {
      return null;
    }
    if (perPlatform.containsValue(null)) {
      return null;
    }
    return new StepSpec.Download(uri, hash, to, where, perPlatform);
  }

  private static URI parseUrl(String text, String where, Problems problems) {
    if (text == null) {
      return null;
    }
    String at = XmlPath.child(where, "url");
    try {
      // ${arch} is the platform's architecture, put in per platform
      // (StepSpec.Download#forPlatform).
      URI uri = new URI(text.replace(StepSpec.Download.ARCH, StepSpec.Download.ENCODED_ARCH));
      if (!uri.isAbsolute()) {
        problems.add(
            at
                + " '"
                + Redaction.url(text)
                + "' has no scheme: write a full URL such as https://...");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add(
          at + " '" + Redaction.url(text) + "' is not a valid URL (" + e.getReason() + ")");
      return null;
    }
  }

  private String parseSha256(String where, Problems problems) {
    String at = XmlPath.child(where, "sha256");
    String text =
        problems.required(
            sha256,
            at,
            "a download must name the SHA-256 of the expected file (for example from"
                + " `sha256sum FILE`) so that a changed or tampered file is refused");
    return sha256(text, at, problems);
  }

  private static String sha256(String text, String at, Problems problems) {
    if (text == null) {
      return null;
    }
    String hex = text.toLowerCase(Locale.ROOT);
    if (hex.startsWith("sha256:")) {
      hex = hex.substring("sha256:".length());
    }
    if (!SHA256.matcher(hex).matches()) {
      problems.add(
          at
              + " '"
              + text
              + "' is not a SHA-256: write the 64 hexadecimal digits that `sha256sum FILE` prints");
      return null;
    }
    return hex;
  }
}
