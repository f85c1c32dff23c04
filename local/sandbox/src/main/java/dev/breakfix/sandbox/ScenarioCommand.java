package dev.breakfix.sandbox;

import dev.breakfix.scenario.InvalidScenarioException;
import dev.breakfix.scenario.Scenario;
import dev.breakfix.scenario.ScenarioCatalog;
import dev.breakfix.scenario.ScenarioFolders;
import dev.breakfix.ssh.SshConnector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code ./breakfix scenario new|lint|test}: the scenario author's command.
 *
 * <pre>
 *   scenario new ID        scaffold scenario-amis/ID/ with commented templates
 *   scenario lint          validate every scenario folder (metadata, description, scripts)
 *   scenario test [ID…]    prove scenarios on real servers (all when no ID is given)
 * </pre>
 *
 * Exit status: 0 when all is well, 1 when a scenario has problems or fails its proof, 2 for bad usage
 * or a host that cannot run scenario servers.
 */
public final class ScenarioCommand {
    private static final Pattern ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])");
    private final Path root;
    private final PrintStream out;

    ScenarioCommand(Path root, PrintStream out) {
        this.root = root;
        this.out = out;
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        Path root = Path.of(System.getProperty("breakfix.root", ".")).toAbsolutePath().normalize();
        System.exit(new ScenarioCommand(root, System.out).run(List.of(args)));
    }

    int run(List<String> args) {
        if (args.isEmpty()) {
            return usage("a subcommand is needed");
        }
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "new":
                return rest.size() == 1 ? scaffold(rest.get(0)) : usage("usage: scenario new ID");
            case "lint":
                return rest.isEmpty() ? lint() : usage("usage: scenario lint (it checks every folder)");
            case "test":
                return test(rest);
            case "build":
                return build(rest);
            case "help":
            case "-h":
            case "--help":
                usage(null);
                return 0;
            default:
                return usage("unknown subcommand: " + args.get(0));
        }
    }

    private int usage(String problem) {
        if (problem != null) {
            System.err.println("breakfix: " + problem);
        }
        System.err.println("usage: ./breakfix scenario new ID | lint | test [ID...] | build [ID...]");
        return 2;
    }

    private Path scenarios() {
        return root.resolve("scenario-amis");
    }

    // --- new --------------------------------------------------------------------------------------

    private int scaffold(String id) {
        if (!ID.matcher(id).matches() || id.equals(ScenarioFolders.BASE_IMAGE_FOLDER)) {
            System.err.println("breakfix: '" + id + "' is not a scenario id: lower-case letters, digits and '-', "
                    + "3 to 40 characters, like disk-filling-up");
            return 2;
        }
        Path folder = scenarios().resolve(id);
        if (Files.exists(folder)) {
            System.err.println("breakfix: " + root.relativize(folder) + " already exists");
            return 2;
        }
        try {
            for (ScenarioTemplates.File file : ScenarioTemplates.files(id)) {
                Path path = folder.resolve(file.name());
                Files.createDirectories(folder);
                Files.writeString(path, file.text());
                if (file.name().endsWith(".sh")) {
                    path.toFile().setExecutable(true);
                }
            }
        } catch (IOException e) {
            System.err.println("breakfix: cannot write " + folder + ": " + e.getMessage());
            return 1;
        }
        out.println("Created " + root.relativize(folder) + "/ with scenario.yaml, description.md, setup.sh, check.sh, "
                + "solution.sh and decoy.sh.");
        out.println("Edit them (scenario-amis/README.md explains the format), then:");
        out.println("  ./breakfix scenario lint");
        out.println("  ./breakfix scenario test " + id);
        return 0;
    }

    // --- lint -------------------------------------------------------------------------------------

    private int lint() {
        List<String> problems = ScenarioLint.problems(scenarios());
        int count = ScenarioFolders.scenarioFolders(scenarios()).size();
        if (problems.isEmpty()) {
            out.println("✔ " + count + " scenarios are valid");
            return 0;
        }
        out.println("✘ " + problems.size() + " problem(s) in scenario-amis/:");
        problems.forEach(p -> out.println("  " + p));
        return 1;
    }

    // --- choosing scenarios -----------------------------------------------------------------------

    /**
     * The scenarios named (all of them when none is); or, after saying what is wrong, no scenarios and
     * the exit status: 1 for invalid scenario files, 2 for an unknown scenario (a usage error).
     */
    private record Selection(List<Scenario> scenarios, int status) {
        boolean failed() {
            return status != 0;
        }
    }

    private Selection select(List<String> ids) {
        ScenarioCatalog catalog;
        try {
            catalog = ScenarioFolders.load(scenarios());
        } catch (InvalidScenarioException e) {
            System.err.println("breakfix: " + e.getMessage());
            return new Selection(List.of(), 1);
        }
        List<Scenario> selected = new ArrayList<>();
        for (String id : ids) {
            Optional<Scenario> scenario = catalog.find(id);
            if (scenario.isEmpty()) {
                System.err.println("breakfix: unknown scenario '" + id + "'; known: "
                        + String.join(", ", catalog.all().stream().map(Scenario::id).sorted().toList()));
                return new Selection(List.of(), 2);
            }
            selected.add(scenario.get());
        }
        if (selected.isEmpty()) {
            selected.addAll(catalog.all().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList());
        }
        return new Selection(selected, 0);
    }

    // --- build ------------------------------------------------------------------------------------

    /** Builds (or finds cached) every selected scenario's image, so a first session does not wait for it. */
    private int build(List<String> ids) {
        Selection selected = select(ids);
        if (selected.failed()) {
            return selected.status();
        }
        Optional<String> hostProblem = LxcServers.hostProblem();
        if (hostProblem.isPresent()) {
            System.err.println("breakfix: cannot build server images here: " + hostProblem.get());
            return 2;
        }
        ScenarioImages images = new ScenarioImages(SandboxSettings.forRepository(root), this::progress);
        int failed = 0;
        for (Scenario scenario : selected.scenarios()) {
            try {
                images.layers(scenario, scenarios().resolve(scenario.id()));
            } catch (SandboxException e) {
                System.err.println("✘ " + scenario.id() + ": " + e.getMessage());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    // --- test -------------------------------------------------------------------------------------

    private int test(List<String> ids) {
        Selection chosen = select(ids);
        if (chosen.failed()) {
            return chosen.status();
        }
        List<Scenario> selected = chosen.scenarios();
        List<String> scriptProblems = new ArrayList<>();
        selected.forEach(s -> scriptProblems.addAll(ScenarioLint.scriptProblems(scenarios().resolve(s.id()))));
        if (!scriptProblems.isEmpty()) {
            System.err.println("breakfix: fix these first (./breakfix scenario lint):");
            scriptProblems.forEach(p -> System.err.println("  " + p));
            return 1;
        }
        Optional<String> hostProblem = LxcServers.hostProblem();
        if (hostProblem.isPresent()) {
            System.err.println("breakfix: cannot run scenario servers here: " + hostProblem.get());
            return 2;
        }
        SandboxSettings settings = SandboxSettings.forRepository(root);
        ScenarioImages images = new ScenarioImages(settings, this::progress);
        LxcServers servers = new LxcServers(settings, images);
        List<ScenarioProof.Outcome> outcomes = new ArrayList<>();
        try (SshConnector connector = new SshConnector()) {
            ScenarioProof proof = new ScenarioProof(servers, connector, this::progress);
            for (Scenario scenario : selected) {
                Path folder = scenarios().resolve(scenario.id());
                try {
                    images.layers(scenario, folder);
                } catch (SandboxException e) {
                    outcomes.add(new ScenarioProof.Outcome(scenario.id(),
                            List.of(new ScenarioProof.Step("image builds", false, e.getMessage())), java.time.Duration.ZERO));
                    report(outcomes.get(outcomes.size() - 1));
                    continue;
                }
                ScenarioProof.Outcome outcome = proof.prove(scenario, folder);
                outcomes.add(outcome);
                report(outcome);
            }
        }
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        out.println();
        out.println(failed == 0
                ? "✔ " + outcomes.size() + " scenario(s) proven: broken when fresh, fixed by their solution"
                        + ", not by their decoy"
                : "✘ " + failed + " of " + outcomes.size() + " scenario(s) failed");
        return failed == 0 ? 0 : 1;
    }

    private void report(ScenarioProof.Outcome outcome) {
        out.println((outcome.passed() ? "✔ " : "✘ ") + outcome.scenario()
                + " (" + outcome.took().toSeconds() + " s)");
        for (ScenarioProof.Step step : outcome.steps()) {
            out.println("    " + (step.passed() ? "✔ " : "✘ ") + step.name() + " — "
                    + step.detail().replace("\n", "\n        "));
        }
    }

    private void progress(String message) {
        System.err.println("\033[1m▸ " + message + "\033[0m");
    }
}
