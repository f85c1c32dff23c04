package dev.breakfix.ssh;

import dev.breakfix.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a scenario's {@code check.sh} comes from at check time: the scenario folders, a bundle, a bucket. */
@FunctionalInterface
public interface CheckScripts {
    String CHECK_FILE = "check.sh";

    String checkScript(Scenario scenario) throws IOException;

    /** {@code <scenarios>/<id>/check.sh}, read at each check (an author's edit applies at once). */
    static CheckScripts inFolders(Path scenarios) {
        return scenario -> Files.readString(scenarios.resolve(scenario.id()).resolve(CHECK_FILE));
    }
}
