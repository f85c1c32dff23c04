package dev.breakfix.cdk;

import dev.breakfix.api.ApiRoutes;
import dev.breakfix.api.ApiRoutes.Route;
import dev.breakfix.api.ApiRoutes.Uses;
import dev.breakfix.cdk.api.ApiStack;
import dev.breakfix.cdk.workflow.WorkflowTasks;
import dev.breakfix.reaper.ReaperHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which Lambda package each function is deployed from. {@code mvn package} builds several zips per module
 * ({@code functions/*}{@code /src/assembly/}, from the shared parts in {@code functions/assembly/}), each
 * carrying the libraries of one group of functions; a function gets the smallest package of its module
 * that carries every library it links (docs/decisions/0017):
 * <ul>
 *   <li>API functions: derived from their routes' {@link Uses} (DynamoDB always, as {@code AwsPlatform}
 *       links its client when it is built; Step Functions for {@code WORKFLOW}, S3 for {@code RECORDINGS},
 *       Secrets Manager for {@code MASTER_SECRET}, SSH for a function that reaches servers), the caller
 *       authorizer adding the JWT library and Secrets Manager (the master secret, the website's API key);</li>
 *   <li>workflow tasks: derived from their {@link WorkflowTasks.Needs} (SSH for {@code SERVER_NETWORK},
 *       the task that logs into servers; Secrets Manager for {@code MASTER_SECRET});</li>
 *   <li>the reaper: DynamoDB. It calls EC2 through the Query API with the SDK core every package carries,
 *       not the SDK's EC2 client (docs/decisions/0020).</li>
 * </ul>
 * A function whose libraries no package carries stops the synth: add an assembly descriptor and a
 * {@link Package} for it.
 */
public final class LambdaPackages {

    /** Libraries a package carries beyond what every package has (Jackson, Logback/Powertools, the domain). */
    public enum Library {
        DYNAMODB, STEP_FUNCTIONS, S3, SSH, JWT,
        /** The master secret and the website's API key, read with GetSecretValue (docs/decisions/0018). */
        SECRETS_MANAGER
    }

    /** The modules that build Lambda packages. */
    public enum Module {
        API("functions/api", "breakfix-api"),
        WORKFLOW("functions/workflow", "breakfix-workflow"),
        REAPER("functions/reaper", "breakfix-reaper");

        private final String folder;
        private final String artifact;

        Module(String folder, String artifact) {
            this.folder = folder;
            this.artifact = artifact;
        }
    }

    /** One zip {@code mvn package} builds: {@code <module>/target/<artifact>-<id>.zip}, from {@code src/assembly/<id>.xml}. */
    public enum Package {
        API_BASE(Module.API, "base", EnumSet.of(Library.DYNAMODB, Library.SECRETS_MANAGER)),
        API_WORKFLOW(Module.API, "workflow", EnumSet.of(Library.DYNAMODB, Library.STEP_FUNCTIONS)),
        API_CHECK(Module.API, "check", EnumSet.of(Library.DYNAMODB, Library.STEP_FUNCTIONS, Library.SSH,
                Library.SECRETS_MANAGER)),
        API_RECORDINGS(Module.API, "recordings", EnumSet.of(Library.DYNAMODB, Library.S3)),
        API_AUTHORIZER(Module.API, "authorizer", EnumSet.of(Library.DYNAMODB, Library.JWT, Library.SECRETS_MANAGER)),
        WORKFLOW_SERVERS(Module.WORKFLOW, "servers", EnumSet.of(Library.SSH, Library.SECRETS_MANAGER)),
        WORKFLOW_SESSIONS(Module.WORKFLOW, "sessions", EnumSet.of(Library.DYNAMODB, Library.STEP_FUNCTIONS)),
        WORKFLOW_RECORDINGS(Module.WORKFLOW, "recordings", EnumSet.of(Library.S3)),
        REAPER(Module.REAPER, "lambda", EnumSet.of(Library.DYNAMODB));

        private final Module module;
        private final String id;
        private final Set<Library> libraries;

        Package(Module module, String id, Set<Library> libraries) {
            this.module = module;
            this.id = id;
            this.libraries = Collections.unmodifiableSet(libraries);
        }

        public Module module() {
            return module;
        }

        /** Where {@code mvn package} writes it, relative to the repository root. */
        public String path() {
            return module.folder + "/target/" + module.artifact + "-" + id + ".zip";
        }

        public Set<Library> libraries() {
            return libraries;
        }
    }

    /**
     * The size goal of a package (issue 6: 15 MB), in the unit AWS states Lambda's package quotas in
     * (its "50 MB" direct upload is 50 × 2<sup>20</sup> bytes).
     */
    public static final long SIZE_GOAL_BYTES = 15L * 1024 * 1024;

    /**
     * One function of the app and its package.
     *
     * @param name the function's name in the route table, {@link WorkflowTasks}, or "CallerAuthorizer" / "Reaper"
     * @param handler the class Lambda instantiates
     */
    public record Assignment(String name, Class<?> handler, Package pack) {}

    public static final String AUTHORIZER_FUNCTION = "CallerAuthorizer";
    public static final String REAPER_FUNCTION = "Reaper";

    private LambdaPackages() {}

    /** The package of an API function whose routes use {@code uses}. */
    public static Package forApiFunction(Set<Uses> uses) {
        Set<Library> needed = EnumSet.of(Library.DYNAMODB);
        if (uses.contains(Uses.WORKFLOW)) {
            needed.add(Library.STEP_FUNCTIONS);
        }
        if (uses.contains(Uses.RECORDINGS)) {
            needed.add(Library.S3);
        }
        if (uses.contains(Uses.MASTER_SECRET)) {
            needed.add(Library.SECRETS_MANAGER);
        }
        if (ApiStack.reachesServers(uses)) {
            needed.add(Library.SSH);
        }
        return smallest(Module.API, needed, "uses " + uses);
    }

    /**
     * The caller authorizer's package: it also checks users' access tokens (JWT, JWKS), and reads the master
     * secret and the website's API key.
     */
    public static Package forAuthorizer() {
        return smallest(Module.API, EnumSet.of(Library.DYNAMODB, Library.JWT, Library.SECRETS_MANAGER),
                "the caller authorizer");
    }

    /** The package of a workflow task. */
    public static Package forTask(WorkflowTasks.Task task) {
        Set<Library> needed = EnumSet.noneOf(Library.class);
        if (task.needs().contains(WorkflowTasks.Needs.SERVER_NETWORK)) {
            needed.add(Library.SSH);
        }
        if (task.needs().contains(WorkflowTasks.Needs.SESSIONS)) {
            needed.add(Library.DYNAMODB);
        }
        if (task.needs().contains(WorkflowTasks.Needs.WORKFLOW_CALLBACK)) {
            needed.add(Library.STEP_FUNCTIONS);
        }
        if (task.needs().contains(WorkflowTasks.Needs.RECORDINGS)) {
            needed.add(Library.S3);
        }
        if (task.needs().contains(WorkflowTasks.Needs.MASTER_SECRET)) {
            needed.add(Library.SECRETS_MANAGER);
        }
        return smallest(Module.WORKFLOW, needed, "task " + task.name());
    }

    public static Package forReaper() {
        return smallest(Module.REAPER, EnumSet.of(Library.DYNAMODB), "the reaper");
    }

    /** Every function the app deploys, with its package: the route table's, the authorizer, the tasks, the reaper. */
    public static List<Assignment> all() {
        Map<String, Class<?>> handlers = new LinkedHashMap<>();
        Map<String, Set<Uses>> uses = new LinkedHashMap<>();
        for (Route route : ApiRoutes.ALL) {
            handlers.putIfAbsent(route.function(), route.handler());
            uses.computeIfAbsent(route.function(), f -> EnumSet.noneOf(Uses.class)).addAll(route.uses());
        }
        List<Assignment> all = new ArrayList<>();
        handlers.forEach((name, handler) -> all.add(new Assignment(name, handler, forApiFunction(uses.get(name)))));
        all.add(new Assignment(AUTHORIZER_FUNCTION, ApiRoutes.AUTHORIZER, forAuthorizer()));
        WorkflowTasks.ALL.forEach(task -> all.add(new Assignment(task.name(), task.handler(), forTask(task))));
        all.add(new Assignment(REAPER_FUNCTION, ReaperHandler.class, forReaper()));
        return List.copyOf(all);
    }

    private static Package smallest(Module module, Set<Library> needed, String what) {
        return Stream.of(Package.values())
                .filter(p -> p.module == module && p.libraries.containsAll(needed))
                .min(Comparator.comparingInt((Package p) -> p.libraries.size()).thenComparing(Enum::ordinal))
                .orElseThrow(() -> new IllegalStateException("no package of " + module.folder + " carries " + needed
                        + ", which " + what + " needs: add an assembly descriptor to " + module.folder
                        + "/src/assembly/ and a LambdaPackages.Package for it"));
    }
}
