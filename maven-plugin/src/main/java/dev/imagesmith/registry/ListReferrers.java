package dev.imagesmith.registry;

import dev.imagesmith.image.Digest;
import dev.imagesmith.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * {@code GET /v2/<repository>/referrers/<digest>}: whether the registry serves the referrers API
 * (OCI distribution-spec 1.1). A registry that does answers with an image index, even an empty one;
 * one that does not answers 404 (or another client error), and the pusher keeps the spec's tag
 * fallback instead. Asked with the push scope, so the push's token serves it.
 */
record ListReferrers(String repository, Digest subject) implements Endpoint<Boolean> {
  @Override
  public String operation() {
    return "list referrers of " + subject;
  }

  @Override
  public Scope scope() {
    return Scope.push(repository);
  }

  @Override
  public Boolean attempt(RegistryCall call) throws IOException {
    HttpResponse<InputStream> response =
        call.send("GET", "referrers/" + subject, Map.of("Accept", MediaTypes.OCI_INDEX), null);
    try (InputStream ignored = response.body()) {
      int status = response.statusCode();
      if (status == 404 || status == 400 || status == 405) {
        return false;
      }
      call.requireSuccess(response);
      return response
          .headers()
          .firstValue("Content-Type")
          .map(type -> type.startsWith(MediaTypes.OCI_INDEX))
          .orElse(false);
    }
  }
}
