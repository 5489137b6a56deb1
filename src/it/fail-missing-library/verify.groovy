// Caught at build time, not at run time: the file, the library, and the stage that has it. The
// program's own library (RUNPATH $ORIGIN/../lib) is found. The report and image.json say why.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def log = checks.log()
assert log.contains("Shared libraries missing from the image:")
assert log =~ /\/install\/bin\/hello needs libc\.so\.6 \(searched \/install\/lib:/
assert log =~ /stage 'runtime' has \/lib\/x86_64-linux-gnu\/libc\.so\.6: add <layer><stage>runtime<\/stage><path>\/lib\/x86_64-linux-gnu<\/path><\/layer>/
assert log.contains("/install/bin/hello needs the program interpreter /lib64/ld-linux-x86-64.so.2")
assert !log.contains("needs libgreet.so.1"): "RUNPATH \$ORIGIN/../lib resolves libgreet"
assert !(log =~ /(?m)^\s+at dev\.imagesmith\./): "build.log shows a stack trace of ours"
def report = new File(basedir, "target/image/report.html")
assert report.isFile(): "report.html is written before the build fails"
assert report.text.contains("libc.so.6")
def json = checks.jsonFile("target/image/image.json")
assert json.checks.passed == false
assert json.checks.libraries.passed == false
assert json.checks.budget.passed == true
return true
