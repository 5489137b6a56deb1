package dev.imagesmith.plan;

/**
 * Where a stage's {@code run} steps execute ({@code <isolation>}).
 *
 * <ul>
 *   <li>{@link #HOST}: on the build host, with {@code STAGE_ROOT} and {@code DESTDIR} naming the
 *       stage; the command has the Maven user's rights over the whole host. The default.
 *   <li>{@link #STAGE}: inside the stage, like a Dockerfile's {@code RUN}: the stage is {@code /},
 *       the command runs as root of a user namespace and sees nothing of the host but a minimal
 *       {@code /dev}, its own {@code /proc}, {@code resolv.conf} and {@code hosts}.
 * </ul>
 */
public enum RunIsolation {
  HOST,
  STAGE
}
