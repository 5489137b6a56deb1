package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.imagesmith.image.Digest;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.LogLines;
import dev.imagesmith.testkit.TestPlans;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole build whose {@code download} URL carries {@code user:password@} and a signed query (the
 * catalogue's class S): no file the build writes (image.json, report.html, the stage cache's state,
 * the layout, the archive, the work directory) and no log line holds a secret, on the first build
 * and on the cached rebuild.
 */
class BuildOutputsSecretsTest {
  private static final byte[] TOOL = "#!/bin/sh\necho tool\n".getBytes(StandardCharsets.UTF_8);
  private static final String PASSWORD = "dl-pw-77e3a1";
  private static final String SIGNATURE = "5d41402abc4b2a76b9719d911017c592";
  private static final String TOKEN = "FQoGZXIvYXdzEXAMPLESESSION";

  @TempDir Path temp;
  private HttpServer server;
  private final LogLines log = new LogLines();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/tool",
        exchange -> {
          exchange.sendResponseHeaders(200, TOOL.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(TOOL);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private BuildPlan plan(Path project) {
    URI url =
        URI.create(
            "http://deploy:"
                + PASSWORD
                + "@127.0.0.1:"
                + server.getAddress().getPort()
                + "/tool?X-Amz-Security-Token="
                + TOKEN
                + "&X-Amz-Signature="
                + SIGNATURE);
    StageSpec tools =
        new StageSpec(
            "tools",
            null,
            List.of(
                new StepSpec.Download(
                    url, Digest.ofBytes(TOOL).encoded(), "/opt/tool", "tools/<download>")),
            PruneSpec.defaults(),
            "tools");
    return TestPlans.in(project)
        .stages(List.of(tools))
        .layers(List.of(new LayerSpec("tools", "/opt", "l1")))
        .to(TestPlans.image("example.org/secrets:1"))
        .cacheDirectory(temp.resolve("cache"))
        .offline(false)
        .build();
  }

  @Test
  void S6_signedDownloadUrl_inNoOutputFileNorLogLine() throws Exception {
    Path project = Files.createDirectories(temp.resolve("project"));
    BuildResult first = new ImageBuilder(log).build(plan(project));
    BuildResult second = new ImageBuilder(log).build(plan(project));

    assertEquals(first.digest(), second.digest());
    assertTrue(
        Files.isRegularFile(
            project.resolve("target/imagesmith-work/default/stage-state/tools.json")));
    assertTrue(Files.isRegularFile(project.resolve("target/image/report.html")));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(temp)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      for (String secret : List.of(PASSWORD, SIGNATURE, TOKEN)) {
        assertFalse(content.contains(secret), secret + " in " + file);
      }
    }
    String all = String.join("\n", log.messages());
    for (String secret : List.of(PASSWORD, SIGNATURE, TOKEN)) {
      assertFalse(all.contains(secret), all);
    }
    assertTrue(all.contains("downloading http://***@127.0.0.1:"), all);
  }
}
