package dev.imagesmith.registry;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.BuiltImage;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.net.Proxies;
import dev.imagesmith.net.ProxyServer;
import dev.imagesmith.testkit.ForwardProxy;
import dev.imagesmith.testkit.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pushes a small image to a TLS registry through a proxy that wants credentials, and pulls it back,
 * in a JVM of its own: the JDK puts Basic credentials into a tunnel's {@code CONNECT} only when
 * started with {@code -Djdk.http.auth.tunneling.disabledSchemes=}, which the test JVM is not.
 * Prints {@code pushed DIGEST} and {@code pulled DIGEST}, or the error's message.
 *
 * <p>Arguments: the proxy's port, the image reference, the registry's certificate, a work
 * directory.
 */
public final class ProxiedRoundTripMain {
  private ProxiedRoundTripMain() {}

  public static void main(String[] args) throws Exception {
    ProxyServer proxy =
        new ProxyServer(
            "127.0.0.1",
            Integer.parseInt(args[0]),
            ForwardProxy.USER,
            ForwardProxy.PASSWORD,
            null,
            "the test's proxy");
    String reference = args[1];
    Path work = Path.of(args[3]);
    RegistryOptions options =
        new RegistryOptions(
                List.of(),
                Set.of(),
                RegistryServer.trusting(Path.of(args[2])),
                new RetryPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(1)),
                false)
            .withProxies(new Proxies(proxy, proxy));
    BuiltImage image =
        TestImages.image(
            Platform.LINUX_AMD64, Map.of(), TestImages.layer("tunnel.txt", "in a tunnel"));
    Digest digest = TestImages.layout(work.resolve("oci"), image, "1");
    try {
      TestClients.push(options, BuildLog.silent(), work.resolve("oci"), digest, reference);
      System.out.println("pushed " + digest);
      Digest pulled =
          TestClients.pull(options, BuildLog.silent(), work.resolve("cache"), reference)
              .manifestDescriptor()
              .digest();
      System.out.println("pulled " + pulled);
    } catch (RuntimeException e) {
      System.out.println("failed: " + e.getMessage());
    }
  }
}
