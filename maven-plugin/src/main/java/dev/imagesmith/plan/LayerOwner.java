package dev.imagesmith.plan;

/**
 * The numeric owner that every entry of a layer gets ({@code <layer><owner>1000:1000</owner>}),
 * like {@code COPY --chown=1000:1000}. Numeric only: no {@code /etc/passwd} is read.
 */
public record LayerOwner(long uid, long gid) {
  /** Linux's largest id, 2^32 - 2 (2^32 - 1 means "no id"); tar carries large ones in PAX. */
  public static final long MAX_ID = 0xFFFF_FFFEL;

  public LayerOwner {
    if (uid < 0 || gid < 0 || uid > MAX_ID || gid > MAX_ID) {
      throw new IllegalArgumentException("owner out of range: " + uid + ":" + gid);
    }
  }

  @Override
  public String toString() {
    return uid + ":" + gid;
  }
}
