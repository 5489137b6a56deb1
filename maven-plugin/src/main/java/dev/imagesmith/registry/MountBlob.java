package dev.imagesmith.registry;

import dev.imagesmith.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /v2/<repository>/blobs/uploads/?mount=<digest>&from=<repository>}: asks the registry
 * to link a blob of another of its repositories into this one, with one token for both scopes.
 * {@code true} when it did (201); {@code false} when it declined, the caller uploads instead.
 */
record MountBlob(String repository, Descriptor blob, String from) implements Endpoint<Boolean> {
  @Override
  public String operation() {
    return "mount blob " + blob.digest() + " from " + from;
  }

  @Override
  public Scope scope() {
    return Scope.mount(repository, from);
  }

  @Override
  public Boolean attempt(RegistryCall call) throws IOException {
    String query =
        "?mount=" + blob.digest() + "&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
    HttpResponse<InputStream> response =
        call.send("POST", "blobs/uploads/" + query, Map.of(), BodyPublishers::noBody);
    try (InputStream ignored = response.body()) {
      if (response.statusCode() == 201) {
        return true;
      }
      if (response.statusCode() == 202) {
        // The registry opened an upload session instead; let it expire, we upload anew.
        return false;
      }
      call.requireSuccess(response);
      return false;
    }
  }
}
