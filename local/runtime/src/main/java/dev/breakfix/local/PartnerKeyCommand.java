package dev.breakfix.local;

import dev.breakfix.aws.AwsClients;
import dev.breakfix.aws.dynamodb.DynamoDbPartnerKeys;
import dev.breakfix.aws.dynamodb.Tables;
import dev.breakfix.identity.IssuingPartnerKey;
import dev.breakfix.identity.Partner;
import dev.breakfix.identity.UsageLimits;
import dev.breakfix.local.emulators.Dynalite;
import dev.breakfix.local.identity.LocalEndpoints;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code ./breakfix partner-key}: partners and their API keys in the running local platform.
 * <pre>
 *   PartnerKeyCommand --state DIR create NAME [--rate R] [--quota N]
 *   PartnerKeyCommand --state DIR list
 * </pre>
 * {@code create} prints the new key alone on standard output, once (breakfix keeps only its hash), and
 * what it may do on standard error. On AWS, keys are API Gateway API keys in usage plans; see
 * docs/decisions/0016 for the operator's steps.
 */
public final class PartnerKeyCommand {
    static final String USAGE = "usage: ./breakfix partner-key create NAME [--rate R] [--quota N] | list";

    private PartnerKeyCommand() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(args);
        Path state = null;
        if (rest.size() >= 2 && rest.get(0).equals("--state")) {
            state = Path.of(rest.get(1));
            rest = rest.subList(2, rest.size());
        }
        if (state == null || rest.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        Optional<URI> dynamo = LocalEndpoints.dynamoDb(state);
        if (dynamo.isEmpty()) {
            err.println("breakfix: the platform is not running (start it with ./breakfix up); partner keys live in its data");
            return 1;
        }
        try (DynamoDbClient client = AwsClients.dynamoDb(new AwsClients.Emulator(dynamo.get(), Dynalite.ACCESS_KEY,
                Dynalite.SECRET_KEY))) {
            DynamoDbPartnerKeys keys = new DynamoDbPartnerKeys(client, Tables.PARTNER_KEYS.id());
            switch (rest.get(0)) {
                case "create":
                    return create(rest.subList(1, rest.size()), keys, out, err);
                case "list":
                    return list(keys, out);
                default:
                    err.println(USAGE);
                    return 2;
            }
        }
    }

    private static int create(List<String> args, DynamoDbPartnerKeys keys, PrintStream out, PrintStream err) {
        String name = null;
        Optional<Integer> rate = Optional.empty();
        Optional<Long> quota = Optional.empty();
        try {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--rate") && i + 1 < args.size()) {
                    rate = Optional.of(Integer.parseInt(args.get(++i)));
                } else if (arg.equals("--quota") && i + 1 < args.size()) {
                    quota = Optional.of(Long.parseLong(args.get(++i)));
                } else if (!arg.startsWith("--") && name == null) {
                    name = arg;
                } else {
                    err.println(USAGE);
                    return 2;
                }
            }
        } catch (NumberFormatException e) {
            err.println("breakfix: --rate and --quota take whole numbers");
            return 2;
        }
        if (name == null) {
            err.println(USAGE);
            return 2;
        }
        IssuingPartnerKey.Result result = new IssuingPartnerKey(keys, Clock.systemUTC())
                .issue(new IssuingPartnerKey.Command(name, rate, quota));
        if (result instanceof IssuingPartnerKey.Result.Invalid invalid) {
            err.println("breakfix: " + invalid.reason());
            return 2;
        }
        IssuingPartnerKey.Result.Issued issued = (IssuingPartnerKey.Result.Issued) result;
        out.println(issued.key().reveal());
        err.println("partner " + describe(issued.partner()));
        err.println("The key above is shown once: breakfix keeps only its hash. Call the API with the headers"
                + " x-api-key: <key> and X-Candidate: <your id for the candidate>.");
        return 0;
    }

    private static int list(DynamoDbPartnerKeys keys, PrintStream out) {
        List<Partner> partners = keys.list();
        if (partners.isEmpty()) {
            out.println("no partners yet: ./breakfix partner-key create NAME");
        }
        partners.forEach(p -> out.println(describe(p)));
        return 0;
    }

    private static String describe(Partner partner) {
        UsageLimits limits = partner.limits();
        return partner.id() + " \"" + partner.name() + "\": " + limits.ratePerSecond() + " requests/s (burst "
                + limits.burst() + "), " + limits.dailyQuota() + " requests/day (UTC), created " + partner.createdAt();
    }
}
