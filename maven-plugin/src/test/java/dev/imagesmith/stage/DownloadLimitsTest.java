package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.RawHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code download} step against servers that never finish, finish too late or send too much (the
 * catalogue's class D), on a raw socket server on loopback. Each case must end, say why, and leave
 * nothing in the cache or the stage. The limits are small so that the cases end quickly; the
 * preemptive timeout only turns a hang (the behaviour before the limits) into a failure.
 */
class DownloadLimitsTest {
  private static final byte[] CONTENT = "tool release 1.0\n".getBytes(StandardCharsets.UTF_8);
  private static final String SHA256 = Digest.ofBytes(CONTENT).encoded();
  private static final String WHERE = "<stages>/<stage>[1] (builder)/<steps>/<download>[1]";
  private static final TransferLimits LIMITS =
      new TransferLimits(Duration.ofSeconds(2), Duration.ofSeconds(20), 64 * 1024);
  private static final Duration HANG = Duration.ofSeconds(90);

  @TempDir Path temp;
  private Path cacheDirectory;
  private Sandbox sandbox;
  private RawHttpServer server;
  private final RecordingLog log = new RecordingLog();

  @BeforeEach
  void setUp() throws IOException {
    cacheDirectory = temp.resolve("cache");
    sandbox = Sandbox.create(temp.resolve("stage"));
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private UserInputException failedDownload(URI url, TransferLimits limits) {
    return assertTimeoutPreemptively(
        HANG,
        () ->
            assertThrows(
                UserInputException.class,
                () ->
                    new DownloadStepExecutor(new DownloadCache(cacheDirectory), false, limits)
                        .execute(
                            new StepSpec.Download(url, SHA256, "/opt/tool/tool.bin", WHERE),
                            new StepContext("builder", sandbox, log))));
  }

  private void assertNothingLeft() throws IOException {
    Path downloads = cacheDirectory.resolve("downloads/sha256");
    if (Files.exists(downloads)) {
      try (Stream<Path> files = Files.list(downloads)) {
        assertEquals(List.of(), files.toList(), "no temporary or cached file left");
      }
    }
    assertFalse(Files.exists(sandbox.hostPath("/opt")), "nothing placed in the stage");
  }

  /** Writes {@code count} times a piece of {@code size} bytes, {@code pause} apart. */
  private void trickle(OutputStream out, int count, int size, Duration pause)
      throws IOException, InterruptedException {
    for (int i = 0; i < count; i++) {
      out.write(new byte[size]);
      out.flush();
      server.countBody(size);
      Thread.sleep(pause.toMillis());
    }
  }

  @Test
  void D1_oneByteEveryFiveSeconds_stoppedByIdleTimeout() throws Exception {
    server =
        new RawHttpServer(
            (request, out) -> {
              RawHttpServer.head(out, "200 OK", "Content-Length: 1000");
              trickle(out, 200, 1, Duration.ofSeconds(5));
            });
    URI url = server.uri("/tool.bin");

    UserInputException e = failedDownload(url, LIMITS);

    assertEquals(
        WHERE
            + ": GET "
            + url
            + ": no data for 2 s after 1 bytes; the server stalled; nothing was cached or copied."
            + " The server stopped sending. Try again later or use another server; if it is just"
            + " slow, allow longer pauses with <downloads><idleTimeout> (property"
            + " image.download.idleTimeout)",
        e.getMessage());
    assertNothingLeft();
  }

  @Test
  void D2_steadyTrickleThatNeverEnds_stoppedByTotalTimeout() throws Exception {
    server =
        new RawHttpServer(
            (request, out) -> {
              RawHttpServer.head(out, "200 OK", "Content-Length: 60000");
              trickle(out, 60000, 1, Duration.ofMillis(200));
            });
    TransferLimits limits =
        new TransferLimits(Duration.ofSeconds(2), Duration.ofSeconds(3), 1 << 20);

    UserInputException e = failedDownload(server.uri("/tool.bin"), limits);

    assertTrue(e.getMessage().contains(": not complete after 3 s ("), e.getMessage());
    assertTrue(e.getMessage().contains("bytes received); nothing was cached"), e.getMessage());
    assertTrue(e.getMessage().endsWith("(property image.download.timeout)"), e.getMessage());
    assertNothingLeft();
  }

  @Test
  void D3_moreBytesThanContentLength_readOnlyAsFarAsAnnounced() throws Exception {
    server =
        new RawHttpServer(
            (request, out) -> {
              RawHttpServer.head(out, "200 OK", "Content-Length: 10");
              out.write(CONTENT);
              trickle(out, 1024, 1024, Duration.ZERO);
            });
    URI url = server.uri("/tool.bin");

    UserInputException e = failedDownload(url, LIMITS);

    assertTrue(
        e.getMessage()
            .startsWith(
                WHERE
                    + ": "
                    + url
                    + " has sha256 "
                    + Digest.ofBytes(java.util.Arrays.copyOf(CONTENT, 10)).encoded()
                    + " (10 bytes received) but the configuration expects "
                    + SHA256),
        e.getMessage());
    assertNothingLeft();
  }

  @Test
  void D4_endlessBodyWithoutLength_stoppedAtTheMaximumSize() throws Exception {
    server =
        new RawHttpServer(
            (request, out) -> {
              RawHttpServer.head(out, "200 OK", "Content-Type: application/octet-stream");
              trickle(out, Integer.MAX_VALUE, 8192, Duration.ZERO);
            });
    URI url = server.uri("/tool.bin");

    UserInputException e = failedDownload(url, LIMITS);

    assertTrue(
        e.getMessage()
            .startsWith(
                WHERE + ": GET " + url + ": larger than the limit of 65536 bytes; stopped after "),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "; nothing was cached or copied. Check the URL; if the file really is that"
                    + " large, raise <downloads><maxSize> (property image.download.maxSize)"),
        e.getMessage());
    assertNothingLeft();
    // The client hung up: the server could not write on for ever (socket buffers at most).
    assertTrue(server.bodyBytesWritten() < 64L << 20, server.bodyBytesWritten() + " bytes");
  }

  @Test
  void D5_announcedLengthAboveTheMaximum_refusedBeforeReading() throws Exception {
    server =
        new RawHttpServer(
            (request, out) -> {
              RawHttpServer.head(out, "200 OK", "Content-Length: 10737418240");
              trickle(out, 1000, 1024, Duration.ofMillis(10));
            });
    URI url = server.uri("/big.iso");

    UserInputException e = failedDownload(url, LIMITS);

    assertTrue(
        e.getMessage()
            .startsWith(
                WHERE
                    + ": GET "
                    + url
                    + ": the server announced 10737418240 bytes, more than the limit of 65536"
                    + " bytes; nothing was read; nothing was cached or copied."),
        e.getMessage());
    assertNothingLeft();
  }

  @Test
  void D6_localFileAboveTheMaximum_refused() throws Exception {
    Path big = Files.write(temp.resolve("big.bin"), new byte[100_000]);

    UserInputException e = failedDownload(big.toUri(), LIMITS);

    assertTrue(
        e.getMessage()
            .startsWith(
                WHERE
                    + ": "
                    + big.toUri()
                    + " has 100000 bytes, more than the limit of 65536 bytes; nothing was cached"),
        e.getMessage());
    assertNothingLeft();
  }
}
