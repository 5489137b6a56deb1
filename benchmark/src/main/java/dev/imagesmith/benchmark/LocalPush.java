package dev.imagesmith.benchmark;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Digest;
import dev.imagesmith.registry.PushResult;
import dev.imagesmith.registry.Registries;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryPusher;
import dev.imagesmith.registry.RetryPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Pushes the demo's image (its {@code target/image}) to a {@code docker-registry} started on a free
 * loopback port, twice: into an empty registry, then again (every blob already there). Each push is
 * a fresh {@link RegistryPusher}, as each {@code image:push} is.
 */
final class LocalPush {
  /** Both pushes: seconds and what each uploaded or found present. */
  record Result(double coldSeconds, PushResult cold, double againSeconds, PushResult again) {}

  private LocalPush() {}

  /** Null when docker-registry is not installed. */
  static Result run(Path image, Path work) throws Exception {
    if (!LocalRegistry.installed()) {
      return null;
    }
    try (LocalRegistry registry = LocalRegistry.start(work.resolve("registry"))) {
      String address = registry.address();
      Path layout = image.resolve("oci");
      Digest digest =
          Digest.parse(
              Files.readString(image.resolve("digest")).strip(),
              image.resolve("digest").toString());
      List<String> references = List.of(address + "/bench/hello:1");
      long started = System.nanoTime();
      PushResult cold = pusher(address).push(layout, digest, references, "<to>");
      double coldSeconds = Shell.secondsSince(started);
      started = System.nanoTime();
      PushResult again = pusher(address).push(layout, digest, references, "<to>");
      double againSeconds = Shell.secondsSince(started);
      return new Result(coldSeconds, cold, againSeconds, again);
    }
  }

  static RegistryPusher pusher(String address) {
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
}
