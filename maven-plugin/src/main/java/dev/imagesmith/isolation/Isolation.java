package dev.imagesmith.isolation;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A way to run a command inside a stage: the stage's directory is {@code /}, nothing of the host is
 * visible but a minimal {@code /dev}, {@code /proc}, {@code /etc/resolv.conf} and {@code
 * /etc/hosts}, and the command runs as root of a user namespace (or, under proot, as a root the
 * tracer pretends). {@link IsolationProbe} chooses one for the host.
 */
public interface Isolation {
  /** {@code unshare}, {@code bwrap} or {@code proot}: what the build log names. */
  String name();

  /** One line for the build log: the mechanism and what it gives on this host. */
  String describe();

  /**
   * Whether ids other than root exist inside, so that a {@code chown} to another user works and is
   * reported back in {@link IsolatedResult#owners()}; the command's {@link
   * IsolatedCommand#owners()} are then given to the files before it runs.
   */
  boolean holdsOwners();

  /**
   * Whether every host owner other than the Maven user's is an owner the command set, to record and
   * take back (proot run by root, where ids are the host's own).
   */
  boolean hostOwnersAreImageOwners();

  /**
   * Runs {@code command}; returns when the command and every process it started are gone.
   *
   * @param output receives each line the command prints (standard output and error, merged)
   * @throws IsolationRefusedException when the host refused to set the stage up (not the command's
   *     failure)
   * @throws java.io.InterruptedIOException when the thread was interrupted; the command was stopped
   */
  IsolatedResult run(IsolatedCommand command, Consumer<String> output) throws IOException;
}
