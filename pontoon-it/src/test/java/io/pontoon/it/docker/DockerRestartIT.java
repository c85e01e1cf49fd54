// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.docker;

import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.Spawned;
import io.pontoon.testkit.daemon.PontoonDaemon;
import io.pontoon.testkit.peers.DockerOptions;
import io.pontoon.testkit.peers.DockerPeer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.pontoon.it.docker.DockerChecks.IMAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restarts of dockerd and of Pontoon, in every order, with containers on pontoon networks: the
 * running containers never lose a ping, and afterwards Docker's calls (run, connect,
 * disconnect, published ports, network rm) work, and {@code docker network rm} leaves no link,
 * address, nftables rule or store entry of Pontoon's behind.
 */
@Privileged
@LabHosts(count = 2)
class DockerRestartIT
{
    /** dockerd waits up to ~15 s per plugin lookup while Pontoon is down, several times over. */
    private static final Duration SLOW_START = Duration.ofMinutes(5);
    private static final String NET = "dr1";
    private static final String OTHER = "dr2";

    /** The containers and networks every test starts from: c1, c2 (httpd, -p 8080) on dr1, o1 on dr2. */
    private record Setup(DockerPeer docker, PontoonDaemon pontoon, String netId, List<String> endpoints)
    {
    }

    private static Setup setUp(final Lab.Host h, final DockerOptions options)
    {
        final DockerPeer docker = DockerPeer.start(h, options);
        final PontoonDaemon pontoon;
        try
        {
            pontoon = PontoonDaemon.start(h, "--docker-plugin", "on", "--docker-plugin-dir", docker.pluginDir().toString());
        }
        catch (final RuntimeException | Error e)
        {
            docker.close();
            throw e;
        }
        try
        {
            docker.importBusybox(IMAGE);
            docker.dockerOk("network", "create", "-d", "pontoon", "--ipam-driver", "pontoon", "--subnet", "10.212.0.0/24",
                "-o", "pontoon.name=" + NET, NET);
            docker.dockerOk("network", "create", "-d", "pontoon", "--subnet", "10.213.0.0/24", OTHER);
            final List<String> restart = options.liveRestore() ? List.of() : List.of("--restart", "always");
            final List<String> c1 = new ArrayList<>(List.of("run", "-d", "--name", "c1", "--network", NET));
            c1.addAll(restart);
            c1.addAll(List.of(IMAGE, "sleep", "3600"));
            docker.dockerOk(c1.toArray(String[]::new));
            DockerChecks.runHttpd(docker, "c2", NET, 8080, restart.toArray(String[]::new));
            docker.dockerOk("run", "-d", "--name", "o1", "--network", OTHER, IMAGE, "sleep", "3600");
            final String netId = docker.dockerOk("network", "inspect", "-f", "{{.Id}}", NET).trim();
            return new Setup(docker, pontoon, netId, new ArrayList<>(List.of(DockerChecks.endpointId(docker, "c1", NET),
                DockerChecks.endpointId(docker, "c2", NET))));
        }
        catch (final RuntimeException | Error e)
        {
            pontoon.close();
            docker.close();
            throw e;
        }
    }

    /** Removes every container and both networks, then checks that nothing of dr1 is left. */
    private static void removeAll(final Setup s, final Lab.Host h, final List<Integer> ports)
    {
        for (final String c : s.docker.dockerOk("ps", "-aq").lines().map(String::trim).filter(l -> !l.isEmpty()).toList())
        {
            final String ep = s.docker.dockerOk("inspect", "-f", "{{with index .NetworkSettings.Networks \"" + NET
                + "\"}}{{.EndpointID}}{{end}}", c).trim();
            if (!ep.isEmpty())
            {
                s.endpoints.add(ep);
            }
        }
        s.docker.dockerOk("rm", "-f", "c1", "c2", "o1");
        s.docker.dockerOk("ps", "-aq").lines().filter(l -> !l.isBlank()).forEach(c -> s.docker.dockerOk("rm", "-f", c.trim()));
        s.docker.dockerOk("network", "rm", NET, OTHER);
        DockerChecks.assertNoTrace(h, s.pontoon, s.netId, NET, "10.212.0.", s.endpoints, ports);
    }

    @Test
    void dockerdRestartsAndCrashesWithLiveRestoreWhilePontoonRuns(final Lab lab)
    {
        final Lab.Host h1 = lab.hosts().get(0);
        final Lab.Host h2 = lab.hosts().get(1);
        final Setup s = setUp(h1, DockerOptions.defaults().withLiveRestore(true));
        try (PontoonDaemon pontoon = s.pontoon; DockerPeer docker = s.docker)
        {
            final Spawned ping = DockerChecks.startPinger(docker, "c1", DockerChecks.ip(docker, "c2", NET));
            docker.stopDockerd();
            DockerChecks.awaitReplies(ping, 5);
            assertEquals("200", DockerChecks.httpStatus(h2, h1.underlayIp(), 8080), "published port while dockerd is down");
            docker.startDockerd();
            DockerChecks.awaitReplies(ping, 5);
            DockerChecks.assertDockerWorks(docker, h2, NET, "r1", 8081);

            docker.killDockerd();
            DockerChecks.awaitReplies(ping, 5);
            docker.startDockerd();
            DockerChecks.assertDockerWorks(docker, h2, NET, "r2", 8082);
            DockerChecks.assertNoLoss(ping, "c1 -> c2 across two dockerd restarts");
            ping.kill();

            final ExecResult busy = pontoon.cli("network", "rm", NET);
            assertFalse(busy.ok(), busy.describe());
            assertTrue(busy.stderr().contains("of a container runtime (Docker or CNI)") && busy.stderr().contains("ep-"),
                busy.stderr());
            removeAll(s, h1, List.of(8080, 8081, 8082));
        }
    }

