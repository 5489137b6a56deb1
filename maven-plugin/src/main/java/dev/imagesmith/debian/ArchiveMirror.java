package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code <debianMirror>}: a copy of Debian's archive that {@code debian} steps fetch from instead
 * of {@code deb.debian.org} (a company's mirror, an Artifactory or Nexus proxy of it, {@code
 * apt-cacher-ng}). It stands for the archive's root, {@code http://deb.debian.org/debian}: a file
 * below that root is fetched from the same path below the mirror. Other repositories ({@code
 * debian-security}, a vendor's) are not touched.
 *
 * <p>Only where the bytes come from changes: the signed {@code InRelease} is verified with the same
 * keyring and every index and {@code .deb} against the hashes it chains to, so a mirror can serve
 * old or missing files but never other ones. The lock file ({@code image-debian.lock}) keeps the
 * repository the POM or the host's apt names, never the mirror, so a lock made at home works behind
 * the company's mirror and back.
 */
public record ArchiveMirror(URI url) {
  /** Debian's own names for its archive, with {@code /debian} as the root. */
  private static final Pattern DEBIAN_HOSTS =
      Pattern.compile("(deb|ftp|httpredir)\\.debian\\.org|ftp\\.[a-z]{2}\\.debian\\.org");

  private static final String ROOT = "/debian";

  public ArchiveMirror {
    String text = url.toString();
    url = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
  }

  /**
   * The mirror written in {@code where}, or empty for none.
   *
   * @throws UserInputException when it is not an http:, https: or file: URL without query
   */
  public static Optional<ArchiveMirror> parse(String text, String where) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String shown = Redaction.url(text.trim());
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean web = scheme.equals("http") || scheme.equals("https");
      if ((web && uri.getHost() != null || scheme.equals("file") && uri.getPath() != null)
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null) {
        return Optional.of(new ArchiveMirror(uri));
      }
    } catch (URISyntaxException e) {
      // worded below
    }
    throw new UserInputException(
        where
            + " '"
            + shown
            + "' is not a mirror URL: write the root of a copy of Debian's archive, such as"
            + " http://mirror.example/debian (it stands for http://deb.debian.org/debian)");
  }

  /** {@code file} below Debian's archive, moved to the mirror; any other URL as it is. */
  public URI apply(URI file) {
    String scheme = file.getScheme() == null ? "" : file.getScheme().toLowerCase(Locale.ROOT);
    String host = file.getHost() == null ? "" : file.getHost().toLowerCase(Locale.ROOT);
    String path = file.getRawPath() == null ? "" : file.getRawPath();
    boolean archive =
        (scheme.equals("http") || scheme.equals("https"))
            && file.getRawUserInfo() == null
            && file.getRawQuery() == null
            && DEBIAN_HOSTS.matcher(host).matches()
            && (path.equals(ROOT) || path.startsWith(ROOT + "/"));
    if (!archive) {
      return file;
    }
    return URI.create(url + path.substring(ROOT.length()));
  }

  /** The mirror as messages name it, its secrets masked. */
  @Override
  public String toString() {
    return Redaction.url(url);
  }
}
