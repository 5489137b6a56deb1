package dev.imagesmith.registry;

import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code GET /v2/<repository>/blobs/<digest>}, often redirected to storage on another host: the
 * blob into {@code destination} (created or truncated by each attempt, so a broken transfer starts
 * again from the first byte), verified against the descriptor's digest and size (N10).
 */
record PullBlob(String repository, Descriptor blob, Path destination) implements Endpoint<Void> {
  @Override
  public String operation() {
    return "pull blob " + blob.digest();
  }

  @Override
  public Void attempt(RegistryCall call) throws IOException {
    HttpResponse<InputStream> response = call.send("GET", "blobs/" + blob.digest(), Map.of(), null);
    try (InputStream body = response.body()) {
      call.requireSuccess(response);
      try (VerifyingInputStream in =
              new VerifyingInputStream(body, blob.digest(), blob.size(), call.where());
          OutputStream out = Files.newOutputStream(destination)) {
        in.transferTo(out);
        in.drainAndVerify();
      }
    }
    return null;
  }
}
