package dev.imagesmith.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 server on 127.0.0.1 written on a raw {@link ServerSocket}, for answers no honest
 * server gives: a body that trickles, never ends, or runs past its {@code Content-Length}. Each
 * connection gets one response from the {@link Responder} and is then closed. Every socket and
 * thread ends with {@link #close()}.
 */
public final class RawHttpServer implements AutoCloseable {
  /** Writes the whole response (status line, headers, body) for one request. */
  @FunctionalInterface
  public interface Responder {
    void respond(String requestLine, OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket server;
  private final Responder responder;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicLong bodyBytesWritten = new AtomicLong();

  /** The request lines, in order ({@code GET /file HTTP/1.1}). */
  public final List<String> requests = new CopyOnWriteArrayList<>();

  /** The whole request heads (request line and headers), in order. */
  public final List<String> heads = new CopyOnWriteArrayList<>();

  public RawHttpServer(Responder responder) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    this.responder = responder;
    Thread acceptor = new Thread(this::accept, "raw-http-accept");
    acceptor.setDaemon(true);
    threads.add(acceptor);
    acceptor.start();
  }

  /** {@code http://127.0.0.1:PORT} followed by {@code pathAndQuery}. */
  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + pathAndQuery);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Body bytes the responders reported writing ({@link #countBody}), over all requests. */
  public long bodyBytesWritten() {
    return bodyBytesWritten.get();
  }

  /** Adds {@code bytes} to {@link #bodyBytesWritten}. */
  public void countBody(long bytes) {
    bodyBytesWritten.addAndGet(bytes);
  }

  /** The status line and headers, then an empty line. */
  public static void head(OutputStream out, String status, String... headers) throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      sockets.add(socket);
      Thread worker = new Thread(() -> serve(socket), "raw-http-" + socket.getPort());
      worker.setDaemon(true);
      threads.add(worker);
      worker.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      String head = readHead(socket.getInputStream());
      if (head == null) {
        return;
      }
      String requestLine = head.substring(0, head.indexOf("\r\n"));
      heads.add(head);
      requests.add(requestLine);
      responder.respond(requestLine, socket.getOutputStream());
    } catch (IOException e) {
      // the client went away: what these tests provoke
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads the request head; returns it, or null at end of stream. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int b; (b = in.read()) != -1; ) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == end.length) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    threads.forEach(Thread::interrupt);
    for (Thread thread : threads) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
