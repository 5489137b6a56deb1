// Caught at build time, not at run time: the entrypoint that is not in the image, and the script whose
// interpreter is not, each named with what is wrong; the report and image.json say the same.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def log = checks.log()
assert log.contains("The image cannot start its program:")
assert log.contains("  - The entrypoint /install/bin/helo cannot start: /install/bin/helo is not in the image;"
    + " the image has /install/bin/hello (a typo?)")
assert log.contains("<checkEntrypoint>false</checkEntrypoint>")
assert log.contains("Script interpreters missing from the image:")
assert log.contains("  - /install/bin/report.pl starts with #!/usr/bin/perl, and /usr/bin/perl is not in the image")
assert !log.contains("Shared libraries missing from the image:"): "the program and its libraries are fine"
assert !(log =~ /(?m)^\s+at dev\.imagesmith\./): "build.log shows a stack trace of ours"
def json = checks.jsonFile("target/image/image.json")
assert json.checks.passed == false
assert json.checks.entrypoint.passed == false
assert json.checks.entrypoint.problems[0].startsWith("The entrypoint /install/bin/helo cannot start")
assert json.checks.interpreters.passed == false
assert json.checks.libraries.passed == true
def report = new File(basedir, "target/image/report.html").text
assert report.contains("/install/bin/helo is not in the image")
assert report.contains("/install/bin/report.pl starts with #!/usr/bin/perl")
assert !new File(basedir, "target/image/digest").exists()
return true
