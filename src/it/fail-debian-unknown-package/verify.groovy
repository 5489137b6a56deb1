// An unknown package: the step's XML path, the repository, the name and what to check; no lock, no image.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
checks.assertFailedCleanly(
    "<stages>/<stage>[1] (runtime)/<steps>/<debian>[1]",
    "package 'no-such-package-imagesmith' is not in the repository for architecture amd64",
    "check the spelling")
assert !new File(basedir, "image-debian.lock").exists(): "a failed resolution writes no lock"
return true
