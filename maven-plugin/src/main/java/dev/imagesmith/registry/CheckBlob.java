package dev.imagesmith.registry;

import dev.imagesmith.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code HEAD /v2/<repository>/blobs/<digest>} before a push: whether the repository holds the
 * blob, with the descriptor's size. Asked with the push scope, so the push's token serves it.
 */
record CheckBlob(String repository, Descriptor blob) implements Endpoint<Boolean> {
  @Override
  public String operation() {
    return "check blob " + blob.digest();
  }

  @Override
  public Scope scope() {
    return Scope.push(repository);
  }

  @Override
  public Boolean attempt(RegistryCall call) throws IOException {
    HttpResponse<InputStream> response =
        call.send("HEAD", "blobs/" + blob.digest(), Map.of(), null);
    try (InputStream ignored = response.body()) {
      if (response.statusCode() == 404) {
        return false;
      }
      call.requireSuccess(response);
      // A HEAD that lies about the size is no proof the blob is there (N17).
      OptionalLong length = response.headers().firstValueAsLong("Content-Length");
      return length.isEmpty() || length.getAsLong() == blob.size();
    }
  }
}
