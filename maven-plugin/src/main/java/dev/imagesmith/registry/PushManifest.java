package dev.imagesmith.registry;

import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * {@code PUT /v2/<repository>/manifests/<tag>}: our manifest under a tag, exactly these bytes. The
 * answer is the digest the registry reports, else our own digest of the bytes; the caller compares
 * it with the image's (N18).
 */
record PushManifest(String repository, String tag, String mediaType, byte[] bytes)
    implements Endpoint<Digest> {
  @Override
  public String operation() {
    return "push manifest " + tag;
  }

  @Override
  public Scope scope() {
    return Scope.push(repository);
  }

  @Override
  public Digest attempt(RegistryCall call) throws IOException {
    HttpResponse<InputStream> response =
        call.send(
            "PUT",
            "manifests/" + tag,
            Map.of("Content-Type", mediaType),
            () -> BodyPublishers.ofByteArray(bytes));
    try (InputStream ignored = response.body()) {
      call.requireSuccess(response);
    }
    return call.reportedDigest(response).orElse(Digest.ofBytes(bytes));
  }
}
