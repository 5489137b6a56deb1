package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * A blob file as the body of an upload, hashed while it is sent, so a push reads each blob once
 * instead of hashing it first and sending it after. Whether what left was the blob the manifest
 * names is checked when the request is done (O4): a file changed since image:build fails the push
 * before any manifest names it (the registry, hashing too, refuses such a blob as well).
 *
 * <p>One instance per blob; each {@link #publisher()} (one per attempt) starts a fresh hash.
 */
final class UploadBody {
  private final Descriptor blob;
  private final Path file;
  private final LongConsumer sent;
  private volatile HashingStream last;

  /**
   * @param sent told each piece read for sending, for the progress lines
   */
  UploadBody(Descriptor blob, Path file, LongConsumer sent) {
    this.blob = blob;
    this.file = file;
    this.sent = sent;
  }

  /** A body of exactly the blob's size, read from the file when the request is sent. */
  BodyPublisher publisher() {
    return BodyPublishers.fromPublisher(
        BodyPublishers.ofInputStream(
            () -> {
              try {
                HashingStream stream =
                    new HashingStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), sent);
                last = stream;
                return stream;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }),
        blob.size());
  }

  /**
   * @throws UserInputException if the bytes sent by the last attempt were not the blob
   */
  void requireSentBlob() {
    HashingStream sent = last;
    if (sent == null) {
      return; // nothing was read: the request failed before its body, the caller reports that
    }
    Digest actual = Digest.of(sent.sha256.digest());
    if (sent.count != blob.size() || !actual.equals(blob.digest())) {
      throw new UserInputException(
          "blob file "
              + file
              + " is not blob "
              + blob.digest()
              + " of the image ("
              + sent.count
              + " bytes hashing to "
              + actual
              + "); it changed after image:build wrote it. Run image:build again, then push");
    }
  }

  private static final class HashingStream extends FilterInputStream {
    private final MessageDigest sha256 = Digest.newSha256();
    private final LongConsumer sent;
    private long count;

    HashingStream(InputStream in, LongConsumer sent) {
      super(in);
      this.sent = sent;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        sha256.update((byte) b);
        count++;
        sent.accept(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        sha256.update(buffer, offset, n);
        count += n;
        sent.accept(n);
      }
      return n;
    }

    @Override
    public long skip(long n) {
      return 0; // every byte must pass through the hash
    }
  }
}
