package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v2/<repository>/manifests/<reference>}: a manifest or index, at most 4 MiB, as the
 * registry served it. Its bytes must have the digest the reference pins, else the one the registry
 * reports; a manifest that does not is refused. The media type is the {@code Content-Type} when
 * that is a manifest type, else unknown (the caller reads it from the document).
 */
record PullManifest(String repository, String reference)
    implements Endpoint<RegistryClient.FetchedManifest> {
  /** The manifest types we read, for {@code Accept}: an index first, so no platform is chosen. */
  static final String ACCEPT =
      String.join(
          ", ",
          MediaTypes.OCI_INDEX,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.OCI_MANIFEST,
          MediaTypes.DOCKER_MANIFEST);

  private static final Set<String> TYPES =
      Set.of(
          MediaTypes.OCI_INDEX,
          MediaTypes.DOCKER_MANIFEST_LIST,
          MediaTypes.OCI_MANIFEST,
          MediaTypes.DOCKER_MANIFEST);

  private static final int MAX_MANIFEST = 4 * 1024 * 1024;

  @Override
  public String operation() {
    return "pull manifest " + reference;
  }

  @Override
  public RegistryClient.FetchedManifest attempt(RegistryCall call) throws IOException {
    HttpResponse<InputStream> response =
        call.send("GET", "manifests/" + reference, Map.of("Accept", ACCEPT), null);
    byte[] bytes;
    try (InputStream in = response.body()) {
      call.requireSuccess(response);
      bytes = in.readNBytes(MAX_MANIFEST + 1);
    }
    if (bytes.length > MAX_MANIFEST) {
      throw new UserInputException(
          call.where() + ": manifest larger than " + MAX_MANIFEST + " bytes");
    }
    Digest actual = Digest.ofBytes(bytes);
    Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
    Digest promised =
        reference.startsWith("sha256:")
            ? Digest.parse(reference, call.where())
            : header.isPresent() && header.get().startsWith("sha256:")
                ? Digest.parse(header.get(), call.where())
                : actual;
    if (!actual.equals(promised)) {
      throw new UserInputException(
          call.where()
              + ": the manifest's bytes have digest "
              + actual
              + " but the registry promised "
              + promised
              + "; refusing it");
    }
    String contentType =
        response
            .headers()
            .firstValue("Content-Type")
            .map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
            .filter(TYPES::contains)
            .orElse(null);
    return new RegistryClient.FetchedManifest(bytes, contentType, actual);
  }
}
