// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Privileged
class PodmanPeerTest
{
    @Test
    @LabHosts(count = 1)
    void aContainerOnTheReferenceBridgePingsItsGatewayAndRmRemovesIt(final Lab lab)
    {
        final Lab.Host h1 = lab.host("h1");
        final List<String> linksBefore = PeerAssertions.rootLinks();
        final PodmanPeer podman = PodmanPeer.start(h1);
        final List<Long> pids;
        final List<Path> cgroups = new ArrayList<>();
        final Path pin;
        try (podman)
        {
            System.out.println("[peer-timing] PodmanPeer.start " + podman.startupTime().toMillis() + " ms");
            long t0 = System.nanoTime();
            podman.importBusybox("pt-busybox");
            System.out.println("[peer-timing] PodmanPeer.importBusybox " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
            podman.writeConflist("ptref", podman.bridgeConflist("ptref", "ptref0", "10.200.7.0/24"));
            assertTrue(podman.podmanOk("network", "ls", "--format", "{{.Name}}").contains("ptref"));

            t0 = System.nanoTime();
            podman.podmanOk("run", "-d", "--name", "p1", "--network", "ptref", "pt-busybox", "sleep", "600");
            System.out.println("[peer-timing] podman run -d " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
            assertTrue(podman.podmanOk("exec", "p1", "ip", "-4", "addr", "show", "eth0").contains("10.200.7."));
            assertTrue(podman.podman("exec", "p1", "ping", "-c1", "-W2", "10.200.7.1").ok(), "p1 cannot ping its gateway");
            assertEquals("1024\n4096\n", podman.podmanOk("exec", "p1", "sh", "-c", "ulimit -n; ulimit -u"));
            assertTrue(h1.execOk("ip", "-o", "-4", "addr", "show", "dev", "ptref0").contains("10.200.7.1/24"));
            assertFalse(PeerAssertions.rootLinks().contains("ptref0"));

            pin = Path.of(podman.podmanOk("inspect", "--format", "{{.NetworkSettings.SandboxKey}}", "p1").trim());
            assertTrue(Files.exists(pin), pin.toString());
            final String cid = podman.podmanOk("inspect", "--format", "{{.Id}}", "p1").trim();
            cgroups.addAll(PeerCgroups.dirs("libpod_parent/libpod-" + cid));
            assertTrue(cgroups.stream().anyMatch(Files::isDirectory), cgroups.toString());
            assertTrue(Files.exists(podman.cniDataDir().resolve("ptref/10.200.7.2")), "host-local lease not in the private dataDir");

            podman.podmanOk("rm", "-f", "-t", "0", "p1");
            assertEquals("", podman.podmanOk("ps", "-aq"));
            assertFalse(Files.exists(pin), "podman rm left the netns pin " + pin);
            assertTrue(cgroups.stream().noneMatch(Files::exists), "podman rm left cgroups " + cgroups);

            podman.podmanOk("run", "-d", "--name", "p2", "--network", "ptref", "pt-busybox", "sleep", "600");
            pids = podman.pids();
            assertTrue(pids.size() >= 2, "conmon and sleep: " + pids);
            cgroups.addAll(PeerCgroups.dirs(podman.cgroupName()));
            final long t1 = System.nanoTime();
            podman.close();
            System.out.println("[peer-timing] PodmanPeer.close (1 running container) " + Duration.ofNanos(System.nanoTime() - t1).toMillis() + " ms");
        }
        PeerAssertions.assertRemoved(podman.toString(), pids, podman.dir(), cgroups, linksBefore);
    }

    @Test
    @LabHosts(count = 1)
    void closeRemovesRunningContainersTheirNetnsPinsAndOverlayMounts(final Lab lab)
    {
        final List<String> linksBefore = PeerAssertions.rootLinks();
        final PodmanPeer podman = PodmanPeer.start(lab.host("h1"), "overlay");
        final List<Long> pids;
        final List<Path> cgroups = new ArrayList<>();
        final Path pin;
        try (podman)
        {
            System.out.println("[peer-timing] PodmanPeer.start (overlay) " + podman.startupTime().toMillis() + " ms");
            podman.importBusybox("pt-busybox");
            podman.writeConflist("ptref", podman.bridgeConflist("ptref", "ptref0", "10.200.8.0/24"));
            podman.podmanOk("run", "-d", "--name", "p1", "--network", "ptref", "-p", "8080:80", "pt-busybox", "httpd", "-f", "-p", "80");
            final String cid = podman.podmanOk("inspect", "--format", "{{.Id}}", "p1").trim();
            pin = Path.of(podman.podmanOk("inspect", "--format", "{{.NetworkSettings.SandboxKey}}", "p1").trim());
            assertFalse(PeerFiles.mountsUnder(podman.dir()).isEmpty(), "overlay should mount the container's root");
            cgroups.addAll(PeerCgroups.dirs("libpod_parent/libpod-" + cid));
            cgroups.addAll(PeerCgroups.dirs(podman.cgroupName()));
            pids = podman.pids();
        }
        PeerAssertions.assertRemoved(podman.toString(), pids, podman.dir(), cgroups, linksBefore);
        assertFalse(Files.exists(pin), pin.toString());
    }
}
