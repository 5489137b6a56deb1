// Budgets from a parent POM merge with the child's: maxSize inherited, maxLayers overridden. Both are
// named with the measured value and the biggest contributors, after report.html is written; the
// library check passes (the runtime layers are there).
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def log = checks.log()
assert log.contains("Budget exceeded:")
assert log =~ /<budget>\/<maxSize> is 1\.0 MB \(1000000 bytes\) but the image has [0-9.]+ MB \(\d+ bytes\) uncompressed; biggest contributors: layer 1 \(runtime:\/lib\)/
assert log.contains("file /lib/x86_64-linux-gnu/libc.so.6")
assert log.contains("<budget>/<maxLayers> is 2 layers but the image has 3 layers")
assert !log.contains("Shared libraries missing")
assert !(log =~ /(?m)^\s+at dev\.imagesmith\./): "build.log shows a stack trace of ours"
assert new File(basedir, "target/image/report.html").text.contains("exceeded")
def json = checks.jsonFile("target/image/image.json")
assert json.checks.passed == false
assert json.checks.budget.problems.size() == 2
assert json.checks.libraries.passed == true
assert new File(basedir, "target/image/oci/index.json").isFile(): "the image stays, to be looked at"
assert !new File(basedir, "target/image/digest").exists(): "a failed check leaves no digest"
return true
