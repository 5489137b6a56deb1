package dev.imagesmith.debian;

/**
 * Why apt would not count one signature of an InRelease file.
 *
 * @param what completes "the signature by key F": what is wrong with it ({@code "was made with
 *     SHA-1, ..."})
 * @param apt what apt says about it, so that the message can be matched with apt's ({@code
 *     "EXPKEYSIG"}, {@code "untrusted digest algorithm: SHA1"})
 * @param fix what the user, or the repository's owner, can do about it
 */
record SignatureFault(String what, String apt, String fix) {}
