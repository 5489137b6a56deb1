// A misspelled step (<rnu>): the plugin's configurator names it by its XML path, guesses the kind and lists
// the step kinds, instead of Maven's "Cannot find 'rnu' in class dev.imagesmith.maven.Steps".
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
checks.assertFailedCleanly(
    "<stages>/<stage>[1] (builder)/<steps>/<rnu> is not a step (did you mean <run>?): the step kinds are"
        + " <copy>, <extract>, <download>, <run> and <debian>")
assert !checks.log().contains("Cannot find 'rnu'")
return true
