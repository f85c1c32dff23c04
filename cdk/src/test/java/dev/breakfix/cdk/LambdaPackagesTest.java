package dev.breakfix.cdk;

import static dev.breakfix.cdk.TestApps.resources;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.breakfix.api.ApiRoutes;
import dev.breakfix.api.ApiRoutes.Route;
import dev.breakfix.cdk.LambdaPackages.Assignment;
import dev.breakfix.cdk.LambdaPackages.Library;
import dev.breakfix.cdk.LambdaPackages.Package;
import dev.breakfix.cdk.workflow.WorkflowTasks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Lambda packages {@code mvn package} builds ({@code functions/*}{@code /src/assembly/}), checked
 * against what the app deploys from them ({@link LambdaPackages}): every function's package exists and
 * holds its handler, every package carries exactly the libraries {@code LambdaPackages} says it does (and
 * no HTTP client but url-connection), and the sizes meet the goal except where documented. Needs the
 * packages built: {@code mvn -o -q -pl cdk -am verify} builds them first. That they also run is
 * {@code local/bench/cold-start.sh}'s proof (each function invoked once from its package alone).
 */
class LambdaPackagesTest {
    private static final RepositoryRoot ROOT = RepositoryRoot.findFrom(Path.of(""));

    /** How each library shows in a package's {@code lib/}: jar name prefixes. */
    private static final Map<Library, List<String>> JARS = Map.of(
            Library.DYNAMODB, List.of("dynamodb-"),
            Library.STEP_FUNCTIONS, List.of("sfn-"),
            Library.S3, List.of("s3-", "aws-xml-protocol-"),
            Library.SSH, List.of("breakfix-ssh-", "sshd-core-", "sshd-common-", "eddsa-"),
            Library.JWT, List.of("nimbus-jose-jwt-"),
            Library.SECRETS_MANAGER, List.of("secretsmanager-"));
    /** What every package carries: the domain, the AWS adapters, Jackson, structured logging, the Lambda interface. */
    private static final List<String> EVERY_PACKAGE = List.of("breakfix-core-", "breakfix-aws-", "jackson-databind-",
            "jackson-dataformat-yaml-", "logback-classic-", "powertools-logging-", "aws-lambda-java-core-");

    static Stream<Assignment> functions() {
        return LambdaPackages.all().stream();
    }

    @Test
    void all_shouldGiveEveryFunctionOfTheAppItsPackage_asDerivedFromWhatItUses() {
        Map<String, Package> packages = new LinkedHashMap<>();
        LambdaPackages.all().forEach(assignment -> packages.put(assignment.name(), assignment.pack()));

        // every function the app deploys: the route table's, the authorizer, the workflow's tasks, the reaper
        Set<String> expected = new TreeSet<>();
        ApiRoutes.ALL.stream().map(Route::function).forEach(expected::add);
        WorkflowTasks.ALL.forEach(task -> expected.add(task.name()));
        expected.add(LambdaPackages.AUTHORIZER_FUNCTION);
        expected.add(LambdaPackages.REAPER_FUNCTION);
        assertThat(packages.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        // and each one the smallest package with what it links
        assertThat(packages).containsEntry("ListScenarios", Package.API_BASE)
                .containsEntry("IssueAnonymousToken", Package.API_BASE)
                .containsEntry("GetSession", Package.API_BASE)
                .containsEntry("IssueTerminalTicket", Package.API_BASE)
                .containsEntry("StartSession", Package.API_WORKFLOW)
                .containsEntry("EndSession", Package.API_WORKFLOW)
                .containsEntry("CheckSession", Package.API_CHECK)
                .containsEntry("GetRecording", Package.API_RECORDINGS)
                .containsEntry("GetReplay", Package.API_RECORDINGS)
                .containsEntry(LambdaPackages.AUTHORIZER_FUNCTION, Package.API_AUTHORIZER)
                .containsEntry("PrepareLaunch", Package.WORKFLOW_SERVERS)
                .containsEntry("AwaitSsh", Package.WORKFLOW_SERVERS)
                .containsEntry("MarkSessionReady", Package.WORKFLOW_SESSIONS)
                .containsEntry("StoreWaitToken", Package.WORKFLOW_SESSIONS)
                .containsEntry("CloseRecording", Package.WORKFLOW_RECORDINGS)
                .containsEntry(LambdaPackages.REAPER_FUNCTION, Package.REAPER);
        assertThat(Set.copyOf(packages.values())).as("no package is built for nothing")
                .containsExactlyInAnyOrder(Package.values());
    }

    @Test
    void all_shouldGiveSecretsManagerToTheFunctionsThatReadASecret_andToNoPackageWithoutOne() {
        // the functions that read the master secret (or, the authorizer, the website's API key)
        Set<String> readers = new TreeSet<>();
        ApiRoutes.ALL.stream().filter(route -> route.uses().contains(ApiRoutes.Uses.MASTER_SECRET))
                .map(Route::function).forEach(readers::add);
        WorkflowTasks.ALL.stream().filter(task -> task.needs().contains(WorkflowTasks.Needs.MASTER_SECRET))
                .map(WorkflowTasks.Task::name).forEach(readers::add);
        readers.add(LambdaPackages.AUTHORIZER_FUNCTION);
        assertThat(readers).containsExactlyInAnyOrder("IssueAnonymousToken", "CheckSession", "IssueTerminalTicket",
                LambdaPackages.AUTHORIZER_FUNCTION, "PrepareLaunch", "AwaitSsh");

        Set<Package> readersPackages = LambdaPackages.all().stream().filter(a -> readers.contains(a.name()))
                .map(Assignment::pack).collect(Collectors.toSet());
        readersPackages.forEach(pack -> assertThat(pack.libraries()).as(pack.name()).contains(Library.SECRETS_MANAGER));
        Stream.of(Package.values()).filter(pack -> pack.libraries().contains(Library.SECRETS_MANAGER))
                .forEach(pack -> assertThat(readersPackages).as(pack + " carries Secrets Manager for a reader").contains(pack));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void package_shouldHoldTheHandlerClassAndTheCatalog_forEveryFunction(Assignment function) {
        Set<String> entries = entries(function.pack());

        assertThat(entries).as(function.pack().path())
                .contains(function.handler().getName().replace('.', '/') + ".class")
                .contains("scenarios/nginx-wont-start/scenario.yaml");
    }

    @ParameterizedTest
    @EnumSource(Package.class)
    void package_shouldCarryExactlyItsLibraries_andNoOtherHttpClient(Package pack) {
        Set<String> jars = entries(pack).stream().filter(entry -> entry.startsWith("lib/") && entry.endsWith(".jar"))
                .map(entry -> entry.substring("lib/".length())).collect(Collectors.toCollection(TreeSet::new));

        for (String always : EVERY_PACKAGE) {
            assertThat(jars).as(pack + " " + always).anyMatch(jar -> jar.startsWith(always));
        }
        JARS.forEach((library, prefixes) -> {
            for (String prefix : prefixes) {
                assertThat(jars.stream().anyMatch(jar -> jar.startsWith(prefix)))
                        .as(pack + " carries " + prefix + " exactly when it lists " + library)
                        .isEqualTo(pack.libraries().contains(library));
            }
        });
        assertThat(jars).as(pack + ": no SDK EC2 client, the reaper calls EC2's Query API (docs/decisions/0020)")
                .noneMatch(jar -> jar.startsWith("ec2-"));
        assertThat(jars).as(pack + ": url-connection only (STYLE.md)").noneMatch(jar -> jar.startsWith("apache-client")
                || jar.startsWith("apache5-client") || jar.startsWith("netty-") || jar.startsWith("httpclient"));
        assertThat(jars).as(pack + ": one logging backend, Logback (docs/decisions/0019)")
                .noneMatch(jar -> jar.startsWith("log4j-") || jar.startsWith("powertools-logging-log4j"));
        assertThat(jars).as(pack + ": API Gateway's events are unpacked, joda-time is for other triggers")
                .noneMatch(jar -> jar.startsWith("aws-lambda-java-events") || jar.startsWith("joda-time"));
    }

    @ParameterizedTest
    @EnumSource(Package.class)
    void package_shouldMeetTheSizeGoal(Package pack) throws IOException {
        long bytes = Files.size(ROOT.lambdaPackage(pack));

        assertThat(bytes).as(pack + " (" + pack.path() + ")").isLessThanOrEqualTo(LambdaPackages.SIZE_GOAL_BYTES);
    }

    @Test
    void app_shouldDeployEachFunctionFromItsOwnPackage_always() {
        // given the shared app, whose stand-in packages are one distinct zip per Package
        TestApps.Synthesized app = TestApps.shared();
        Map<String, Package> byHandler = new HashMap<>();
        LambdaPackages.all().forEach(a -> byHandler.put(a.handler().getName() + "::handleRequest", a.pack()));

        // when reading each function's code from the templates
        Map<Package, Set<String>> keys = new HashMap<>();
        for (JsonNode template : List.of(app.template(app.stacks().api()), app.template(app.stacks().workflow()))) {
            resources(template, "AWS::Lambda::Function").forEach((id, function) -> {
                JsonNode properties = function.path("Properties");
                Package pack = byHandler.get(properties.path("Handler").asText());
                assertThat(pack).as(id + " runs a handler LambdaPackages knows").isNotNull();
                keys.computeIfAbsent(pack, p -> new TreeSet<>()).add(properties.path("Code").path("S3Key").asText());
            });
        }

        // then the functions of one package share one asset, and no two packages share one
        assertThat(keys.keySet()).containsExactlyInAnyOrder(Package.values());
        keys.forEach((pack, assets) -> assertThat(assets).as(pack.name()).hasSize(1));
        assertThat(keys.values().stream().flatMap(Set::stream).distinct().count()).isEqualTo(Package.values().length);
    }

    private static final Map<Package, Set<String>> ENTRIES = Collections.synchronizedMap(new HashMap<>());

    private static Set<String> entries(Package pack) {
        return ENTRIES.computeIfAbsent(pack, p -> {
            try (ZipFile zip = new ZipFile(ROOT.lambdaPackage(p).toFile())) {
                return zip.stream().map(ZipEntry::getName).collect(Collectors.toUnmodifiableSet());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
