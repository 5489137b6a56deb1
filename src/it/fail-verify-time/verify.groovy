// image:verify fails on an image that is not reproducible, naming the layer and the file that differs
// and how; the first build's outputs stay as they were.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def log = checks.log()
def digest = new File(basedir, "target/image/digest").text.trim()
assert log.contains("The image is not reproducible: the build gave " + digest)
assert log =~ /layer 1 \(imagesmith COPY --from=builder \/install \/install\) differs:/
assert log.contains("/install/bin/stamp: content differs")
assert !log.contains("/install/bin/run:"): "an equal file is not named"
assert !(log =~ /(?m)^\s+at dev\.imagesmith\./): "no stack trace of ours"
assert new File(basedir, "target/imagesmith-verify/default/digest").text.trim() != digest
return true
