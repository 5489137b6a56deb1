package dev.imagesmith.store;

import dev.imagesmith.store.FileHashes.Facts;
import dev.imagesmith.store.FileHashes.Remembered;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The file {@link FileHashes} keeps its memo in: a magic number, a version, then per file its
 * absolute path, its facts and its SHA-256. A missing, foreign or damaged file reads as an empty
 * memo (everything is hashed again); it is written whole to a temporary file and renamed.
 */
final class HashMemoFile {
  private static final int MAGIC = 0x1a5e_f11e;
  private static final int VERSION = 1;

  private HashMemoFile() {}

  /** Fills {@code memo} from {@code file}, or leaves it empty. The file is never followed. */
  static void read(Path file, Map<String, Remembered> memo) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)))) {
      if (in.readInt() != MAGIC || in.readInt() != VERSION) {
        return;
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String path = in.readUTF();
        Facts facts =
            new Facts(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
        byte[] sha256 = new byte[32];
        in.readFully(sha256);
        memo.put(path, new Remembered(facts, sha256));
      }
    } catch (IOException | RuntimeException e) {
      memo.clear(); // a damaged memo is no memo: everything is hashed again
    }
  }

  /** Writes {@code entries} to {@code file} atomically. */
  static void write(Path file, List<Map.Entry<String, Remembered>> entries) throws IOException {
    AtomicFile.to(file)
        .write(
            stream -> {
              DataOutputStream out = new DataOutputStream(stream);
              out.writeInt(MAGIC);
              out.writeInt(VERSION);
              out.writeInt(entries.size());
              for (Map.Entry<String, Remembered> entry : entries) {
                Facts facts = entry.getValue().facts();
                out.writeUTF(entry.getKey());
                out.writeLong(facts.dev());
                out.writeLong(facts.ino());
                out.writeLong(facts.size());
                out.writeLong(facts.mtimeNanos());
                out.writeLong(facts.ctimeNanos());
                out.write(entry.getValue().sha256());
              }
              out.flush();
            });
  }
}
