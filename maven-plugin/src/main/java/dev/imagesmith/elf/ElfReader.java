package dev.imagesmith.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the loader-relevant parts of an ELF32 or ELF64 object of either byte order from a seekable
 * channel. The channel is read at explicit positions only and never closed.
 *
 * <p>Hostile input: every offset and size comes from the file and is checked against the file's
 * size before anything is read; the program header table, the dynamic section and each string are
 * capped ({@link #MAX_PROGRAM_HEADERS}, {@link #MAX_DYNAMIC_ENTRIES}, {@link #MAX_STRING}), so the
 * reader allocates at most a few megabytes whatever the file claims. Offsets above 2^63 and sums
 * that would overflow are format errors, never a wrap-around.
 */
public final class ElfReader {
  /** More program headers than any real object has; {@code PN_XNUM} (0xffff) is refused. */
  public static final int MAX_PROGRAM_HEADERS = 4096;

  /** Dynamic entries read at most (a real object has fewer than a hundred). */
  public static final int MAX_DYNAMIC_ENTRIES = 65536;

  /** Longest interpreter path, library name or search path read. */
  public static final int MAX_STRING = 4096;

  /** DT_NEEDED entries kept at most. */
  public static final int MAX_NEEDED = 4096;

  private static final int PT_LOAD = 1;
  private static final int PT_DYNAMIC = 2;
  private static final int PT_INTERP = 3;
  private static final long DT_NULL = 0;
  private static final long DT_NEEDED = 1;
  private static final long DT_STRTAB = 5;
  private static final long DT_STRSZ = 10;
  private static final long DT_SONAME = 14;
  private static final long DT_RPATH = 15;
  private static final long DT_RUNPATH = 29;

  private final SeekableByteChannel channel;
  private final long fileSize;
  private ElfIdent ident;
  private ByteOrder order;

  private ElfReader(SeekableByteChannel channel) throws IOException {
    this.channel = channel;
    this.fileSize = channel.size();
  }

  /**
   * The ELF information of the object in {@code channel}, or empty if it does not start with a
   * valid ELF identification (not an ELF file at all).
   *
   * @throws ElfFormatException if it claims to be ELF but its headers are broken
   */
  public static Optional<ElfInfo> read(SeekableByteChannel channel) throws IOException {
    return new ElfReader(channel).read();
  }

  private record Segment(long type, long offset, long vaddr, long filesz) {}

  private Optional<ElfInfo> read() throws IOException {
    if (fileSize < ElfIdent.LENGTH) {
      return Optional.empty();
    }
    ByteBuffer head = readAt(0, (int) Math.min(fileSize, 64));
    byte[] bytes = new byte[head.remaining()];
    head.get(bytes);
    Optional<ElfIdent> parsed = ElfIdent.parse(bytes);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    ident = parsed.get();
    order = ident.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    int headerSize = ident.is64() ? 64 : 52;
    if (bytes.length < headerSize) {
      throw new ElfFormatException("the ELF header is truncated");
    }
    ByteBuffer header = ByteBuffer.wrap(bytes).order(order);
    long phoff = ident.is64() ? unsigned64(header.getLong(32)) : unsigned32(header.getInt(28));
    int phentsize = Short.toUnsignedInt(header.getShort(ident.is64() ? 54 : 42));
    int phnum = Short.toUnsignedInt(header.getShort(ident.is64() ? 56 : 44));
    List<Segment> segments = programHeaders(phoff, phentsize, phnum);

    String interpreter = null;
    Segment dynamic = null;
    for (Segment segment : segments) {
      if (segment.type() == PT_INTERP && interpreter == null) {
        interpreter = string(segment.offset(), Math.min(segment.filesz(), MAX_STRING), "PT_INTERP");
      } else if (segment.type() == PT_DYNAMIC && dynamic == null) {
        dynamic = segment;
      }
    }
    if (dynamic == null) {
      return Optional.of(new ElfInfo(ident, interpreter, false, List.of(), null, null, null));
    }
    return Optional.of(dynamicSection(dynamic, segments, interpreter));
  }

  private List<Segment> programHeaders(long phoff, int phentsize, int phnum) throws IOException {
    if (phnum == 0) {
      return List.of();
    }
    int expected = ident.is64() ? 56 : 32;
    if (phentsize != expected) {
      throw new ElfFormatException(
          "program header entries are " + phentsize + " bytes, not " + expected);
    }
    if (phnum > MAX_PROGRAM_HEADERS) {
      throw new ElfFormatException(
          phnum + " program headers (more than " + MAX_PROGRAM_HEADERS + ")");
    }
    ByteBuffer table = readAt(phoff, phentsize * phnum);
    List<Segment> segments = new ArrayList<>(phnum);
    for (int i = 0; i < phnum; i++) {
      int at = i * phentsize;
      long type = unsigned32(table.getInt(at));
      if (ident.is64()) {
        segments.add(
            new Segment(
                type,
                unsigned64(table.getLong(at + 8)),
                unsigned64(table.getLong(at + 16)),
                unsigned64(table.getLong(at + 32))));
      } else {
        segments.add(
            new Segment(
                type,
                unsigned32(table.getInt(at + 4)),
                unsigned32(table.getInt(at + 8)),
                unsigned32(table.getInt(at + 16))));
      }
    }
    return segments;
  }

  private ElfInfo dynamicSection(Segment dynamic, List<Segment> segments, String interpreter)
      throws IOException {
    int entrySize = ident.is64() ? 16 : 8;
    long count = Math.min(dynamic.filesz() / entrySize, MAX_DYNAMIC_ENTRIES);
    ByteBuffer table = readAt(dynamic.offset(), (int) (count * entrySize));
    List<Long> needed = new ArrayList<>();
    long strtab = -1;
    long strsz = -1;
    long soname = -1;
    long rpath = -1;
    long runpath = -1;
    for (int i = 0; i < count; i++) {
      int at = i * entrySize;
      long tag = ident.is64() ? table.getLong(at) : table.getInt(at);
      long value =
          ident.is64() ? unsigned64(table.getLong(at + 8)) : unsigned32(table.getInt(at + 4));
      if (tag == DT_NULL) {
        break;
      } else if (tag == DT_NEEDED) {
        if (needed.size() >= MAX_NEEDED) {
          throw new ElfFormatException("more than " + MAX_NEEDED + " DT_NEEDED entries");
        }
        needed.add(value);
      } else if (tag == DT_STRTAB) {
        strtab = value;
      } else if (tag == DT_STRSZ) {
        strsz = value;
      } else if (tag == DT_SONAME) {
        soname = value;
      } else if (tag == DT_RPATH) {
        rpath = value;
      } else if (tag == DT_RUNPATH) {
        runpath = value;
      }
    }
    boolean anyString = !needed.isEmpty() || soname >= 0 || rpath >= 0 || runpath >= 0;
    if (!anyString) {
      return new ElfInfo(ident, interpreter, true, List.of(), null, null, null);
    }
    if (strtab < 0 || strsz < 0) {
      throw new ElfFormatException("the dynamic section has names but no DT_STRTAB/DT_STRSZ");
    }
    StringTable strings = new StringTable(fileOffset(strtab, segments), strsz);
    List<String> names = new ArrayList<>(needed.size());
    for (long offset : needed) {
      names.add(strings.get(offset, "DT_NEEDED"));
    }
    return new ElfInfo(
        ident,
        interpreter,
        true,
        names,
        rpath < 0 ? null : strings.get(rpath, "DT_RPATH"),
        runpath < 0 ? null : strings.get(runpath, "DT_RUNPATH"),
        soname < 0 ? null : strings.get(soname, "DT_SONAME"));
  }

  /** The dynamic string table: a file range; each string must end inside it. */
  private final class StringTable {
    private final long offset;
    private final long size;

    StringTable(long offset, long size) throws ElfFormatException {
      if (size > fileSize || offset > fileSize - size) {
        throw new ElfFormatException("DT_STRTAB/DT_STRSZ reach past the end of the file");
      }
      this.offset = offset;
      this.size = size;
    }

    String get(long index, String what) throws IOException {
      if (index >= size) {
        throw new ElfFormatException(what + " names string " + index + " outside DT_STRTAB");
      }
      return string(offset + index, Math.min(size - index, MAX_STRING), what);
    }
  }

  /** Maps a virtual address to a file offset through the PT_LOAD segment that holds it. */
  private static long fileOffset(long vaddr, List<Segment> segments) throws ElfFormatException {
    for (Segment segment : segments) {
      if (segment.type() == PT_LOAD
          && vaddr >= segment.vaddr()
          && vaddr - segment.vaddr() < segment.filesz()) {
        long delta = vaddr - segment.vaddr();
        if (segment.offset() > Long.MAX_VALUE - delta) {
          throw new ElfFormatException("DT_STRTAB maps past any file offset");
        }
        return segment.offset() + delta;
      }
    }
    throw new ElfFormatException("DT_STRTAB address " + vaddr + " is in no loaded segment");
  }

  /** A NUL-terminated string starting at {@code offset}, at most {@code limit} bytes long. */
  private String string(long offset, long limit, String what) throws IOException {
    if (offset >= fileSize) {
      throw new ElfFormatException(what + " starts past the end of the file");
    }
    int length = (int) Math.min(limit, fileSize - offset);
    ByteBuffer bytes = readAt(offset, length);
    for (int i = 0; i < length; i++) {
      if (bytes.get(i) == 0) {
        byte[] text = new byte[i];
        bytes.get(0, text);
        return new String(text, StandardCharsets.UTF_8);
      }
    }
    throw new ElfFormatException(what + " is not NUL-terminated within " + length + " bytes");
  }

  private ByteBuffer readAt(long offset, int length) throws IOException {
    if (offset < 0 || length < 0 || offset > fileSize || length > fileSize - offset) {
      throw new ElfFormatException(
          "a header points at bytes " + offset + "+" + length + " past the end of the file");
    }
    ByteBuffer buffer =
        ByteBuffer.allocate(length).order(order == null ? ByteOrder.BIG_ENDIAN : order);
    channel.position(offset);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new ElfFormatException("the file ended while reading its headers");
      }
    }
    return buffer.flip();
  }

  private static long unsigned32(int value) {
    return Integer.toUnsignedLong(value);
  }

  private static long unsigned64(long value) throws ElfFormatException {
    if (value < 0) {
      throw new ElfFormatException("an offset or size does not fit in 63 bits");
    }
    return value;
  }
}
