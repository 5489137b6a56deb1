package dev.imagesmith.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} that obeys {@link TransferLimits}: a read waits at most
 * the idle timeout for the next bytes, the body must be complete within the total timeout after its
 * headers came, and it may not bring more than the maximum size nor more than its {@code
 * Content-Length} announced. Each breach cancels the transfer (the JDK closes the connection) and
 * throws a {@link TransferException}, again on every later read.
 *
 * <p>The JDK's own {@code BodyHandlers.ofInputStream} blocks in {@code read} without a bound once
 * the headers are in ({@code HttpRequest.timeout} covers only them); this subscriber waits on its
 * queue with a timeout instead, so no watchdog thread is needed. One buffer list is requested ahead
 * of the reader, as the JDK's stream does.
 */
public final class LimitedBody extends InputStream
    implements HttpResponse.BodySubscriber<InputStream> {
  private static final Object END = new Object();

  private final TransferLimits limits;
  private final String what;
  private final long deadline;
  private final long announced;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile Flow.Subscription subscription;
  private volatile boolean closed;
  private Iterator<ByteBuffer> buffers = Collections.emptyIterator();
  private ByteBuffer current;
  private long received;
  private boolean ended;
  private IOException failure;

  private LimitedBody(TransferLimits limits, String what, OptionalLong contentLength) {
    this.limits = limits;
    this.what = what;
    this.deadline = System.nanoTime() + limits.totalTimeout().toNanos();
    this.announced = contentLength.orElse(-1);
  }

  /**
   * Bodies read under {@code limits}.
   *
   * @param what names the transfer in errors, its secrets already masked: {@code GET
   *     https://host/file}
   */
  public static HttpResponse.BodyHandler<InputStream> handler(TransferLimits limits, String what) {
    return info -> new LimitedBody(limits, what, info.headers().firstValueAsLong("Content-Length"));
  }

  // ------------------------------------------------------------ subscriber side (client threads)

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (closed) {
      subscription.cancel();
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    queue.add(item);
  }

  @Override
  public void onError(Throwable throwable) {
    queue.add(throwable);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return CompletableFuture.completedFuture(this);
  }

  // ------------------------------------------------------------ reader side

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    if (closed) {
      throw new IOException("stream closed: " + what);
    }
    if (failure != null) {
      throw failure;
    }
    if (length == 0) {
      return 0;
    }
    if (announced > limits.maxBytes()) {
      throw fail(
          TransferException.Kind.TOO_LARGE,
          ": the server announced "
              + announced
              + " bytes, more than the limit of "
              + limits.maxBytes()
              + " bytes; nothing was read");
    }
    while (current == null || !current.hasRemaining()) {
      if (buffers.hasNext()) {
        current = buffers.next();
        continue;
      }
      if (ended) {
        return -1;
      }
      Object item = next();
      if (item == END) {
        ended = true;
        return -1;
      }
      if (item instanceof Throwable error) {
        failure =
            error instanceof IOException io ? io : new IOException(what + ": " + error, error);
        throw failure;
      }
      @SuppressWarnings("unchecked")
      List<ByteBuffer> list = (List<ByteBuffer>) item;
      for (ByteBuffer buffer : list) {
        received += buffer.remaining();
      }
      checkSize();
      buffers = list.iterator();
      subscription.request(1);
    }
    int n = Math.min(length, current.remaining());
    current.get(bytes, offset, n);
    return n;
  }

  @Override
  public int available() {
    return current == null ? 0 : current.remaining();
  }

  @Override
  public void close() {
    closed = true;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    queue.clear();
  }

  /** The next item: what already arrived, else a wait bounded by both timeouts. */
  private Object next() throws IOException {
    Object item = queue.poll();
    if (item != null) {
      return item; // a body that arrived in time is read even when the reader was slow
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw timedOut();
    }
    long idle = limits.idleTimeout().toNanos();
    try {
      item = queue.poll(Math.min(idle, left), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new InterruptedIOException("interrupted while reading " + what);
    }
    if (item != null) {
      return item;
    }
    if (left <= idle) {
      throw timedOut();
    }
    throw fail(
        TransferException.Kind.STALLED,
        ": no data for "
            + TransferLimits.describe(limits.idleTimeout())
            + " after "
            + received
            + " bytes; the server stalled");
  }

  private void checkSize() throws TransferException {
    if (announced >= 0 && received > announced && announced <= limits.maxBytes()) {
      throw fail(
          TransferException.Kind.LONGER_THAN_ANNOUNCED,
          ": more bytes than the "
              + announced
              + " its Content-Length announced; stopped after "
              + received
              + " bytes");
    }
    if (received > limits.maxBytes()) {
      throw fail(
          TransferException.Kind.TOO_LARGE,
          ": larger than the limit of "
              + limits.maxBytes()
              + " bytes; stopped after "
              + received
              + " bytes");
    }
  }

  private TransferException timedOut() {
    return fail(
        TransferException.Kind.TIMED_OUT,
        ": not complete after "
            + TransferLimits.describe(limits.totalTimeout())
            + " ("
            + received
            + " bytes received)");
  }

  private TransferException fail(TransferException.Kind kind, String why) {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    queue.clear();
    TransferException e = new TransferException(kind, what + why, received);
    failure = e;
    return e;
  }
}
