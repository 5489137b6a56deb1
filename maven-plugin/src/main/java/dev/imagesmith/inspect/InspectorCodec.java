package dev.imagesmith.inspect;

import dev.imagesmith.elf.ElfIdent;
import dev.imagesmith.fs.FileType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link ImageInspector}'s state as bytes, for the base index cache: every path with what lies
 * there and the facts of its bytes, what the layers hid, and their counts. Only layers read from a
 * tar can be stored (their facts are known); a layer this build wrote still points at host files.
 */
public final class InspectorCodec {
  private InspectorCodec() {}

  /** Writes {@code inspector}'s layers. */
  public static void write(DataOutputStream out, ImageInspector inspector) throws IOException {
    out.writeInt(inspector.tree.all().size());
    for (ImageFile file : inspector.tree.all()) {
      writeFile(out, file);
    }
    out.writeInt(inspector.hidden.size());
    for (HiddenFile hidden : inspector.hidden) {
      writeFile(out, hidden.file());
      out.writeInt(hidden.hiddenBy());
      writeText(out, hidden.how());
    }
    out.writeInt(inspector.stats.size());
    for (LayerStats stats : inspector.stats) {
      out.writeInt(stats.index());
      writeText(out, stats.description());
      out.writeBoolean(stats.added());
      out.writeInt(stats.entries());
      out.writeLong(stats.fileBytes());
      out.writeInt(stats.whiteouts());
    }
  }

  /** The inspector {@link #write} wrote. */
  public static ImageInspector read(DataInputStream in) throws IOException {
    ImageTree tree = new ImageTree();
    for (int i = count(in); i > 0; i--) {
      tree.put(readFile(in));
    }
    List<HiddenFile> hidden = new ArrayList<>();
    for (int i = count(in); i > 0; i--) {
      hidden.add(new HiddenFile(readFile(in), in.readInt(), readText(in)));
    }
    List<LayerStats> stats = new ArrayList<>();
    for (int i = count(in); i > 0; i--) {
      stats.add(
          new LayerStats(
              in.readInt(),
              readText(in),
              in.readBoolean(),
              in.readInt(),
              in.readLong(),
              in.readInt()));
    }
    return new ImageInspector(null, tree, hidden, stats);
  }

  /** Length-prefixed UTF-8 ({@code -1} for null): tar names may exceed writeUTF's 64 KiB. */
  public static void writeText(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** What {@link #writeText} wrote. */
  public static String readText(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > in.available()) {
      throw new IOException("bad string length");
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static void writeFile(DataOutputStream out, ImageFile file) throws IOException {
    if (file.facts() == null && file.source() != null) {
      throw new IllegalStateException("not read yet: " + file.path());
    }
    writeText(out, file.path());
    writeText(out, file.type().name());
    out.writeInt(file.layer());
    out.writeLong(file.size());
    out.writeInt(file.mode());
    out.writeLong(file.uid());
    out.writeLong(file.gid());
    writeText(out, file.symlinkTarget());
    writeText(out, file.hardlinkTarget());
    FileFacts facts = file.facts();
    out.writeBoolean(facts != null);
    if (facts != null) {
      writeText(out, facts.sha256());
      ElfIdent elf = facts.elf();
      out.writeBoolean(elf != null);
      if (elf != null) {
        out.writeBoolean(elf.is64());
        out.writeBoolean(elf.littleEndian());
        out.writeInt(elf.type());
        out.writeInt(elf.machine());
      }
      writeText(out, facts.loaderConfig());
    }
  }

  private static ImageFile readFile(DataInputStream in) throws IOException {
    String path = readText(in);
    FileType type = FileType.valueOf(readText(in));
    int layer = in.readInt();
    long size = in.readLong();
    int mode = in.readInt();
    long uid = in.readLong();
    long gid = in.readLong();
    String symlinkTarget = readText(in);
    String hardlinkTarget = readText(in);
    FileFacts facts = null;
    if (in.readBoolean()) {
      String sha256 = readText(in);
      ElfIdent elf =
          in.readBoolean()
              ? new ElfIdent(in.readBoolean(), in.readBoolean(), in.readInt(), in.readInt())
              : null;
      facts = new FileFacts(sha256, elf, null, null, readText(in));
    }
    return new ImageFile(
        path, type, layer, size, mode, uid, gid, symlinkTarget, hardlinkTarget, facts, null);
  }

  private static int count(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > in.available()) {
      throw new IOException("bad count");
    }
    return count;
  }
}
