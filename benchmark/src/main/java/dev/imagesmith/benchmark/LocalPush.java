package dev.imagesmith.benchmark;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Digest;
import dev.imagesmith.registry.PushResult;
import dev.imagesmith.registry.Registries;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryPusher;
import dev.imagesmith.registry.RetryPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Pushes the demo's image (its {@code target/image}) to a {@code docker-registry} started on a free
 * loopback port, twice: into an empty registry, then again (every blob already there). Each push is
 * a fresh {@link RegistryPusher}, as each {@code image:push} is.
 */
final class LocalPush {
  private static final Path BINARY = Path.of("/usr/bin/docker-registry");

  /** Both pushes: seconds and what each uploaded or found present. */
  record Result(double coldSeconds, PushResult cold, double againSeconds, PushResult again) {}

  private LocalPush() {}

  /** Null when docker-registry is not installed. */
  static Result run(Path image, Path work) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      return null;
    }
    Path dir = work.resolve("registry");
    new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    Files.createDirectories(dir);
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        "version: 0.1\n"
            + "log:\n  level: error\n"
            + "storage:\n  filesystem:\n    rootdirectory: "
            + dir.resolve("storage")
            + "\n"
            + "http:\n  addr: "
            + address
            + "\n");
    Process registry =
        new ProcessBuilder(BINARY.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    try {
      awaitReady(address, registry, dir);
      Path layout = image.resolve("oci");
      Digest digest =
          Digest.parse(
              Files.readString(image.resolve("digest")).strip(),
              image.resolve("digest").toString());
      List<String> references = List.of(address + "/bench/hello:1");
      long started = System.nanoTime();
      PushResult cold = pusher(address).push(layout, digest, references);
      double coldSeconds = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      PushResult again = pusher(address).push(layout, digest, references);
      double againSeconds = (System.nanoTime() - started) / 1e9;
      return new Result(coldSeconds, cold, againSeconds, again);
    } finally {
      registry.destroy();
      if (!registry.waitFor(10, TimeUnit.SECONDS)) {
        registry.destroyForcibly();
      }
    }
  }

  private static RegistryPusher pusher(String address) {
    BuildLog quiet =
        new BuildLog() {
          @Override
          public void info(String message) {}

          @Override
          public void warn(String message) {
            System.out.println("  push: " + message);
          }

          @Override
          public void debug(String message) {}
        };
    RegistryOptions options =
        new RegistryOptions(List.of(), Set.of(address), null, RetryPolicy.DEFAULT, false);
    return new RegistryPusher(new Registries(options, quiet), quiet);
  }

  private static void awaitReady(String address, Process registry, Path dir) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(URI.create("http://" + address + "/v2/"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (!registry.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "docker-registry did not start: "
                + Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8));
      }
      Thread.sleep(50);
    }
  }
}
