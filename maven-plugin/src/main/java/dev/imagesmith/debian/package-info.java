/**
 * Debian packages without dpkg, apt or chroot: the engine of the {@code debian} step.
 *
 * <p>{@link dev.imagesmith.debian.AptSources} reads the host's apt configuration for the default
 * repository; {@link dev.imagesmith.debian.DebianRepository} fetches and verifies {@code InRelease}
 * (OpenPGP, {@link dev.imagesmith.debian.InReleaseVerifier}, which counts a signature only if apt
 * would: {@code SignaturePolicy} with {@code DigestPolicy}, {@code SigningKeyPolicy} over {@code
 * KeyBindings}, and {@code PublicKeyPolicy}), the {@code Packages} index (hash from the signed
 * Release) and each {@code .deb} (SHA-256 from the index or the lock file), all through the
 * content-addressed {@link dev.imagesmith.debian.DebianCache} (a {@code store.ContentStore}), and
 * refuses a suite past its {@code Valid-Until} ({@code ReleaseValidity}); {@link
 * dev.imagesmith.debian.Resolver} picks the packages, keeping out {@code Conflicts} and {@code
 * Breaks} ({@code Coexistence}); {@link dev.imagesmith.debian.DebianLock} pins them; {@link
 * dev.imagesmith.debian.DebianInstaller} unpacks each package's data with the hardened archive
 * extractor and writes the dpkg database ({@code status}, {@code info/*.list}). Nothing here runs a
 * maintainer script: in a stage-isolated stage the {@code stage} package takes the verified
 * packages ({@link dev.imagesmith.debian.FetchedPackages}) and runs the script {@link
 * dev.imagesmith.debian.DpkgRun} writes for the stage's own dpkg inside the stage, then {@link
 * dev.imagesmith.debian.DpkgTraces} takes out what depends on the day or the host. {@link
 * dev.imagesmith.debian.PackageContents} answers which package ships a file, from the suite's
 * verified {@code Contents-<arch>} index ({@link dev.imagesmith.debian.ContentsIndex}), for the
 * checks' hints.
 *
 * <p>May import {@code fs}, {@code fs.archive}, {@code error}, {@code event}, {@code io}, {@code
 * net} (proxies, worded network failures), {@code store}, {@code plan.ConfigPaths} (how its
 * messages name the step's elements), Bouncy Castle and Commons Compress; never Maven, Jib, {@code
 * stage} or the rest of {@code plan} (the {@code stage} executor maps the plan's step to a {@link
 * dev.imagesmith.debian.DebianRequest}).
 */
package dev.imagesmith.debian;
