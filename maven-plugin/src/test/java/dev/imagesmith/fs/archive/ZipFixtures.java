package dev.imagesmith.fs.archive;

import dev.imagesmith.testkit.TestTar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/** Small zip archives for tests. */
final class ZipFixtures {
  private ZipFixtures() {}

  interface ZipSpec {
    void file(String name, String content);

    void symlink(String name, String target);

    void dir(String name);
  }

  static byte[] zip(Consumer<ZipSpec> spec) {
    try (SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel();
        ZipArchiveOutputStream zip = new ZipArchiveOutputStream(channel)) {
      spec.accept(
          new ZipSpec() {
            @Override
            public void file(String name, String content) {
              put(name, UnixStat.FILE_FLAG | 0644, content);
            }

            @Override
            public void symlink(String name, String target) {
              put(name, UnixStat.LINK_FLAG | 0777, target);
            }

            @Override
            public void dir(String name) {
              put(name.endsWith("/") ? name : name + "/", UnixStat.DIR_FLAG | 0755, "");
            }

            private void put(String name, int unixMode, String content) {
              try {
                ZipArchiveEntry entry = new ZipArchiveEntry(name);
                entry.setUnixMode(unixMode);
                entry.setTime(TestTar.MTIME * 1000);
                zip.putArchiveEntry(entry);
                zip.write(content.getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          });
      zip.finish();
      return Arrays.copyOf(channel.array(), (int) channel.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites the first local header's name (same length), leaving the central directory. */
  static byte[] renameLocalHeader(byte[] zip, String from, String to) {
    byte[] out = zip.clone();
    byte[] f = from.getBytes(StandardCharsets.UTF_8);
    byte[] t = to.getBytes(StandardCharsets.UTF_8);
    if (f.length != t.length || out[0] != 'P' || out[1] != 'K' || out[2] != 3 || out[3] != 4) {
      throw new IllegalArgumentException("names must have the same length");
    }
    if (!Arrays.equals(Arrays.copyOfRange(out, 30, 30 + f.length), f)) {
      throw new IllegalArgumentException("first entry is not " + from);
    }
    System.arraycopy(t, 0, out, 30, t.length);
    return out;
  }
}
