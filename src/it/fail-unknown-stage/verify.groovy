// A layer naming a stage that does not exist: the message names it and lists the stages.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
checks.assertFailedCleanly("buidler", "builder")
return true