    @Test
    void pontoonAndDockerdRestartInBothOrders(final Lab lab)
    {
        final Lab.Host h1 = lab.hosts().get(0);
        final Lab.Host h2 = lab.hosts().get(1);
        final Setup s = setUp(h1, DockerOptions.defaults().withLiveRestore(true));
        try (PontoonDaemon pontoon = s.pontoon; DockerPeer docker = s.docker)
        {
            // Docker's own bridge driver with Pontoon's IPAM: the pool is Docker's, not an orphan
            docker.dockerOk("network", "create", "-d", "bridge", "--ipam-driver", "pontoon", "--subnet", "10.214.0.0/24", "db1");
            docker.dockerOk("run", "-d", "--name", "d1", "--network", "db1", IMAGE, "sleep", "3600");
            final String d1 = DockerChecks.ip(docker, "d1", "db1");
            final Spawned ping = DockerChecks.startPinger(docker, "c1", DockerChecks.ip(docker, "c2", NET));
            // Pontoon dies, dockerd restarts without it (its plugin lookups time out), Pontoon comes back
            pontoon.kill9();
            docker.stopDockerd();
            docker.startDockerd(SLOW_START);
            System.err.println("dockerd started without Pontoon in " + docker.startupTime().toMillis() + " ms");
            DockerChecks.awaitReplies(ping, 5);
            pontoon.restart();
            DockerChecks.assertDockerWorks(docker, h2, NET, "a", 8081);
            // the gateway stays taken in Pontoon's IPAM across the restart
            final ExecResult gw = docker.docker("run", "--rm", "--network", NET, "--ip", "10.212.0.1", IMAGE, "true");
            assertTrue(!gw.ok() && gw.stderr().contains("10.212.0.1 is already in use"),
                "Pontoon's IPAM handed out the gateway's address\n" + gw.describe());
            final ExecResult taken = docker.docker("run", "--rm", "--network", "db1", "--ip", d1, IMAGE, "true");
            assertTrue(!taken.ok() && taken.stderr().contains(d1 + " is already in use"),
                "Pontoon's IPAM handed out d1's address again\n" + taken.describe());
            assertTrue(docker.docker("exec", "d1", "ping", "-c1", "-W2", "10.214.0.1").ok(), "d1 -> its gateway");

            // dockerd stops, Pontoon restarts meanwhile, dockerd comes back
            docker.stopDockerd();
            pontoon.kill9();
            pontoon.restart();
            DockerChecks.awaitReplies(ping, 5);
            docker.startDockerd();
            DockerChecks.assertDockerWorks(docker, h2, NET, "b", 8082);
            DockerChecks.assertNoLoss(ping, "c1 -> c2 across both orders of restarts");
            ping.kill();
            docker.dockerOk("rm", "-f", "d1");
            docker.dockerOk("network", "rm", "db1");
            final String store = DockerChecks.storeListing(pontoon);
            assertFalse(store.contains("10.214.0."), "db1's pool outlived it\n" + store);
            removeAll(s, h1, List.of(8080, 8081, 8082));
        }
    }

    @Test
    void withoutLiveRestoreDockerdRestartsContainersAndJoinsThemAgain(final Lab lab)
    {
        final Lab.Host h1 = lab.hosts().get(0);
        final Lab.Host h2 = lab.hosts().get(1);
        final Setup s = setUp(h1, DockerOptions.defaults());
        try (PontoonDaemon pontoon = s.pontoon; DockerPeer docker = s.docker)
        {
            docker.stopDockerd();
            docker.startDockerd();
            // c1 and c2 (--restart always) came back with new endpoints; o1 stays stopped
            docker.dockerOk("start", "o1");
            s.endpoints.add(DockerChecks.endpointId(docker, "c1", NET));
            s.endpoints.add(DockerChecks.endpointId(docker, "c2", NET));
            DockerChecks.assertDockerWorks(docker, h2, NET, "n1", 8081);

            // dockerd crashes, Pontoon restarts while it is down: dockerd kills the containers it
            // finds at start (no live-restore), drops their endpoints and starts them again
            docker.killDockerd();
            pontoon.restart();
            docker.startDockerd(SLOW_START);
            docker.docker("start", "o1");
            s.endpoints.add(DockerChecks.endpointId(docker, "c1", NET));
            s.endpoints.add(DockerChecks.endpointId(docker, "c2", NET));
            DockerChecks.assertDockerWorks(docker, h2, NET, "n2", 8082);
            removeAll(s, h1, List.of(8080, 8081, 8082));
        }
    }
}
