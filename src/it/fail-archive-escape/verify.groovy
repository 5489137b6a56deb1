// An archive entry that climbs out of its target (zip slip, security-cases.md P1): rejected,
// nothing written outside.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
checks.assertFailedCleanly("evil.tar.gz", "../../evil")
assert !new File(basedir, "target/evil").exists() && !new File(basedir, "evil").exists()
return true
