package dev.imagesmith.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link LimitedBody} driven through the {@code Flow} protocol the JDK's client speaks, for what
 * the JDK never lets through over HTTP/1.1 (it stops at {@code Content-Length} itself), so that the
 * check holds whatever the transport (the catalogue's class D). The socket cases are in {@code
 * DownloadLimitsTest}.
 */
class LimitedBodyTest {
  private static final TransferLimits LIMITS =
      new TransferLimits(Duration.ofSeconds(5), Duration.ofSeconds(30), 100);

  /** The subscription the body gets: counts demand, notes cancellation. */
  private static final class Subscription implements Flow.Subscription {
    final AtomicLong requested = new AtomicLong();
    final AtomicBoolean cancelled = new AtomicBoolean();

    @Override
    public void request(long n) {
      requested.addAndGet(n);
    }

    @Override
    public void cancel() {
      cancelled.set(true);
    }
  }

  private static HttpResponse.BodySubscriber<InputStream> body(Map<String, List<String>> headers) {
    HttpResponse.ResponseInfo info =
        new HttpResponse.ResponseInfo() {
          @Override
          public int statusCode() {
            return 200;
          }

          @Override
          public HttpHeaders headers() {
            return HttpHeaders.of(headers, (name, value) -> true);
          }

          @Override
          public HttpClient.Version version() {
            return HttpClient.Version.HTTP_2;
          }
        };
    return LimitedBody.handler(LIMITS, "GET https://h/f").apply(info);
  }

  private static InputStream stream(HttpResponse.BodySubscriber<InputStream> body) {
    return body.getBody().toCompletableFuture().join();
  }

  @Test
  void D3_moreThanContentLength_stoppedByTheBodyItself() throws Exception {
    HttpResponse.BodySubscriber<InputStream> body = body(Map.of("Content-Length", List.of("10")));
    Subscription subscription = new Subscription();
    body.onSubscribe(subscription);
    body.onNext(List.of(ByteBuffer.wrap(new byte[8]), ByteBuffer.wrap(new byte[8])));

    TransferException e = assertThrows(TransferException.class, () -> stream(body).readAllBytes());

    assertEquals(TransferException.Kind.LONGER_THAN_ANNOUNCED, e.kind());
    assertEquals(
        "GET https://h/f: more bytes than the 10 its Content-Length announced; stopped after 16"
            + " bytes",
        e.getMessage());
    assertTrue(subscription.cancelled.get());
    // Every later read says the same: nothing of the body is handed out after the breach.
    assertThrows(TransferException.class, () -> stream(body).read());
  }

  @Test
  void D4_withoutContentLength_stoppedAtTheMaximum() {
    HttpResponse.BodySubscriber<InputStream> body = body(Map.of());
    Subscription subscription = new Subscription();
    body.onSubscribe(subscription);
    body.onNext(List.of(ByteBuffer.wrap(new byte[60])));
    body.onNext(List.of(ByteBuffer.wrap(new byte[60])));

    TransferException e = assertThrows(TransferException.class, () -> stream(body).readAllBytes());

    assertEquals(TransferException.Kind.TOO_LARGE, e.kind());
    assertEquals(120, e.received());
    assertTrue(subscription.cancelled.get());
  }

  @Test
  void withinLimits_readWholeWithOneListRequestedAhead() throws Exception {
    HttpResponse.BodySubscriber<InputStream> body = body(Map.of("Content-Length", List.of("6")));
    Subscription subscription = new Subscription();
    body.onSubscribe(subscription);
    assertEquals(1, subscription.requested.get());
    body.onNext(List.of(ByteBuffer.wrap(new byte[] {1, 2, 3})));
    body.onNext(List.of(ByteBuffer.wrap(new byte[] {4, 5, 6})));
    body.onComplete();

    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, stream(body).readAllBytes());
    assertEquals(3, subscription.requested.get());
  }
}
