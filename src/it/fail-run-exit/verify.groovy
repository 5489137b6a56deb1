// A run command that exits non-zero: stage, step and exit code in one message; output kept.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
checks.assertFailedCleanly("builder", "code 3", "about to fail")
return true
