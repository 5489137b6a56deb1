// Three clean builds: the counts live in the cache mounts, so the second build sees the first one's and
// the third, which cleared them, starts again; nothing of a cache is in the stage or in any image.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)

def counts = [:]
["build1", "build2", "build3"].each { build ->
  def rootfs = checks.unpack("${build}/oci:1", "bundle-${build}")
  assert !new File(rootfs, "var").exists(): "${build}: the cache's mount point is not in the image"
  counts[build] = [new File(rootfs, "count-seen").text.trim(), new File(rootfs, "out/host-count").text.trim()]
  def script = 'for blob in "$0"/oci/blobs/sha256/*; do tar -tzf "$blob" 2>/dev/null; done; true'
  def listing = checks.sh(["sh", "-c", script, build])
  assert listing.contains("count-seen") && listing.contains("host-count"): "${build}: ${listing}"
  assert !listing.contains("cache/count") && !listing.contains("/n\n"): "${build}: ${listing}"
}
assert counts == [build1: ["1", "1"], build2: ["2", "2"], build3: ["1", "1"]]: counts
// Emptied caches give the image the first build made.
assert new File(basedir, "build3/digest").text == new File(basedir, "build1/digest").text

// The stage cache of the last build holds no trace of the mount either.
def stage = new File(basedir, "target/imagesmith-work/default/stages/counter")
assert new File(stage, "count-seen").text.trim() == "1"
assert !new File(stage, "var").exists()
// The caches themselves: in the cache directory, by id.
assert new File(basedir, "cache/mounts/it-count/n").text.trim() == "1"
assert new File(basedir, "cache/mounts/it-host-count/n").text.trim() == "1"
def log = checks.log()
assert log.contains("Cache mount 'it-count' emptied (image.cacheMounts.clear)")
return true
