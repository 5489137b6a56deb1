package dev.imagesmith.registry;

import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

/**
 * {@code HEAD /v2/<repository>/manifests/<tag>}: the digest a tag points at now, from the
 * registry's {@code Docker-Content-Digest}; empty when the tag does not exist or the registry names
 * no digest (the caller then asks with a GET).
 */
record ResolveTag(String repository, String tag) implements Endpoint<Optional<Digest>> {
  @Override
  public String operation() {
    return "resolve tag " + tag;
  }

  @Override
  public Optional<Digest> attempt(RegistryCall call) throws IOException {
    HttpResponse<InputStream> response =
        call.send("HEAD", "manifests/" + tag, Map.of("Accept", PullManifest.ACCEPT), null);
    try (InputStream ignored = response.body()) {
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      call.requireSuccess(response);
      return call.reportedDigest(response);
    }
  }
}
