package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Excerpt;
import dev.imagesmith.io.UntrustedFiles;
import dev.imagesmith.plan.ConfigPaths;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies a cleartext-signed {@code InRelease} file (RFC 4880 section 7) against an OpenPGP
 * keyring and returns exactly the text that was signed: nothing before the signed-message header
 * and nothing after the signature is accepted, so no unsigned line can reach the Release parser.
 *
 * <p>At least one signature must be made by a key of the keyring and be valid under apt's policy
 * ({@link SignaturePolicy}: digest, key expiry and revocation, key flags and bindings, signature
 * dates, key algorithm); a signature by a known key that does not verify fails the whole file (as
 * gpgv's BADSIG does for apt). Signatures by keys not in the keyring, and those apt would not
 * count, are ignored when another one is good (the Debian archive signs with several keys).
 */
public final class InReleaseVerifier {
  private static final String BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----";
  private static final String SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
  private static final String END = "-----END PGP SIGNATURE-----";

  /** Debian's archive keyring is some 100 KB; a keyring of every Debian developer 20 MB. */
  private static final int MAX_KEYRING_BYTES = 64 * 1024 * 1024;

  private final PGPPublicKeyRingCollection keys;
  private final Path keyring;

  private InReleaseVerifier(PGPPublicKeyRingCollection keys, Path keyring) {
    this.keys = keys;
    this.keyring = keyring;
  }

  /**
   * Loads a keyring: binary ({@code .gpg}, as in {@code /usr/share/keyrings}) or ASCII-armored
   * ({@code .asc}).
   *
   * @throws UserInputException if the file is missing or holds no public keys
   */
  public static InReleaseVerifier load(Path keyring) throws IOException {
    if (!Files.exists(keyring)) {
      throw new UserInputException(
          "the OpenPGP keyring "
              + keyring
              + " does not exist; install the package debian-archive-keyring or name a keyring"
              + " with "
              + ConfigPaths.POM.debian().keyring());
    }
    // A path the user named (links are theirs to make), but never a pipe, and never whole in a
    // message: only Bouncy Castle's words, shortened and escaped.
    byte[] bytes =
        UntrustedFiles.named(
                "the OpenPGP keyring",
                "name a keyring file (.gpg or .asc) with "
                    + ConfigPaths.POM.debian().keyring()
                    + ", or install the package debian-archive-keyring")
            .read(keyring, MAX_KEYRING_BYTES);
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
      PGPPublicKeyRingCollection keys =
          new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
      if (keys.size() == 0) {
        throw new UserInputException("the OpenPGP keyring " + keyring + " holds no public key");
      }
      return new InReleaseVerifier(keys, keyring);
    } catch (PGPException | IOException | RuntimeException e) {
      if (e instanceof UserInputException u) {
        throw u;
      }
      throw new UserInputException(
          "the OpenPGP keyring "
              + keyring
              + " cannot be read ("
              + Excerpt.quote(String.valueOf(e.getMessage()), Excerpt.NAME)
              + ")",
          e);
    }
  }

  /**
   * What verification proved.
   *
   * @param text the signed text
   * @param signer the fingerprint of the key of the first good signature
   * @param warnings what apt would warn about the good signatures (weak key algorithms), to log
   */
  public record Verified(String text, String signer, List<String> warnings) {}

  /** {@link #verify(byte[], String, Instant)} against the system clock. */
  public Verified verify(byte[] inRelease, String source) {
    return verify(inRelease, source, Instant.now());
  }

  /**
   * Verifies {@code inRelease} and returns its signed text (lines joined with {@code \n}).
   *
   * @param source the URL it came from, named in errors
   * @param now the build's clock, against which signature and key times are judged (synchronized:
   *     checking self-signatures initialises the keyring's signature objects, shared state)
   * @throws UserInputException if the file is not cleartext-signed, a signature by a key of the
   *     keyring does not match it, or no signature on it is one apt accepts
   */
  public synchronized Verified verify(byte[] inRelease, String source, Instant now) {
    List<String> lines = List.of(new String(inRelease, StandardCharsets.UTF_8).split("\r?\n", -1));
    int i = 0;
    if (lines.isEmpty() || !lines.get(0).strip().equals(BEGIN)) {
      throw bad(source, "does not start with " + BEGIN);
    }
    i++;
    while (i < lines.size() && !lines.get(i).isEmpty()) {
      if (!lines.get(i).startsWith("Hash: ")) {
        throw bad(source, "has the unexpected armor header " + Excerpt.quote(lines.get(i)));
      }
      i++;
    }
    i++; // the empty line after the armor headers
    List<String> signed = new ArrayList<>();
    while (i < lines.size() && !lines.get(i).equals(SIGNATURE)) {
      String line = lines.get(i++);
      if (line.startsWith("- ")) {
        line = line.substring(2);
      } else if (line.startsWith("-")) {
        throw bad(source, "has a line starting with '-' that is not dash-escaped: " + line);
      }
      signed.add(line);
    }
    if (i >= lines.size()) {
      throw bad(source, "has no " + SIGNATURE + " block");
    }
    StringBuilder armor = new StringBuilder();
    for (; i < lines.size(); i++) {
      armor.append(lines.get(i)).append('\n');
      if (lines.get(i).equals(END)) {
        break;
      }
    }
    if (i >= lines.size()) {
      throw bad(source, "has no " + END + " line");
    }
    for (i++; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        throw bad(source, "has text after the signature: '" + lines.get(i) + "'");
      }
    }
    byte[] canonical = canonical(signed);
    return check(
        signatures(armor.toString(), source), canonical, String.join("\n", signed), source, now);
  }

  /** Lines without trailing spaces and tabs, joined with CRLF, without a final line end. */
  private static byte[] canonical(List<String> lines) {
    StringBuilder text = new StringBuilder();
    for (int n = 0; n < lines.size(); n++) {
      if (n > 0) {
        text.append("\r\n");
      }
      text.append(lines.get(n).replaceAll("[ \\t]+$", ""));
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static PGPSignatureList signatures(String armor, String source) {
    try (ArmoredInputStream in =
        new ArmoredInputStream(
            new ByteArrayInputStream(armor.getBytes(StandardCharsets.US_ASCII)))) {
      Object object = new BcPGPObjectFactory(in).nextObject();
      if (object instanceof PGPSignatureList list && !list.isEmpty()) {
        return list;
      }
      throw bad(source, "has no OpenPGP signature in its signature block");
    } catch (IOException | RuntimeException e) {
      if (e instanceof UserInputException u) {
        throw u;
      }
      throw bad(source, "has a damaged signature block (" + e.getMessage() + ")");
    }
  }

  /**
   * Checks each signature, as apt does: a signature by a key of the keyring that does not match the
   * text fails the whole file (BADSIG); otherwise at least one must be good under apt's policy
   * ({@link SignaturePolicy}). Signatures by unknown keys and signatures apt would not count are
   * ignored when another one is good (apt lists them, and goes on).
   */
  private Verified check(
      PGPSignatureList list, byte[] data, String text, String source, Instant now) {
    List<String> good = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    Set<String> fixes = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (PGPSignature signature : list) {
      PGPPublicKey key = signingKey(signature);
      if (key == null) {
        unknown.add(String.format(Locale.ROOT, "%016X", signature.getKeyID()));
        continue;
      }
      PGPPublicKey primary = keys.getPublicKeyRing(key.getKeyID()).getPublicKey();
      if (!matches(signature, key, data)) {
        throw new UserInputException(
            source
                + ": the OpenPGP signature by key "
                + fingerprint(key)
                + " does not match the signed text (BAD signature); the file was altered or"
                + " damaged on the way. Nothing was installed. Retry, or use another mirror.");
      }
      SignaturePolicy.Judgement judgement =
          SignaturePolicy.judge(signature, primary, key, now, keyring.toString());
      if (judgement.fault() != null) {
        SignatureFault fault = judgement.fault();
        refused.add(
            "The signature by "
                + (key == primary ? "key " : "subkey " + fingerprint(key) + " of key ")
                + fingerprint(primary)
                + " "
                + fault.what()
                + " ("
                + fault.apt()
                + ").");
        fixes.add(fault.fix() + ".");
        continue;
      }
      good.add(fingerprint(key));
      warnings.add(judgement.warning());
    }
    if (good.isEmpty() && !refused.isEmpty()) {
      throw new UserInputException(
          source
              + ": no signature on it is one apt accepts, so nothing was installed. "
              + String.join(" ", refused)
              + (unknown.isEmpty()
                  ? ""
                  : " Other signatures are by keys not in " + keyring + ": " + unknown + ".")
              + " "
              + String.join(" ", fixes));
    }
    if (good.isEmpty()) {
      throw new UserInputException(
          source
              + ": no signature is by a key of the keyring "
              + keyring
              + " (signed by "
              + (unknown.isEmpty() ? "nobody" : String.join(", ", unknown))
              + "); name the repository's keyring with "
              + ConfigPaths.POM.debian().keyring()
              + ", or install"
              + " debian-archive-keyring");
    }
    // apt warns about weak key algorithms only when every good signature has one
    List<String> shown = warnings.contains(null) ? List.of() : List.copyOf(warnings);
    return new Verified(text, good.get(0), shown);
  }

  /** The key of the keyring that the signature names as its issuer, or null. */
  private PGPPublicKey signingKey(PGPSignature signature) {
    try {
      for (KeyIdentifier id : signature.getKeyIdentifiers()) {
        PGPPublicKey key =
            id.getFingerprint() != null
                ? keys.getPublicKey(id.getFingerprint())
                : keys.getPublicKey(id.getKeyId());
        if (key != null) {
          return key;
        }
      }
      return signature.getKeyID() == 0 ? null : keys.getPublicKey(signature.getKeyID());
    } catch (RuntimeException e) { // a key ID twice in the keyring, say
      return null;
    }
  }

  private static boolean matches(PGPSignature signature, PGPPublicKey key, byte[] data) {
    try {
      signature.init(new BcPGPContentVerifierBuilderProvider(), key);
      signature.update(data);
      return signature.verify();
    } catch (PGPException | RuntimeException e) {
      return false;
    }
  }

  /** A key's fingerprint as gpg and apt print it: 40 hex digits, upper case. */
  static String fingerprint(PGPPublicKey key) {
    StringBuilder hex = new StringBuilder();
    for (byte b : key.getFingerprint()) {
      hex.append(String.format(Locale.ROOT, "%02X", b & 0xff));
    }
    return hex.toString();
  }

  private static UserInputException bad(String source, String why) {
    return new UserInputException(
        source + " is not a valid cleartext-signed InRelease file: it " + why);
  }
}
