package dev.imagesmith.layer;

import dev.imagesmith.image.Digest;
import dev.imagesmith.inspect.InspectorCodec;
import dev.imagesmith.store.KeyedFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@link LowerIndex} of a base image, kept by its layers' digests, so that a rebuild on the
 * same base does not decompress the whole base again (a JRE base is 50-100 MB of gzip, a second or
 * more on every build) just to learn which directories and symlinks it holds, nor, for the checks,
 * what its files' bytes say (their hashes, ELF identifications, loader configuration and scripts'
 * {@code #!} lines: the image's filesystem model, {@link dev.imagesmith.inspect.ImageInspector}, as
 * the base leaves it).
 *
 * <p>The key is every base layer's blob digest and diffID, in order: the index is a pure function
 * of those layers' bytes, recorded only after a build decompressed them and verified the diffIDs. A
 * later build that takes the index from here never reads those blobs; whatever copies them into an
 * output still verifies their digests while reading.
 *
 * <p>Files ({@code <cacheDirectory>/base-index/<sha256 of the key>}, {@link KeyedFiles}) end with
 * the SHA-256 of what precedes it and are written under a temporary name and renamed, so a damaged
 * or partial file is a miss, never a wrong index; builds running at once store identical bytes.
 */
public final class BaseIndexCache {
  /** Its own layout (version 2) and the inspection's ({@link InspectorCodec#VERSION}). */
  private static final String FORMAT = "imagesmith-base-index/2." + InspectorCodec.VERSION;

  private static final int MAX_FILE_BYTES = 256 * 1024 * 1024;

  /** A recorded index with each base layer's uncompressed size (for the reports). */
  public record Hit(LowerIndex index, List<Long> uncompressedSizes) {}

  private final KeyedFiles files;

  /**
   * @param directory {@code <cacheDirectory>/base-index}, vetted by the caller
   */
  public BaseIndexCache(Path directory) {
    this.files =
        new KeyedFiles(
            directory, directory, "Base index cache", "it is ignored and the base read again");
  }

  /**
   * @param layers one {@code "<digest> <diffID>"} per base layer, bottom first
   */
  public Optional<Hit> load(List<String> layers) {
    try {
      byte[] bytes = files.read(fileName(layers), MAX_FILE_BYTES).orElse(null);
      if (bytes == null || bytes.length < 32) {
        return Optional.empty();
      }
      byte[] body = Arrays.copyOf(bytes, bytes.length - 32);
      if (!Arrays.equals(
          sha256(body), Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length))) {
        return Optional.empty();
      }
      return Optional.of(decode(body, layers));
    } catch (IOException | RuntimeException e) {
      // Damaged, or no regular file: the base is read again and the entry rewritten.
      return Optional.empty();
    }
  }

  /** Records the index built from {@code layers} after their diffIDs were verified. */
  public void store(List<String> layers, LowerIndex index, List<Long> uncompressedSizes)
      throws IOException {
    byte[] body = encode(layers, index, uncompressedSizes);
    ByteArrayOutputStream file = new ByteArrayOutputStream(body.length + 32);
    file.write(body);
    file.write(sha256(body));
    files.write(fileName(layers), file.toByteArray());
  }

  private static byte[] encode(List<String> layers, LowerIndex index, List<Long> sizes)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      InspectorCodec.writeText(out, FORMAT);
      InspectorCodec.writeText(out, String.join("\n", layers));
      out.writeInt(sizes.size());
      for (long size : sizes) {
        out.writeLong(size);
      }
      InspectorCodec.write(out, index.layers());
    }
    return bytes.toByteArray();
  }

  private static Hit decode(byte[] body, List<String> layers) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
    if (!FORMAT.equals(InspectorCodec.readText(in))
        || !String.join("\n", layers).equals(InspectorCodec.readText(in))) {
      throw new IOException("another format or another base");
    }
    int sizeCount = in.readInt();
    if (sizeCount != layers.size()) {
      throw new IOException("layer count differs");
    }
    List<Long> sizes = new ArrayList<>();
    for (int i = 0; i < sizeCount; i++) {
      sizes.add(in.readLong());
    }
    LowerIndex index = LowerIndex.of(InspectorCodec.read(in));
    if (in.available() != 0) {
      throw new IOException("trailing bytes");
    }
    return new Hit(index, List.copyOf(sizes));
  }

  private static String fileName(List<String> layers) {
    return HexFormat.of()
        .formatHex(
            sha256((FORMAT + "\n" + String.join("\n", layers)).getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] sha256(byte[] bytes) {
    return Digest.newSha256().digest(bytes);
  }
}
