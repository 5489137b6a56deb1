package dev.imagesmith.debian;

import java.nio.file.Path;

/**
 * The signed repository the Debian tests start from: the test key, its public keyring written as
 * {@code keyring.gpg} and an empty {@link TestRepository} in {@code repo}, both in a test's
 * directory. The key is made once per test JVM (generating it is the slow part, and no test that
 * starts here needs a key no other test has; those that do, a stranger's or a Brainpool key, make
 * their own).
 *
 * @param key the key that signs the repository's InRelease
 * @param keyring the file holding its public key, as a {@code debian} step names it
 * @param repository the repository, not yet published
 */
record SignedRepository(TestKey key, Path keyring, TestRepository repository) {
  private static TestKey shared;

  /** The test key every signed repository is signed with. */
  static synchronized TestKey sharedKey() throws Exception {
    if (shared == null) {
      shared = TestKey.generate();
    }
    return shared;
  }

  /** A repository in {@code directory}/repo, its keyring in {@code directory}/keyring.gpg. */
  static SignedRepository in(Path directory) throws Exception {
    TestKey key = sharedKey();
    return new SignedRepository(
        key,
        key.writeKeyring(directory.resolve("keyring.gpg")),
        new TestRepository(directory.resolve("repo"), key));
  }
}
