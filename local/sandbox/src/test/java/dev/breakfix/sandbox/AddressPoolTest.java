package dev.breakfix.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressPoolTest {

    @Test
    void lease_shouldGiveEachServerItsOwnSlash30_whenServersLeaseInTurn(@TempDir Path leases) {
        // given
        AddressPool pool = new AddressPool(leases, leases.resolveSibling("servers"), "10.200.0.0", 16);

        // when
        AddressPool.Slot first = pool.lease("bfx-aaaaaaaa");
        AddressPool.Slot second = pool.lease("bfx-bbbbbbbb");

        // then
        assertThat(first).isEqualTo(new AddressPool.Slot(0, "10.200.0.1", "10.200.0.2"));
        assertThat(second).isEqualTo(new AddressPool.Slot(1, "10.200.0.5", "10.200.0.6"));
        assertThat(pool.heldBy("bfx-bbbbbbbb")).hasValue(1);
    }

    @Test
    void release_shouldFreeTheSlotForTheNextServer_whenItsHolderReleasesIt(@TempDir Path leases) {
        // given
        AddressPool pool = new AddressPool(leases, leases.resolveSibling("servers"), "10.200.0.0", 16);
        AddressPool.Slot slot = pool.lease("bfx-aaaaaaaa");

        // when
        pool.release(slot.index(), "bfx-someother");
        AddressPool.Slot stillTaken = pool.lease("bfx-bbbbbbbb");
        pool.release(slot.index(), "bfx-aaaaaaaa");
        AddressPool.Slot reused = pool.lease("bfx-cccccccc");

        // then
        assertThat(stillTaken.index()).isEqualTo(1);
        assertThat(reused.index()).isZero();
    }

    @Test
    void lease_shouldRefuse_whenEverySlotIsTaken(@TempDir Path leases) {
        // given
        AddressPool pool = new AddressPool(leases, leases.resolveSibling("servers"), "10.200.0.0", 1);
        pool.lease("bfx-aaaaaaaa");

        // when / then
        assertThatThrownBy(() -> pool.lease("bfx-bbbbbbbb")).isInstanceOf(SandboxException.class)
                .hasMessageContaining("in use");
    }

    @Test
    void slot_shouldCarryIntoTheNextOctet_whenPastTheFirst64Subnets(@TempDir Path leases) {
        assertThat(new AddressPool(leases, leases.resolveSibling("servers"), "10.200.0.0", 4096).slot(64))
                .isEqualTo(new AddressPool.Slot(64, "10.200.1.1", "10.200.1.2"));
    }

    @Test
    void leases_shouldNameTheServerAndTheServersDirectoryThatTookIt(@TempDir Path dir) {
        // given two runtimes sharing the host's lease directory
        Path leases = dir.resolve("leases");
        AddressPool one = new AddressPool(leases, dir.resolve("one/servers"), "10.200.0.0", 16);
        AddressPool two = new AddressPool(leases, dir.resolve("two/servers"), "10.200.0.0", 16);

        // when each leases a slot
        one.lease("bfx-aaaaaaaa");
        two.lease("bfx-bbbbbbbb");

        // then both see both leases, each with its owner, and never the same slot
        assertThat(one.leases()).extracting(AddressPool.Lease::server, l -> l.owner().orElseThrow())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("bfx-aaaaaaaa", dir.resolve("one/servers").toAbsolutePath()),
                        org.assertj.core.groups.Tuple.tuple("bfx-bbbbbbbb", dir.resolve("two/servers").toAbsolutePath()));
        assertThat(one.leases()).extracting(AddressPool.Lease::index).doesNotHaveDuplicates();
    }
}
