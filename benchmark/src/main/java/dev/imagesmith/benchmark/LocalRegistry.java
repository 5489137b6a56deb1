package dev.imagesmith.benchmark;

import dev.imagesmith.io.HostFiles;
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
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} on a free loopback port with empty storage, stopped on close: a
 * real registry for the push figures, fresh for each contender so none finds another's blobs.
 */
final class LocalRegistry implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/docker-registry");

  private final Process process;
  private final String address;

  private LocalRegistry(Process process, String address) {
    this.process = process;
    this.address = address;
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Starts a registry whose storage and log live in {@code dir} (emptied first). */
  static LocalRegistry start(Path dir) throws Exception {
    HostFiles.deleteTree(dir);
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
    Process process =
        new ProcessBuilder(BINARY.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    LocalRegistry registry = new LocalRegistry(process, address);
    try {
      registry.awaitReady(dir);
    } catch (Exception e) {
      registry.close();
      throw e;
    }
    return registry;
  }

  /** {@code 127.0.0.1:<port>}. */
  String address() {
    return address;
  }

  private void awaitReady(Path dir) throws Exception {
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
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "docker-registry did not start: "
                + Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8));
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
