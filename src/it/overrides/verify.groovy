// -Dimage.to, -Dimage.tags and -Dimage.outputDirectory replace the POM's values; -Dimage.skip builds and
// attaches nothing.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def log = checks.log()

// Build 1 wrote to the overridden directory; build 2's clean removed target/, so look at the log and
// at what install published instead.
assert log.contains("IMAGE registry.example.org/release/overrides:2.0.0, registry.example.org/release/overrides:latest, registry.example.org/release/overrides:2.0")
assert log =~ /Image sha256:[a-f0-9]{64} written to .*\/target\/release-image/
assert !log.contains("example.org/dev/overrides"): "the POM's <to> was replaced, tags included"

// Build 2: -Dimage.skip=true
assert log.contains("Skipping the image build (image.skip is true)")
assert !new File(basedir, "target/image").exists()
def installed = new File(localRepositoryPath, "dev/imagesmith/it/overrides/1.0")
assert new File(installed, "overrides-1.0.jar").isFile()
assert !new File(installed, "overrides-1.0-image.digest").exists(): "a skipped image attaches nothing"
assert !new File(installed, "overrides-1.0-image.json").exists()
return true
