package dev.imagesmith.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.plan.MavenCoordinates;
import java.net.URI;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Package URLs (purl-spec) for what an image holds, written by the purl project's own library (the
 * one the CycloneDX library uses), so that every name and version is encoded as scanners decode it:
 * {@code pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64}, {@code
 * pkg:maven/org.example/util@1.0}, {@code pkg:oci/hello@sha256%3A...?repository_url=...}, {@code
 * pkg:generic/x.tar.gz?checksum=sha256:...&download_url=...}. {@code null} where the library finds
 * no valid URL for the values.
 */
final class Purls {
  private Purls() {}

  static String debian(String name, String version, String architecture) {
    TreeMap<String, String> qualifiers = new TreeMap<>();
    if (!architecture.isEmpty()) {
      qualifiers.put("arch", architecture);
    }
    return purl("deb", "debian", name, version, qualifiers);
  }

  static String maven(MavenCoordinates coordinates) {
    TreeMap<String, String> qualifiers = new TreeMap<>();
    if (!coordinates.classifier().isEmpty()) {
      qualifiers.put("classifier", coordinates.classifier());
    }
    if (!coordinates.type().equals("jar")) {
      qualifiers.put("type", coordinates.type());
    }
    return purl(
        "maven",
        coordinates.groupId(),
        coordinates.artifactId(),
        coordinates.version(),
        qualifiers);
  }

  /**
   * An image by digest; with {@code reference} ({@code host/team/app:tag}) its repository and tag.
   *
   * @param fallbackName the name when there is no reference (an {@code oci:} or {@code
   *     docker-archive:} base)
   */
  static String oci(String reference, String fallbackName, Digest digest) {
    TreeMap<String, String> qualifiers = new TreeMap<>();
    String name = fallbackName;
    if (reference != null) {
      String repository = reference;
      int at = repository.indexOf('@');
      if (at >= 0) {
        repository = repository.substring(0, at);
      }
      int colon = repository.lastIndexOf(':');
      if (colon > repository.lastIndexOf('/')) {
        qualifiers.put("tag", repository.substring(colon + 1));
        repository = repository.substring(0, colon);
      }
      qualifiers.put("repository_url", repository);
      name = repository.substring(repository.lastIndexOf('/') + 1);
    }
    return purl("oci", null, ociName(name), digest.toString(), qualifiers);
  }

  /**
   * A downloaded file: its name, where it came from (with user-info and secret-looking parameters
   * masked: a signed URL's token is not published with the image) and its checksum.
   */
  static String download(URI url, String sha256) {
    TreeMap<String, String> qualifiers = new TreeMap<>();
    qualifiers.put("download_url", Redaction.url(url));
    qualifiers.put("checksum", "sha256:" + sha256);
    return purl("generic", null, fileName(url), null, qualifiers);
  }

  /** The last segment of the URL's path, {@code download} when it has none. */
  static String fileName(URI url) {
    String path = url.getPath() == null ? "" : url.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.isEmpty() ? "download" : name;
  }

  /** An OCI name: lower case, of {@code [a-z0-9._-]}. */
  private static String ociName(String name) {
    String clean = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    return clean.isEmpty() ? "image" : clean;
  }

  private static String purl(
      String type, String namespace, String name, String version, TreeMap<String, String> q) {
    try {
      return new PackageURL(type, namespace, name, version, q.isEmpty() ? null : q, null)
          .canonicalize();
    } catch (MalformedPackageURLException e) {
      // A name a stage's own dpkg status made up, say: the component is listed without a purl
      // rather than failing the build that built the image.
      return null;
    }
  }
}
