// A copy step whose source is missing: the message names the step and the path.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
checks.assertFailedCleanly("src/does-not-exist", "copy")
return true
