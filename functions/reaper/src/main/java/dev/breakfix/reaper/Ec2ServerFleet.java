package dev.breakfix.reaper;

import dev.breakfix.aws.ec2.Ec2Servers;
import dev.breakfix.server.ServerFleet;
import dev.breakfix.server.ServerId;
import java.util.List;

/** The EC2 instances tagged {@code breakfix:managed=true} that are not terminated, as the reaper sees them. */
final class Ec2ServerFleet implements ServerFleet {
    private final Ec2Servers ec2;

    Ec2ServerFleet(Ec2Servers ec2) {
        this.ec2 = ec2;
    }

    @Override
    public List<Item> servers() {
        return ec2.listManaged().stream()
                .map(server -> new Item(server.id(), server.session(), server.deadline(), server.launchedAt()))
                .toList();
    }

    @Override
    public void terminate(ServerId server) {
        ec2.terminate(server);
    }
}
