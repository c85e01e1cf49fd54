// SPDX-License-Identifier: Apache-2.0
package io.pontoon.it.docker;

import io.pontoon.api.rest.SandboxView;
import io.pontoon.testkit.Await;
import io.pontoon.testkit.ExecResult;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabHosts;
import io.pontoon.testkit.Privileged;
import io.pontoon.testkit.daemon.PontoonDaemon;
import io.pontoon.testkit.peers.DockerPeer;
import io.pontoon.testkit.peers.EtcdPeer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.pontoon.it.docker.DockerChecks.IMAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Overlay networks through the Docker plugin: h1 and h2 each run dockerd and a Pontoon daemon
 * joined to one etcd (in h3, which runs a third Pontoon daemon without Docker). The overlay is
 * created once with Pontoon; each dockerd gets its own handle on it ({@code -o
 * pontoon.network=ov1} with Pontoon's IPAM bound the same way). Containers on both hosts and a
 * Pontoon sandbox on h3 reach each other by address; a published port answers from another
 * host; a disconnect withdraws the endpoint from the other host's kernel; {@code docker network
 * rm} removes only the handle; Docker's own IPAM is refused.
 */
@Privileged
@LabHosts(count = 3)
@Timeout(600)
class DockerOverlayIT
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUBNET = "10.216.0.0/24";

    /** One host: its dockerd and its Pontoon daemon (docker null on h3). dockerds close first. */
    private record Node(Lab.Host host, DockerPeer docker, PontoonDaemon pontoon)
    {
    }

    private static Node node(final Lab.Host h, final String etcd, final boolean withDocker, final List<AutoCloseable> open)
    {
        final DockerPeer docker = withDocker ? DockerPeer.start(h) : null;
        if (docker != null)
        {
            open.add(0, docker);
        }
        final List<String> args = new ArrayList<>(List.of("--cluster-store", etcd, "--advertise", h.underlayIp(),
            "--host-name", h.name(), "--cluster-ttl", "6", "--cluster-timeout", "2"));
        args.addAll(docker == null ? List.of("--docker-plugin", "off")
            : List.of("--docker-plugin", "on", "--docker-plugin-dir", docker.pluginDir().toString()));
        final PontoonDaemon p = PontoonDaemon.start(h, args.toArray(String[]::new));
        open.add(p);
        if (docker != null)
        {
            docker.importBusybox(IMAGE);
        }
        return new Node(h, docker, p);
    }

    /** {@code docker network create}: the handle on ov1 with Pontoon's IPAM bound to it. */
    private static ExecResult handle(final DockerPeer d, final String name, final String... extra)
    {
        final List<String> a = new ArrayList<>(List.of("network", "create", "-d", "pontoon", "--ipam-driver", "pontoon",
            "--ipam-opt", "pontoon.network=ov1", "-o", "pontoon.network=ov1"));
        a.addAll(List.of(extra));
        a.add(name);
        return d.docker(a.toArray(String[]::new));
    }

    private static boolean ping(final DockerPeer d, final String container, final String ip)
    {
        for (int i = 0; i < 3; i++)
        {
            if (d.docker("exec", container, "ping", "-c1", "-W1", ip).ok())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code h}'s kernel has Pontoon's entries for a remote endpoint: {@code ip neigh ... nud
     * permanent} for {@code ip}, {@code bridge fdb ... dst VTEP self permanent} for {@code mac}.
     */
    private static boolean programmed(final Lab.Host h, final String ip, final String mac)
    {
        return h.execOk("ip", "-4", "neigh", "show", "to", ip).contains("PERMANENT")
            && h.execOk("bridge", "fdb", "show").lines().anyMatch(l -> l.startsWith(mac.toLowerCase()) && l.contains(" dst "));
    }

    @Test
    void dockerContainersOnTwoHostsShareAnOverlayNetwork(final Lab lab) throws Exception
    {
        final List<AutoCloseable> open = new ArrayList<>();
        try
        {
            final Lab.Host h3 = lab.host("h3");
            final EtcdPeer etcd = EtcdPeer.start(h3, "--heartbeat-interval=50", "--election-timeout=300");
            final String url = "etcd://" + h3.underlayIp() + ":" + EtcdPeer.CLIENT_PORT;
            final Node n1 = node(lab.host("h1"), url, true, open);
            final Node n2 = node(lab.host("h2"), url, true, open);
            final Node n3 = node(h3, url, false, open);
            n1.pontoon().cliOk("network", "create", "-d", "overlay", "--subnet", SUBNET, "ov1");
            final String ovId = n1.pontoon().network("ov1").id();
            Await.until("ov1 mirrored on h2", WAIT, () -> n2.pontoon().cli("network", "inspect", "ov1").ok());

            // Docker's own IPAM hands out the same addresses on every host: refused
            final ExecResult own = n1.docker().docker("network", "create", "-d", "pontoon", "-o", "pontoon.network=ov1", "bad");
            assertFalse(own.ok(), own.describe());
            assertTrue(own.stderr().contains("needs Pontoon's IPAM") && own.stderr().contains("--ipam-opt pontoon.network=ov1"),
                own.stderr());
            final ExecResult wrong = handle(n1.docker(), "bad", "--subnet", "10.217.0.0/24");
            assertFalse(wrong.ok(), wrong.describe());
            assertTrue(wrong.stderr().contains("is not the subnet " + SUBNET + " of global network ov1"), wrong.stderr());

            final ExecResult noOpt = n1.docker().docker("network", "create", "-d", "pontoon", "--ipam-driver", "pontoon",
                "--ipam-opt", "pontoon.network=ov1", "bad");
            assertFalse(noOpt.ok(), noOpt.describe());
            assertTrue(noOpt.stderr().contains("needs -o pontoon.network=NAME too"), noOpt.stderr());

            // one handle per dockerd, each with its own Docker id, both bound to ov1
            assertTrue(handle(n1.docker(), "dov1").ok());
            final ExecResult h2net = handle(n2.docker(), "dov1", "--subnet", SUBNET);
            assertTrue(h2net.ok(), h2net.describe());
            final String dockerId1 = n1.docker().dockerOk("network", "inspect", "-f", "{{.Id}}", "dov1").trim();
            assertNotEquals(dockerId1, n2.docker().dockerOk("network", "inspect", "-f", "{{.Id}}", "dov1").trim());
            assertEquals(SUBNET, n1.docker().dockerOk("network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", "dov1")
                .trim());

            DockerChecks.runHttpd(n1.docker(), "c1", "dov1", 8080);
            n2.docker().dockerOk("run", "-d", "--name", "c2", "--network", "dov1", IMAGE, "sleep", "3600");
            n3.pontoon().cliOk("run", "-d", "--name", "s3", "--network", "ov1", "sleep", "3600");
            final String a1 = DockerChecks.ip(n1.docker(), "c1", "dov1");
            final String a2 = DockerChecks.ip(n2.docker(), "c2", "dov1");
            final SandboxView s3 = n3.pontoon().inspect("s3");
            final String a3 = s3.endpoints().getFirst().ipAddress().replaceFirst("/.*", "");
            assertEquals(3, new java.util.TreeSet<>(List.of(a1, a2, a3)).size(), a1 + " " + a2 + " " + a3);
            for (final String a : List.of(a1, a2, a3))
            {
                assertTrue(a.startsWith("10.216.0."), a);
            }

            // across hosts by address, both ways, and to and from the Pontoon sandbox on h3
            assertTrue(ping(n1.docker(), "c1", a2), "c1 (h1) -> c2 (h2)");
            assertTrue(ping(n2.docker(), "c2", a1), "c2 (h2) -> c1 (h1)");
            assertTrue(ping(n2.docker(), "c2", a3), "c2 (h2) -> s3 (Pontoon on h3)");
            assertTrue(n3.pontoon().nsExec(s3, "ping", "-c1", "-W2", a1).ok(), "s3 (h3) -> c1 (h1)");
            assertTrue(n2.docker().docker("exec", "c2", "wget", "-q", "-O", "/dev/null", "http://" + a1 + "/passwd").ok(),
                "c2 fetches from c1's httpd across hosts");

            // -p on the overlay: h1 publishes 8080 to c1, answered from h2 and h3
            Await.until("published 8080 from h2", WAIT, () -> "200".equals(DockerChecks.httpStatus(n2.host(),
                n1.host().underlayIp(), 8080)));
            assertEquals("200", DockerChecks.httpStatus(h3, n1.host().underlayIp(), 8080));

            // disconnect withdraws c2's endpoint from h1's neighbour table and FDB; connect brings it back
            final String mac2 = n2.docker().dockerOk("inspect", "-f",
                "{{(index .NetworkSettings.Networks \"dov1\").MacAddress}}", "c2").trim();
            assertFalse(mac2.isEmpty());
            Await.until("c2 programmed on h1", WAIT, () -> programmed(n1.host(), a2, mac2));
            n2.docker().dockerOk("network", "disconnect", "dov1", "c2");
            Await.until("c2 withdrawn from h1", WAIT, () -> !programmed(n1.host(), a2, mac2));
            assertFalse(ping(n1.docker(), "c1", a2), "c1 -> c2 after disconnect");
            n2.docker().dockerOk("network", "connect", "dov1", "c2");
            final String again = DockerChecks.ip(n2.docker(), "c2", "dov1");
            assertTrue(ping(n1.docker(), "c1", again), "c1 -> c2 after connect");

            // Pontoon on h2 restarts: the binding and c2's endpoint come back from its store
            n2.pontoon().kill9();
            n2.pontoon().restart();
            assertTrue(ping(n1.docker(), "c1", again), "c1 -> c2 after Pontoon on h2 restarted");
            n2.docker().dockerOk("run", "-d", "--name", "c4", "--network", "dov1", IMAGE, "sleep", "3600");
            assertTrue(ping(n2.docker(), "c4", a1), "a new container on h2's handle after the restart -> c1");

            // rm of a container withdraws it too; h1 then leaves the network (no endpoint left)
            final String mac1 = n1.docker().dockerOk("inspect", "-f",
                "{{(index .NetworkSettings.Networks \"dov1\").MacAddress}}", "c1").trim();
            n1.docker().dockerOk("rm", "-f", "c1");
            Await.until("c1 withdrawn from h2", WAIT, () -> !programmed(n2.host(), a1, mac1));
            assertNotEquals("200", DockerChecks.httpStatus(n2.host(), n1.host().underlayIp(), 8080));

            // docker network rm removes the handle only: ov1 lives on, h2's handle still works
            n1.docker().dockerOk("network", "rm", "dov1");
            assertTrue(n1.pontoon().cli("network", "inspect", "ov1").ok());
            assertEquals(ovId, n3.pontoon().network("ov1").id());
            final String store = DockerChecks.storeListing(n1.pontoon());
            assertFalse(store.contains(dockerId1), "the binding outlived the handle\n" + store);
            assertTrue(ping(n2.docker(), "c2", a3), "c2 -> s3 after h1's handle went");
            n2.docker().dockerOk("rm", "-f", "c2", "c4");
            n2.docker().dockerOk("network", "rm", "dov1");
            n3.pontoon().cliOk("rm", "-f", "s3");
            n1.pontoon().cliOk("network", "rm", "ov1");
        }
        finally
        {
            closeAll(open);
        }
    }

    private static void closeAll(final List<AutoCloseable> open) throws Exception
    {
        Exception first = null;
        for (final AutoCloseable c : open)
        {
            try
            {
                c.close();
            }
            catch (final Exception e)
            {
                if (first == null)
                {
                    first = e;
                }
                else
                {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null)
        {
            throw first;
        }
    }
}
