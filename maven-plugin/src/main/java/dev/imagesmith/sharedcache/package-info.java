/**
 * The build cache a fleet of runners shares through an OCI registry ({@code <sharedCache>}): a
 * stage that one runner built is restored by every other runner whose stage has the same inputs,
 * wherever its checkout lives, instead of running its steps again.
 *
 * <ul>
 *   <li>{@link dev.imagesmith.sharedcache.SharedCache}: the shared cache of one build, the {@link
 *       dev.imagesmith.sharedcache.SharedStages} the stages phase asks on a local miss and offers
 *       each stage to;
 *   <li>{@code PortableStageKey}: the stage's key without the checkout's path, with the user's
 *       extra key ({@code ExtraKey}); {@code EntrySeal} binds an entry to the inputs of its key;
 *   <li>{@code StageEntry}, {@code EntryManifest}: what an entry is, an OCI artifact manifest whose
 *       layers are the stage's tree and summary; {@code StageEntryReader} checks and restores one,
 *       {@code StageEntryWriter} pushes one;
 *   <li>{@code CacheRepository}: every question to the registry with a deadline; the first failure
 *       ends the shared cache for the build with a warning (or fails it, when it is required).
 * </ul>
 *
 * <p>May import {@code plan}, {@code fs}, {@code fs.archive} (the tree is read back by the layer
 * extractor), {@code layer} (and written by the layer writer), {@code image}, {@code registry} (the
 * registry is reached as for images), {@code report} (the stage's summary), {@code stage} (the
 * local key's input hashes), {@code store}, {@code io}, {@code event}, {@code error} and Jackson;
 * never Maven or Jib.
 */
package dev.imagesmith.sharedcache;
